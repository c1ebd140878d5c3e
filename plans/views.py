"""Staff home, the organisation's profile and its users. The planning records use plans.crud."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.db.models import Count, Sum
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from lib.downloads import XLSX, download, stored_file
from plans import forms, import_views, importing
from plans.access import EDIT_ROLES, get_for_organisation, organisation_of, require_role
from plans.crud import rebind_stale
from plans.line_import import LINE_HEADERS
from plans.models import BudgetOrdinance, DevelopmentPlan, Organisation, PendingImport, RoleChange, StaleEdit, StrategicPlan, User


@login_required
def home(request):
    organisation = organisation_of(request.user)
    context = {
        "organisation": organisation,
        "strategic_plans": StrategicPlan.objects.for_organisation(organisation).annotate(strategy_count=Count("strategies")),
        "development_plans": DevelopmentPlan.objects.for_organisation(organisation).annotate(project_count=Count("projects")),
        "ordinances": BudgetOrdinance.objects.for_organisation(organisation)
        .select_related("organisation")
        .annotate(line_total=Sum("lines__amount"))[:6],
        "unit_count": organisation.units.count(),
        "village_count": organisation.villages.count(),
    }
    return render(request, "plans/home.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def organisation_edit(request):
    organisation = require_role(request.user, (User.Role.ADMIN,))
    form = forms.OrganisationForm(request.POST or None, request.FILES or None, instance=organisation, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            form.save_checked()
        except StaleEdit:
            current = Organisation.objects.get(pk=organisation.pk)
            form, conflict = rebind_stale(forms.OrganisationForm, request, current, organisation=current)
            return render(request, "plans/organisation_form.html", {"form": form, **conflict}, status=409)
        messages.success(request, "บันทึกข้อมูล อปท. แล้ว")
        return redirect("plans:organisation_edit")
    return render(request, "plans/organisation_form.html", {"form": form})


@login_required
def user_list(request):
    organisation = require_role(request.user, (User.Role.ADMIN,))
    users = User.objects.filter(organisation=organisation).order_by("-is_active", "role", "username")
    return render(request, "plans/user_list.html", {"users": users})


@require_http_methods(["GET", "POST"])
@login_required
def user_create(request):
    organisation = require_role(request.user, (User.Role.ADMIN,))
    form = forms.UserCreateForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        messages.success(request, f"เพิ่มผู้ใช้ “{user.username}” แล้ว")
        return redirect("plans:user_list")
    return render(request, "plans/user_form.html", {"form": form, "title": "เพิ่มผู้ใช้"})


@require_http_methods(["GET", "POST"])
@login_required
def user_update(request, pk: int):
    organisation = require_role(request.user, (User.Role.ADMIN,))
    member = get_object_or_404(User, organisation=organisation, pk=pk)
    form = forms.UserUpdateForm(request.POST or None, instance=member, acting_user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"บันทึกผู้ใช้ “{member.username}” แล้ว")
        return redirect("plans:user_list")
    return render(request, "plans/user_form.html", {"form": form, "title": f"แก้ไขผู้ใช้ {member.username}", "member": member})


@login_required
def role_history(request):
    """Every change of a role in the organisation: who changed whose role, when, from what to what."""
    organisation = require_role(request.user, (User.Role.ADMIN,))
    changes = RoleChange.objects.filter(organisation=organisation).select_related("user", "changed_by")
    return render(request, "plans/role_history.html", {"changes": changes})


@require_http_methods(["GET", "POST"])
@login_required
def password_change(request):
    """Each user changes their own password; a forgotten one is set by the system administrator."""
    form = forms.OwnPasswordForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        update_session_auth_hash(request, form.save())
        messages.success(request, "เปลี่ยนรหัสผ่านแล้ว")
        return redirect(request.path)
    return render(request, "plans/password_change.html", {"form": form})


# --- spreadsheet imports of planning records --------------------------------------------------------


@require_POST
@login_required
def planproject_import(request, pk: int):
    organisation = require_role(request.user, EDIT_ROLES)
    plan = get_for_organisation(DevelopmentPlan, organisation, pk=pk)
    kind = PendingImport.Kind.PLAN_PROJECTS
    return import_views.begin(request, kind=kind, target_id=plan.pk, back=plan.get_absolute_url(), review="plans:import_review")


@login_required
def planproject_template(request, pk: int):
    plan = get_for_organisation(DevelopmentPlan, organisation_of(request.user), pk=pk)
    example = ["ยุทธศาสตร์ที่ 1 การพัฒนาโครงสร้างพื้นฐาน", "1.1", "แผนงานอุตสาหกรรมและการโยธา", "โครงการก่อสร้างถนน คสล. หมู่ที่ 1",
               "เพื่อให้ประชาชนสัญจรสะดวก", "กว้าง 5 เมตร ยาว 300 เมตร", *[450000 for _ in plan.years], "ความพึงพอใจร้อยละ 80",
               "ประชาชนสัญจรสะดวกและปลอดภัย", "กองช่าง"]  # fmt: skip
    return download(
        importing.template_workbook(importing.project_headers(plan), example, f"โครงการใน{plan} (ลบแถวตัวอย่างก่อนใช้)"),
        XLSX,
        "แบบนำเข้า-โครงการแผนพัฒนา.xlsx",
    )


@require_POST
@login_required
def budgetline_import(request, pk: int):
    organisation = require_role(request.user, EDIT_ROLES)
    ordinance = get_for_organisation(BudgetOrdinance.objects.select_related("organisation"), organisation, pk=pk)
    kind = PendingImport.Kind.BUDGET_LINES
    return import_views.begin(request, kind=kind, target_id=ordinance.pk, back=ordinance.get_absolute_url(), review="plans:import_review")


@login_required
def budgetline_template(request, pk: int):
    get_for_organisation(BudgetOrdinance, organisation_of(request.user), pk=pk)
    example = ["แผนงานอุตสาหกรรมและการโยธา", "งานก่อสร้างโครงสร้างพื้นฐาน", "ค่าที่ดินและสิ่งก่อสร้าง", "ค่าก่อสร้างสิ่งสาธารณูปโภค",
               "โครงการก่อสร้างถนน คสล. หมู่ที่ 1", 450000, "กองช่าง", "โครงการก่อสร้างถนน คสล. หมู่ที่ 1", "", ""]  # fmt: skip
    return download(
        importing.template_workbook(LINE_HEADERS, example, "รายการงบประมาณ (ลบแถวตัวอย่างก่อนใช้)"), XLSX, "แบบนำเข้า-รายการงบประมาณ.xlsx"
    )


@never_cache
@require_http_methods(["GET", "HEAD"])
def health(request):
    """For a load balancer: 200 when the database answers (and the cache, which is only reported), else 503."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = "ok"
    except DatabaseError:
        checks["database"] = "error"
    try:
        cache.set("health", "1", 10)
        checks["cache"] = "ok" if cache.get("health") == "1" else "error"
    except Exception:  # noqa: BLE001 - an unreachable cache server raises its client's own errors
        checks["cache"] = "error"
    healthy = checks["database"] == "ok"
    return JsonResponse({"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503)


def emblem(request, code: str):
    organisation = get_object_or_404(Organisation, code=code)
    if not organisation.emblem:
        raise Http404
    response = stored_file(organisation.emblem, organisation.emblem.name.rsplit("/", 1)[-1], as_attachment=False)
    response["Cache-Control"] = "public, max-age=86400"
    return response
