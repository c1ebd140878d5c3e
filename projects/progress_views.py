"""Staff record progress through the year: on one grid page, by spreadsheet, and with photos."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from lib.downloads import XLSX, download, stored_file
from lib.uploads import validate_image_upload
from plans import import_views
from plans.access import EDIT_ROLES, get_for_organisation, organisation_of, staff_plan
from plans.models import OperationalPlan, PendingImport
from projects import progress
from projects.models import Activity, Progress, ProgressPhoto

PAGE_SIZE = 50


def _tracked_plan(request, pk: int):
    """The announced plan in force whose progress staff record, or a redirect that says why not."""
    plan = staff_plan(request, pk, EDIT_ROLES)
    if not plan.is_announced:
        messages.error(request, "บันทึกความก้าวหน้าได้เมื่อแผนประกาศใช้แล้ว")
        return plan, redirect("projects:activity_list", plan.pk)
    in_force = OperationalPlan.objects.in_force(plan.organisation, plan.fiscal_year)
    if in_force != plan:
        return plan, redirect("projects:plan_progress", in_force.pk)
    return plan, None


@require_http_methods(["GET", "POST"])
@login_required
def plan_progress(request, pk: int):
    plan, refused = _tracked_plan(request, pk)
    if refused:
        return refused
    activities = progress.tracked_activities(plan)
    status = request.GET.get("status", "")
    if status in Progress.Status.values:
        reports = Progress.objects.filter(organisation=plan.organisation, fiscal_year=plan.fiscal_year)
        if status == Progress.Status.NOT_STARTED:  # also the activities nobody has reported on yet
            activities = activities.exclude(key__in=reports.exclude(status=status).values("key"))
        else:
            activities = activities.filter(key__in=reports.filter(status=status).values("key"))
    page = Paginator(activities, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = progress.grid(plan, list(page), request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if all(row.form.is_valid() for row in rows if row.form.is_bound):
            saved, stale = progress.save_grid(rows, request.user)
            if not stale:
                messages.success(request, f"บันทึกความก้าวหน้า {saved} รายการแล้ว")
                return redirect(request.get_full_path())
            for row in stale:
                row.form.add_error(None, "มีผู้อื่นบันทึกโครงการนี้ไปก่อน ยังไม่ได้บันทึกหน้านี้ กรุณาตรวจสอบแล้วบันทึกอีกครั้ง")
            rows = _refresh_versions(plan, rows)
        messages.error(request, "ยังไม่ได้บันทึก: มีรายการที่ต้องแก้ (ทำเครื่องหมายไว้ด้านล่าง) ข้อมูลที่กรอกยังอยู่ครบ")
    context = {
        "plan": plan, "rows": rows, "page_obj": page, "status": status, "statuses": Progress.Status.choices,
        "querystring": f"status={status}" if status else "", "summary": summary(plan),
    }  # fmt: skip
    return render(request, "projects/progress.html", context)


def _refresh_versions(plan: OperationalPlan, rows):
    """After a stale save: keep what the user typed, but carry the current versions so saving again works."""
    current = progress.progress_by_key(plan)
    for row in rows:
        stored = current.get(row.activity.key)
        data = row.form.data.copy()
        data[row.form.add_prefix("version")] = str(stored.version if stored else 0)
        errors = row.form.errors
        row.form = progress.ProgressForm(data, instance=stored or row.form.instance, activity=row.activity, prefix=row.form.prefix)
        row.form.is_valid()
        for message in errors.get("__all__", []):
            row.form.add_error(None, message)
    return rows


def summary(plan: OperationalPlan) -> dict:
    reports = progress.progress_by_key(plan)
    # "plan": the related manager sets each row's plan from its plan_id, a query per row were it deferred.
    activities = list(progress.tracked_activities(plan).select_related(None).only("plan", "key", "budget"))
    counts = {value: 0 for value in Progress.Status.values}
    for activity in activities:
        report = reports.get(activity.key)
        counts[report.status if report else Progress.Status.NOT_STARTED] += 1
    disbursed = sum((r.disbursed or 0 for r in reports.values()), 0)
    budget = sum((a.budget for a in activities), 0)
    return {"counts": [(label, counts[value]) for value, label in Progress.Status.choices], "total": len(activities),
            "disbursed": disbursed, "budget": budget}  # fmt: skip


@login_required
def progress_sheet(request, pk: int):
    plan, refused = _tracked_plan(request, pk)
    if refused:
        return refused
    return download(progress.progress_sheet(plan), XLSX, f"ความก้าวหน้า-{plan.fiscal_year}-{plan.organisation.name}.xlsx")


@require_POST
@login_required
def progress_upload(request, pk: int):
    plan, refused = _tracked_plan(request, pk)
    if refused:
        return refused
    back = reverse("projects:plan_progress", args=[plan.pk])
    return import_views.begin(request, kind=PendingImport.Kind.PROGRESS, target_id=plan.pk, back=back, review="projects:import_review",
                              field="sheet", label="นำเข้าไฟล์ที่กรอกแล้ว")  # fmt: skip


@require_http_methods(["GET", "POST"])
@login_required
def activity_photos(request, pk: int):
    organisation = organisation_of(request.user)
    activity = get_for_organisation(Activity.objects.select_related("plan__organisation"), organisation, pk=pk)
    plan, refused = _tracked_plan(request, activity.plan_id)
    if refused:
        return refused
    report = {"organisation": plan.organisation, "fiscal_year": plan.fiscal_year, "key": activity.key}
    if request.method == "POST":
        upload = request.FILES.get("image")
        try:
            if upload is None:
                raise ValueError("กรุณาเลือกรูปภาพ")
            validate_image_upload(upload)
        except Exception as problem:  # a ValidationError or the missing file, said in Thai
            messages.error(request, " ".join(getattr(problem, "messages", [str(problem)])))
        else:
            progress_report, _ = Progress.objects.get_or_create(**report)  # the first photo may come before any report
            photo = ProgressPhoto(progress=progress_report, caption=request.POST.get("caption", "")[:200])
            photo.image.save(upload.name.rsplit("/", 1)[-1][-80:], upload, save=False)
            photo.save()
            messages.success(request, "เพิ่มรูปภาพแล้ว")
        return redirect("projects:activity_photos", activity.pk)
    photos = ProgressPhoto.objects.filter(**{f"progress__{field}": value for field, value in report.items()})
    return render(request, "projects/photos.html", {"activity": activity, "plan": plan, "photos": photos})


def photo(request, pk: int):
    """A progress photo, public once the organisation has announced its plan for that year."""
    photo = get_object_or_404(ProgressPhoto.objects.select_related("progress"), pk=pk)
    report = photo.progress
    if not OperationalPlan.objects.announced().filter(organisation=report.organisation_id, fiscal_year=report.fiscal_year).exists():
        raise Http404
    return stored_file(photo.image, photo.image.name.rsplit("/", 1)[-1], as_attachment=False)
