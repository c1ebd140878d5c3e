"""Staff home, the organisation's profile and its users. The planning records use plans.crud."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Sum
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from plans import forms
from plans.access import organisation_of, require_role
from plans.crud import rebind_stale
from plans.models import BudgetOrdinance, DevelopmentPlan, OperationalPlan, Organisation, StaleEdit, StrategicPlan, User


@login_required
def home(request):
    organisation = organisation_of(request.user)
    context = {
        "organisation": organisation,
        "operational_plans": OperationalPlan.objects.for_organisation(organisation)[:6],
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


@require_http_methods(["GET", "POST"])
@login_required
def user_password(request, pk: int):
    """The organisation admin sets a new password for a member: no e-mail is involved."""
    organisation = require_role(request.user, (User.Role.ADMIN,))
    member = get_object_or_404(User, organisation=organisation, pk=pk)
    form = forms.PasswordResetByAdminForm(member, request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"ตั้งรหัสผ่านใหม่ให้ “{member.username}” แล้ว แจ้งรหัสผ่านแก่ผู้ใช้โดยตรง")
        return redirect("plans:user_list")
    return render(request, "plans/user_form.html", {"form": form, "title": f"ตั้งรหัสผ่านใหม่ให้ {member.username}", "member": member})
