"""The operational plan's own pages: drafting from the budget, the checks, Part 1, the preview and the PDF."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from lib.downloads import download
from plans import job_views, jobs
from plans.access import EDIT_ROLES, get_for_organisation, require_role, staff_plan
from plans.crud import rebind_stale
from plans.models import BudgetOrdinance, OperationalPlan, StaleEdit, User
from projects import checks, tasks
from projects.document import build_document
from projects.forms import DeadlineExtensionForm, IntroductionForm
from projects.introduction import DEFAULTS, default_text
from projects.pdf import render_plan_pdf
from projects.services import DraftError, plan_create_from_budget, plan_draft_from_budget


@require_POST
@login_required
def plan_draft(request, pk: int):
    plan = staff_plan(request, pk, EDIT_ROLES)
    try:
        result = plan_draft_from_budget(plan=plan, user=request.user)
    except DraftError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"ดึงข้อมูลจาก{plan.organisation.words.ordinance}แล้ว: " + result.summary())
    return redirect("projects:activity_list", plan.pk)


@require_POST
@login_required
def plan_from_ordinance(request, pk: int):
    organisation = require_role(request.user, EDIT_ROLES)
    ordinance = get_for_organisation(BudgetOrdinance.objects.select_related("organisation"), organisation, pk=pk)
    try:
        plan, result = plan_create_from_budget(ordinance=ordinance, user=request.user)
    except DraftError as error:
        messages.error(request, str(error))
        return redirect("plans:budgetline_list", ordinance.pk)
    messages.success(request, f"จัดทำร่าง{plan.title}จาก{organisation.words.ordinance}แล้ว: " + result.summary())
    return redirect("projects:activity_list", plan.pk)


def _checks_context(request, plan: OperationalPlan, form) -> dict:
    review = checks.review(plan)
    return {
        "next": quote(request.get_full_path(), safe=""),
        "plan": plan,
        "review": review,
        "problems": review.problems,
        "groups": checks.grouped(review.problems, plan.organisation.words),
        "deadline": checks.deadline_text(plan, timezone.localdate()),
        "form": form,
    }


@login_required
def plan_checks(request, pk: int):
    plan = staff_plan(request, pk)
    offered = request.user.is_executive and not plan.is_announced  # an announced plan's deadline is part of what was announced
    form = DeadlineExtensionForm(instance=plan, organisation=plan.organisation) if offered else None
    return render(request, "projects/plan_checks.html", _checks_context(request, plan, form))


@require_POST
@login_required
def plan_deadline(request, pk: int):
    """The executive records an extension of the 30-day deadline."""
    plan = staff_plan(request, pk, (User.Role.EXECUTIVE,))
    form = DeadlineExtensionForm(request.POST, instance=plan, organisation=plan.organisation)
    if form.is_valid():
        try:
            form.save_checked()
        except StaleEdit:
            messages.error(request, "มีผู้อื่นแก้ไขแผนนี้ไปก่อน กรุณาบันทึกการขยายเวลาอีกครั้ง")
        else:
            messages.success(request, "บันทึกการขยายกำหนดเวลาแล้ว")
        return redirect("projects:plan_checks", plan.pk)
    return render(request, "projects/plan_checks.html", _checks_context(request, plan, form), status=400)


@require_http_methods(["GET", "POST"])
@login_required
def plan_introduction(request, pk: int):
    """ส่วนที่ 1 บทนำ of one plan: the default text until staff change it."""
    plan = staff_plan(request, pk, EDIT_ROLES)
    if not plan.is_editable:
        messages.error(request, f"แผนนี้อยู่ในสถานะ “{plan.get_status_display()}” จึงแก้ไขไม่ได้")
        return redirect("projects:plan_document", plan.pk)
    initial = {field: getattr(plan, field) or default_text(plan, field) for field in DEFAULTS}
    form = IntroductionForm(request.POST or None, instance=plan, initial=initial, organisation=plan.organisation)
    if request.method == "POST" and form.is_valid():
        try:
            form.save_checked()
        except StaleEdit:
            current = OperationalPlan.objects.get(pk=plan.pk)
            form, conflict = rebind_stale(IntroductionForm, request, current, organisation=plan.organisation)
            return render(request, "projects/plan_introduction.html", {"plan": plan, "form": form, **conflict}, status=409)
        messages.success(request, "บันทึกส่วนที่ 1 บทนำแล้ว")
        return redirect("projects:plan_document", plan.pk)
    return render(request, "projects/plan_introduction.html", {"plan": plan, "form": form})


def pdf_estimate_seconds(row_count: int) -> int:
    """What the progress bar expects: about 0.7 s per 100 rows on two cores, plus start-up."""
    return max(2, round(1.5 + row_count * 0.007))


@login_required
def plan_document(request, pk: int):
    plan = staff_plan(request, pk)
    doc = build_document(plan)
    emblem = reverse("emblem", args=[plan.organisation.code]) if plan.organisation.emblem else None
    return render(
        request, "projects/plan_document.html", {"doc": doc, "emblem_url": emblem, "pdf_estimate": pdf_estimate_seconds(doc.row_count)}
    )


@login_required
def plan_pdf(request, pk: int):
    """The PDF made in this request (scripts, and the button without script)."""
    plan = staff_plan(request, pk)
    return download(render_plan_pdf(plan), "application/pdf", tasks.pdf_name(plan))


@require_POST
@login_required
def plan_pdf_job(request, pk: int):
    """The button: the PDF made in the background (joining one already being made); the page follows its progress."""
    plan = staff_plan(request, pk)
    job = tasks.start_plan_pdf(plan, request.user)
    if job_views.wants_json(request):
        return JsonResponse(jobs.state(job), status=202, json_dumps_params={"ensure_ascii": False})
    return redirect("plans:job", job.pk)
