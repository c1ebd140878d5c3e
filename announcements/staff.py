"""Staff pages of approval: submit, return, approve, announce, the signed scan, new editions, the history."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from announcements import history, text
from announcements.documents import context as announcement_context
from announcements.forms import AnnounceForm, EditionForm, EvaluationAnnounceForm, ReturnForm, SignedScanForm, SixMonthAnnounceForm
from announcements.models import Announcement, Review, due_warning, evaluation_due_on
from announcements.services import (
    AnnouncementDraft,
    PlanHasErrors,
    TransitionError,
    announcement_draft,
    evaluation_draft,
    missing_for_signing,
    plan_announce,
    plan_transition,
    report_announce,
    six_month_draft,
)
from plans.access import EDIT_ROLES, require_role, staff_plan
from plans.models import OperationalPlan, User
from projects.editions import EditionError, edition_start


def _step(request, pk: int, action: str, roles, comment: str = ""):
    plan = staff_plan(request, pk, roles)
    try:
        plan_transition(plan=plan, user=request.user, action=action, comment=comment)
    except PlanHasErrors as error:  # the checks page lists what to fix, each with its link
        messages.error(request, str(error))
        return redirect("projects:plan_checks", plan.pk)
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{Review.Action(action).label}แล้ว: {plan.title}")
    return redirect("projects:activity_list", plan.pk)


@require_POST
@login_required
def plan_submit(request, pk: int):
    return _step(request, pk, Review.Action.SUBMIT, EDIT_ROLES)


@require_POST
@login_required
def plan_approve(request, pk: int):
    return _step(request, pk, Review.Action.APPROVE, (User.Role.EXECUTIVE,))


@require_POST
@login_required
def plan_return(request, pk: int):
    form = ReturnForm(request.POST)
    if not form.is_valid():
        staff_plan(request, pk, (User.Role.EXECUTIVE,))
        messages.error(request, form.errors["comment"][0])
        return redirect("projects:activity_list", pk)
    return _step(request, pk, Review.Action.RETURN, (User.Role.EXECUTIVE,), form.cleaned_data["comment"])


@require_http_methods(["GET", "POST"])
@login_required
def plan_announce_view(request, pk: int):
    """The executive reads the generated announcement, edits it if needed, and signs."""
    plan = staff_plan(request, pk, (User.Role.EXECUTIVE,))
    today = timezone.localdate()
    if plan.status != OperationalPlan.Status.APPROVED:
        messages.error(request, f"แผนนี้อยู่ในสถานะ “{plan.get_status_display()}” ต้องเห็นชอบก่อนจึงจะประกาศใช้ได้")
        return redirect("projects:activity_list", plan.pk)
    form = AnnounceForm(request.POST or None, plan=plan, today=today, initial=vars(announcement_draft(plan, today)))
    if request.method == "POST" and form.is_valid() and "preview" not in request.POST:
        try:
            announcement = plan_announce(plan=plan, user=request.user, draft=AnnouncementDraft(**form.cleaned_data))
        except TransitionError as error:
            messages.error(request, str(error))
            return redirect("projects:activity_list", plan.pk)
        messages.success(request, f"ประกาศใช้แล้ว ({announcement.number}) แผนนี้เผยแพร่ต่อประชาชนและแก้ไขไม่ได้อีก")
        return redirect("projects:activity_list", plan.pk)
    # The preview shows what will be signed: the values on the form once they are valid, else the generated text.
    draft = AnnouncementDraft(**form.cleaned_data) if form.is_bound and form.is_valid() else announcement_draft(plan, today)
    preview = Announcement(organisation=plan.organisation, fiscal_year=plan.fiscal_year, plan=plan, number="—", **vars(draft))
    emblem = reverse("emblem", args=[plan.organisation.code]) if plan.organisation.emblem else None
    context = {"plan": plan, "form": form, "missing": missing_for_signing(plan.organisation, draft.signer_name)}
    return render(request, "announcements/announce.html", {**context, **announcement_context(preview, emblem)})


# What each monitoring report's announce page uses: its form, its draft, its title, where it returns.
REPORTS = {
    Announcement.Kind.SIX_MONTH: (SixMonthAnnounceForm, six_month_draft, text.six_month_heading, "projects:six_month"),
    Announcement.Kind.EVALUATION: (EvaluationAnnounceForm, evaluation_draft, text.evaluation_heading, "projects:evaluation"),
}


def _report_announce(request, year: int, kind: str):
    """The executive announces the six-month report or the year-end evaluation of fiscal year `year`."""
    organisation = require_role(request.user, (User.Role.EXECUTIVE,))
    form_class, make_draft, heading, back = REPORTS[kind]
    today = timezone.localdate()
    draft = make_draft(organisation, year, today)
    form = form_class(request.POST or None, organisation=organisation, fiscal_year=year, today=today, initial=vars(draft))
    if request.method == "POST" and form.is_valid() and "preview" not in request.POST:
        try:
            announcement = report_announce(
                organisation=organisation, fiscal_year=year, kind=kind, user=request.user, draft=AnnouncementDraft(**form.cleaned_data)
            )
        except TransitionError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"{Announcement.Kind(kind).label}แล้ว ({announcement.number})")
        return redirect(back, year)
    shown = AnnouncementDraft(**form.cleaned_data) if form.is_bound and form.is_valid() else draft
    preview = Announcement(organisation=organisation, kind=kind, fiscal_year=year, number="—", **vars(shown))
    emblem = reverse("emblem", args=[organisation.code]) if organisation.emblem else None
    context = {
        "form": form, "year": year, "title": heading(year), "back": back, "kind": kind,
        "missing": missing_for_signing(organisation, shown.signer_name),
    }  # fmt: skip
    if kind == Announcement.Kind.EVALUATION:
        # The dates as typed, even while another field is still wrong: the deadline and the preview follow them.
        typed = getattr(form, "cleaned_data", {}) if form.is_bound else {}
        preview.presented_to_council_on = typed.get("presented_to_council_on")
        preview.presented_to_committee_on = typed.get("presented_to_committee_on")
        due = evaluation_due_on(year, preview.presented_to_council_on, preview.presented_to_committee_on)
        context["due"] = due_warning(due, today)
    return render(request, "announcements/evaluation_announce.html", {**context, **announcement_context(preview, emblem)})


@require_http_methods(["GET", "POST"])
@login_required
def evaluation_announce_view(request, year: int):
    return _report_announce(request, year, Announcement.Kind.EVALUATION)


@require_http_methods(["GET", "POST"])
@login_required
def six_month_announce_view(request, year: int):
    return _report_announce(request, year, Announcement.Kind.SIX_MONTH)


@require_POST
@login_required
def announcement_scan(request, pk: int):
    """Staff upload the copy signed in ink; the public page offers it beside the generated one."""
    plan = staff_plan(request, pk, EDIT_ROLES)
    announcement = getattr(plan, "announcement", None)
    if announcement is None:
        messages.error(request, "แผนนี้ยังไม่ได้ประกาศใช้")
        return redirect("projects:activity_list", plan.pk)
    form = SignedScanForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["signed_scan"]  # named by what its content proved to be (SignedScanForm)
        extension = upload.name.rsplit(".", 1)[-1]
        announcement.signed_scan.save(f"signed-{plan.fiscal_year}-{plan.edition_slug}.{extension}", upload, save=False)
        announcement._history_user = request.user
        announcement.save(update_fields=["signed_scan"])
        messages.success(request, "อัปโหลดสำเนาประกาศที่ลงนามแล้ว")
    else:
        messages.error(request, form.errors["signed_scan"][0])
    return redirect("projects:activity_list", plan.pk)


@require_POST
@login_required
def edition_start_view(request, pk: int):
    plan = staff_plan(request, pk, EDIT_ROLES)
    form = EditionForm(request.POST, plan=plan)
    if not form.is_valid():
        messages.error(request, " ".join(error for errors in form.errors.values() for error in errors))
        return redirect("projects:activity_list", plan.pk)
    try:
        edition = edition_start(plan=plan, kind=form.cleaned_data["kind"], ordinance=form.cleaned_data["ordinance"], user=request.user)
    except EditionError as error:
        messages.error(request, str(error))
        return redirect("projects:activity_list", plan.pk)
    messages.success(request, f"เริ่ม{edition.title}แล้ว แก้ไข เพิ่ม หรือยกเลิกโครงการได้ แล้วเสนอผู้บริหารเช่นเดียวกับแผนประจำปี")
    return redirect("projects:activity_list", edition.pk)


@login_required
def plan_history(request, pk: int):
    plan = staff_plan(request, pk)
    page = Paginator(history.plan_history(plan), 50).get_page(request.GET.get("page"))
    return render(request, "announcements/history.html", {"plan": plan, "page_obj": page})
