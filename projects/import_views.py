"""Staff bring in the spreadsheets they already have, and take the plan out as one."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from lib import spreadsheets, thai
from lib.downloads import XLSX, download
from lib.fields import BEYearField
from plans.access import EDIT_ROLES, organisation_of, require_role, staff_plan
from plans.importing import ImportErrors
from projects import exports
from projects.importer import import_activities, template


class ActivityImportForm(forms.Form):
    year = BEYearField(label="ปีงบประมาณ (พ.ศ.)")
    file = forms.FileField(label="ไฟล์ ผด.02 (.xlsx หรือ .csv)", error_messages={"required": "กรุณาเลือกไฟล์"})
    create_missing = forms.BooleanField(label="สร้างยุทธศาสตร์และหน่วยงานที่ยังไม่มีให้อัตโนมัติ", required=False)
    replace = forms.BooleanField(label="แทนที่โครงการ/กิจกรรมเดิมในร่างแผนทั้งหมด (ไม่เลือก: เพิ่มต่อท้าย)", required=False)


@require_http_methods(["GET", "POST"])
@login_required
def activity_import(request):
    organisation = require_role(request.user, EDIT_ROLES)
    form = ActivityImportForm(request.POST or None, request.FILES or None, initial={"year": thai.fiscal_year_of(timezone.localdate())})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            plan = import_activities(data["file"].read(), organisation, data["year"], create_missing=data["create_missing"],
                                     replace=data["replace"], user=request.user)  # fmt: skip
        except spreadsheets.NotASpreadsheet as problem:
            form.add_error("file", str(problem))
        except ImportErrors as problem:
            context = {"errors": problem.errors, "back_url": request.path}
            return render(request, "includes/import_errors.html", context, status=400)
        else:
            messages.success(request, f"นำเข้าแล้ว: {plan.title} มี {plan.activities.count()} รายการ ตรวจสอบแล้วเติมสิ่งที่ยังขาดได้ที่หน้าตรวจสอบ")
            return redirect("projects:activity_list", plan.pk)
    return render(request, "projects/activity_import.html", {"form": form})


@login_required
def activity_template(request):
    return download(template(organisation_of(request.user).words), XLSX, "แบบนำเข้า-ผด02.xlsx")


@login_required
def plan_export(request, pk: int, kind: str):
    """Staff take any plan of theirs (a draft too) out as Excel or CSV, in the layout that imports back."""
    plan = staff_plan(request, pk)
    activities = exports.ordered(plan)
    if kind == "csv":
        return download(
            exports.to_csv(activities, plan.organisation.words),
            "text/csv; charset=utf-8",
            f"ผด02-{plan.fiscal_year}-{plan.edition_slug}.csv",
        )
    return download(
        exports.to_xlsx(activities, f"{plan.title} {plan.organisation.full_name}", words=plan.organisation.words),
        XLSX,
        f"ผด02-{plan.fiscal_year}-{plan.edition_slug}.xlsx",
    )
