"""Staff bring in the spreadsheets they already have, and take the plan out as one."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from lib import thai
from lib.downloads import XLSX, download
from lib.fields import BEYearField
from plans import import_views
from plans.access import EDIT_ROLES, get_for_organisation, organisation_of, require_role, staff_plan
from plans.models import OperationalPlan, PendingImport
from projects import exports
from projects.importer import ActivityImport, template
from projects.progress import ProgressImport


class ActivityImportForm(forms.Form):
    year = BEYearField(label="ปีงบประมาณ (พ.ศ.)")
    file = forms.FileField(label="ไฟล์ ผด.02 (.xlsx หรือ .csv)", error_messages={"required": "กรุณาเลือกไฟล์ในช่อง “ไฟล์ ผด.02 (.xlsx หรือ .csv)”"})
    replace = forms.BooleanField(
        label="แทนที่โครงการ/กิจกรรมเดิมในร่างแผนทั้งหมด (ไม่เลือก: เพิ่มต่อท้าย)",
        required=False,
        help_text="แถวที่มีรหัสอ้างอิงของแผนนี้ (จากไฟล์ที่ส่งออกจากระบบ) ปรับปรุงรายการเดิมเสมอ โดยคงการเชื่อมกับรายการงบประมาณและแผนพัฒนา",
    )


@require_http_methods(["GET", "POST"])
@login_required
def activity_import(request):
    require_role(request.user, EDIT_ROLES)
    form = ActivityImportForm(request.POST or None, request.FILES or None, initial={"year": thai.fiscal_year_of(timezone.localdate())})
    if request.method == "POST" and form.is_valid():
        options = {"year": form.cleaned_data["year"], "replace": form.cleaned_data["replace"]}
        label = form.fields["file"].label
        back = reverse("projects:activity_import")
        return import_views.begin(
            request, kind=PendingImport.Kind.ACTIVITIES, options=options, back=back, review="projects:import_review", label=label
        )
    return render(request, "projects/activity_import.html", {"form": form})


def _activities(pending: PendingImport) -> ActivityImport:
    options = pending.options
    return ActivityImport(bytes(pending.content), pending.organisation, options["year"], replace=options.get("replace", False),
                          choices=pending.choices, filename=pending.filename)  # fmt: skip


def _progress_plan(pending: PendingImport) -> OperationalPlan:
    return get_for_organisation(OperationalPlan.objects.select_related("organisation"), pending.organisation, pk=pending.target_id)


HANDLERS = {
    PendingImport.Kind.ACTIVITIES: import_views.Handler(
        build=_activities,
        back=lambda p: reverse("projects:activity_import"),
        done=lambda p, importer: reverse("projects:activity_list", args=[importer.plan.pk]),
    ),
    PendingImport.Kind.PROGRESS: import_views.Handler(
        build=lambda p: ProgressImport(_progress_plan(p), bytes(p.content), filename=p.filename),
        back=lambda p: reverse("projects:plan_progress", args=[p.target_id]),
        done=lambda p, importer: reverse("projects:plan_progress", args=[p.target_id]),
    ),
}
import_views.register(HANDLERS)


@require_http_methods(["GET", "POST"])
@login_required
def import_review(request, pk):
    pending = import_views.pending_for(request, pk)
    if pending.kind not in HANDLERS:
        raise Http404
    return import_views.review(request, pending, HANDLERS[pending.kind])


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
