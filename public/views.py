"""The public site (no login): organisations, their announced plans, each plan's projects and documents.

Only announced content is ever shown: a draft, or a file of a draft, answers 404.
"""

from __future__ import annotations

import datetime as dt
import re

from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.db.models import Count, Max, Q
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header

from announcements.models import Announcement
from announcements.services import store_documents
from announcements.text import presentation_line
from lib import thai
from lib.downloads import XLSX, download, stored_file
from plans.models import OperationalPlan, Organisation
from projects import exports, open_data, six_month
from projects.document import build_document
from projects.evaluation_pdf import six_month_context
from projects.models import Progress
from projects.six_month import six_month_report
from projects.snapshot import Frozen, frozen
from public.cache import cached_page, remember
from public.charts import budget_bars
from public.filters import PublicActivityFilter
from public.province import announced_years, choose_year, province_overview, search_activities

EDITION = re.compile(r"^(original|additional-(\d+)|amending-(\d+))$")
PAGE_SIZE = 20


@cached_page(text=["q"])
def home(request):
    query = thai.arabic_digits(request.GET.get("q", "")).strip()
    organisations = Organisation.objects.annotate(
        plans=Count("operational_plans", filter=Q(operational_plans__status="announced")),
        latest=Max("operational_plans__fiscal_year", filter=Q(operational_plans__status="announced")),
    ).filter(plans__gt=0)
    for word in query.split():
        organisations = organisations.filter(Q(name__icontains=word) | Q(district__icontains=word) | Q(province__icontains=word))
    latest = Announcement.objects.select_related("organisation", "plan").order_by("-announced_on", "-pk")[:8]  # plans and reports
    provinces = list(
        Organisation.objects.filter(operational_plans__status="announced")
        .order_by("province")
        .values_list("province", flat=True)
        .distinct()
    )
    context = {
        "organisations": organisations.order_by("province", "district", "name")[:50], "query": query, "latest": latest,
        "provinces": provinces, "matching_provinces": [p for p in provinces if query and any(word in p for word in query.split())],
    }  # fmt: skip
    return render(request, "public/home.html", context)


@cached_page(numbers=["year"])
def province_page(request, province: str):
    """A province's organisations: who announced the year's plan and who not, budgets by strategy, latest reports."""
    overview = province_overview(province, request.GET.get("year"), timezone.localdate())
    if overview is None:
        raise Http404("ไม่พบจังหวัดนี้")
    return render(request, "public/province.html", {"province": overview})


SEARCH_PAGE_SIZE = 50


@cached_page(text=["q"], numbers=["year", "page"])
def province_search(request, province: str):
    """Words found in the names and details of every plan in force of the province."""
    if not Organisation.objects.filter(province=province).exists():
        raise Http404("ไม่พบจังหวัดนี้")
    years = announced_years(province)
    year = choose_year(years, request.GET.get("year"), timezone.localdate())
    query = " ".join(request.GET.get("q", "").split())[:100]
    page = None
    if query:
        page = Paginator(search_activities(province, year, query), SEARCH_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"province": province, "year": year, "years": years, "query": query, "page_obj": page}
    return render(request, "public/province_search.html", context)


@cached_page
def organisation_page(request, code: str):
    organisation = get_object_or_404(Organisation, code=code)
    plans = (
        OperationalPlan.objects.announced().filter(organisation=organisation).select_related("announcement").order_by("-fiscal_year", "pk")
    )
    years: dict[int, list[OperationalPlan]] = {}
    for plan in plans:
        years.setdefault(plan.fiscal_year, []).append(plan)
    reports = Announcement.objects.reports().filter(organisation=organisation).order_by("-fiscal_year", "kind")
    return render(request, "public/organisation.html", {"organisation": organisation, "years": years, "reports": reports})


def _edition(code: str, year: int, edition: str | None) -> OperationalPlan:
    """An announced plan by its public address; anything else (a draft, a typo) is 404."""
    plans = (
        OperationalPlan.objects.announced().filter(organisation__code=code, fiscal_year=year).select_related("organisation", "announcement")
    )
    if edition is None:
        plan = plans.order_by("-pk").first()
    else:
        match = EDITION.match(edition)
        if not match:
            raise Http404
        kind, number = (edition.split("-") + ["0"])[:2]
        plan = plans.filter(edition_kind=kind, edition_number=int(number)).first()
    if plan is None:
        raise Http404("ไม่พบแผนที่ประกาศใช้แล้ว")
    return plan


def _announced_edition(code: str, year: int, edition: str | None) -> tuple[OperationalPlan, Frozen]:
    """The edition as it was announced, whatever has happened since to the records it names."""
    plan = _edition(code, year, edition)
    announced = frozen(plan)
    plan.organisation = announced.organisation
    return plan, announced


@cached_page(text=["q"], numbers=["page", "village", "month", "strategy", "programme", "unit"])
def plan_page(request, code: str, year: int, edition: str | None = None):
    plan, announced = _announced_edition(code, year, edition)
    in_force = OperationalPlan.objects.in_force(plan.organisation_id, plan.fiscal_year)
    # The plan in force shows everything now planned; an edition's own page shows what it changed.
    show_changes = plan.is_edition and edition is not None
    overview = _overview(plan, show_changes)
    activities = announced.changes.current if show_changes and announced.changes else announced.activities
    filterset = PublicActivityFilter(request.GET or None, announced=announced, plan=plan)
    page = Paginator(filterset.filter(activities), PAGE_SIZE).get_page(request.GET.get("page"))
    # Progress of the rows on this page only (one query however many the plan has).
    reports = {
        p.key: p
        for p in Progress.objects.filter(
            organisation=plan.organisation_id, fiscal_year=plan.fiscal_year, key__in=[a.key for a in page]
        ).prefetch_related("photos")
    }
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "organisation": plan.organisation,
        "plan": plan,
        "in_force": in_force,
        "is_in_force_view": edition is None,
        "show_changes": show_changes,
        "doc": overview,
        "introduction": overview["introduction"],
        "chart": overview["chart"],
        "filter": filterset,
        "page_obj": page,
        "querystring": query.urlencode(),
        "editions": OperationalPlan.objects.announced()
        .filter(organisation=plan.organisation_id, fiscal_year=plan.fiscal_year)
        .order_by("pk"),
        "announcement": plan.announcement,
        "slug": plan.edition_slug,
        "digit_style": plan.organisation.digit_style,
        "reports": reports,
        "progress": overview["progress"],
        "words": plan.organisation.words,
        # The year's published monitoring reports (ITA): the six-month report and the year-end evaluation.
        "monitoring": Announcement.objects.reports()
        .filter(organisation=plan.organisation_id, fiscal_year=plan.fiscal_year)
        .order_by("kind"),
    }
    return render(request, "public/plan.html", context)


def _overview(plan: OperationalPlan, show_changes: bool) -> dict:
    """What a plan page shows whatever the visitor filters: the ผด.01 summary, its chart, Part 1, the
    edition's changes and the overall progress. Computing it reads every activity of the plan, so it
    is kept (public_cache.remember) until the organisation's published data changes: a citizen
    paging or filtering then costs only the rows shown."""

    def build() -> dict:
        doc = build_document(plan, consolidated=not show_changes, summary_only=True)
        reports = {
            key: (status, disbursed)
            for key, status, disbursed in Progress.objects.filter(
                organisation=plan.organisation_id, fiscal_year=plan.fiscal_year
            ).values_list("key", "status", "disbursed")
        }
        return {
            "summary": doc.summary,
            "summary_total": doc.summary_total,
            "others_total": doc.others_total,
            "changes": _changes_shown(doc.changes) if show_changes and doc.changes else None,
            "introduction": doc.introduction,
            "chart": budget_bars(doc),
            "progress": _progress_summary(doc, reports),
        }

    return remember(f"plan:{plan.pk}:{int(show_changes)}", plan.organisation.code, build)


def _changes_shown(changes) -> dict:
    """What an edition's page prints of its changes: plain values (cached with the summary), not
    the activities with everything they point at."""
    return {
        "added": [activity.pk for activity in changes.added],
        "changed": [{"after": {"name": change.after.name}, "fields": change.fields} for change in changes.changed],
        "removed": [{"name": activity.name, "budget": activity.budget} for activity in changes.removed],
    }


def _progress_summary(doc, reports: dict) -> dict:
    """Completed count and disbursed total over the organisation's own activities (reports: key → (status, disbursed))."""
    own = [row.activity for groups in (doc.projects, doc.equipment) for group in groups for p in group.programmes for row in p.rows]
    found = [reports[a.key] for a in own if a.key in reports]
    return {
        "completed": sum(1 for status, _ in found if status == Progress.Status.COMPLETED),
        "total": len(own),
        "disbursed": sum((disbursed or 0 for _, disbursed in found), 0),
        "reported": bool(found),
    }


@cached_page
def evaluation_page(request, code: str, year: int):
    """The announced year-end evaluation: the announcement, its stored report, and the latest figures."""
    announcement = get_object_or_404(
        Announcement.objects.evaluations().select_related("organisation"), organisation__code=code, fiscal_year=year
    )
    from projects.evaluation import evaluate
    from projects.evaluation_pdf import context as report_context

    report = evaluate(announcement.organisation, year)
    context = {
        **report_context(report), "announcement": announcement, "year": year, "digit_style": announcement.organisation.digit_style,
        "words": announcement.organisation.words, "presented": presentation_line(announcement),
    }  # fmt: skip
    return render(request, "public/evaluation.html", context)


def _six_month(code: str, year: int) -> tuple[Announcement, object]:
    """A published six-month report and its figures as they stood at the end of 31 March; 404 until the executive publishes it."""
    announcement = get_object_or_404(
        Announcement.objects.six_month_reports().select_related("organisation"), organisation__code=code, fiscal_year=year
    )
    return announcement, six_month_report(announcement.organisation, year)


@cached_page
def six_month_page(request, code: str, year: int):
    """The six-month monitoring report at a stable address an organisation quotes in its ITA answers."""
    announcement, report = _six_month(code, year)
    organisation = announcement.organisation
    context = {
        **six_month_context(report), "announcement": announcement, "year": year, "digit_style": organisation.digit_style,
        "words": organisation.words,
    }  # fmt: skip
    return render(request, "public/six_month.html", context)


def six_month_file(request, code: str, year: int, name: str):
    """report.pdf (the announcement and the report) and announcement.pdf, as stored when it was published."""
    field = {"report": "plan_pdf", "announcement": "pdf"}.get(name)
    if field is None:
        raise Http404
    announcement = get_object_or_404(Announcement.objects.six_month_reports(), organisation__code=code, fiscal_year=year)
    if not getattr(announcement, field):
        store_documents(announcement)
        announcement.refresh_from_db()
    return stored_file(getattr(announcement, field), f"รายงานรอบ6เดือน-{year}-{name}.pdf", as_attachment=name == "report")


@cached_page
def six_month_data(request, code: str, year: int, kind: str):
    """The report's figures as CSV, Excel or JSON."""
    if kind not in ("csv", "xlsx", "json"):
        raise Http404
    announcement, report = _six_month(code, year)
    name = f"รายงานรอบ6เดือน-{year}-{announcement.organisation.name}"
    if kind == "csv":
        return download(six_month.to_csv(report), "text/csv; charset=utf-8", f"{name}.csv")
    if kind == "xlsx":
        return download(six_month.to_xlsx(report, at=announcement.announced_at), XLSX, f"{name}.xlsx")
    url = request.build_absolute_uri(reverse("public:six_month", args=[code, year]))
    response = JsonResponse(six_month.to_json(report, url), json_dumps_params={"ensure_ascii": False, "indent": 1})
    response["Content-Disposition"] = content_disposition_header(as_attachment=False, filename=f"six-month-{year}.json")
    return response


def evaluation_file(request, code: str, year: int, which: str):
    announcement = get_object_or_404(Announcement.objects.evaluations(), organisation__code=code, fiscal_year=year)
    field = {"announcement.pdf": "pdf", "report.pdf": "plan_pdf"}.get(which)
    if field is None:
        raise Http404
    if not getattr(announcement, field):
        store_documents(announcement)
        announcement.refresh_from_db()
    return stored_file(getattr(announcement, field), f"ผลการติดตามและประเมินผล-{year}-{which}", as_attachment=which == "report.pdf")


def _stored(plan: OperationalPlan, field: str):
    announcement = plan.announcement
    if not getattr(announcement, field):
        store_documents(announcement)  # rendered once; later downloads read the file
        announcement.refresh_from_db()
    return getattr(announcement, field)


def plan_pdf(request, code: str, year: int, edition: str):
    plan = _edition(code, year, edition)
    return stored_file(_stored(plan, "plan_pdf"), f"แผนการดำเนินงาน-{year}-{plan.edition_slug}-{plan.organisation.name}.pdf")


def announcement_pdf(request, code: str, year: int, edition: str):
    plan = _edition(code, year, edition)
    return stored_file(
        _stored(plan, "pdf"), f"ประกาศ-แผนการดำเนินงาน-{year}-{plan.edition_slug}-{plan.organisation.name}.pdf", as_attachment=False
    )


def signed_scan(request, code: str, year: int, edition: str):
    plan = _edition(code, year, edition)
    scan = plan.announcement.signed_scan
    if not scan:
        raise Http404("ยังไม่มีสำเนาที่ลงนามแล้ว")
    suffix = scan.name.rsplit(".", 1)[-1]
    # An image is shown in the browser; a PDF is downloaded, so that whatever script it carries never
    # runs in the browser's viewer on this site.
    name = f"ประกาศที่ลงนามแล้ว-{year}-{plan.edition_slug}-{plan.organisation.name}.{suffix}"
    return stored_file(scan, name, as_attachment=suffix == "pdf")


@cached_page
def plan_csv(request, code: str, year: int, edition: str):
    plan, announced = _announced_edition(code, year, edition)
    return download(
        exports.to_csv(announced.activities, announced.organisation.words),
        "text/csv; charset=utf-8",
        f"แผนการดำเนินงาน-{year}-{plan.edition_slug}.csv",
    )


@cached_page
def plan_xlsx(request, code: str, year: int, edition: str):
    plan, announced = _announced_edition(code, year, edition)
    content = exports.to_xlsx(
        announced.activities,
        f"{plan.title} {plan.organisation.full_name}",
        at=plan.announcement.announced_at,
        words=announced.organisation.words,
    )
    return download(content, XLSX, f"แผนการดำเนินงาน-{year}-{plan.edition_slug}.xlsx")


@cached_page
def plan_json(request, code: str, year: int, edition: str):
    plan = _edition(code, year, edition)
    url = request.build_absolute_uri(reverse("public:plan_edition", args=[code, year, plan.edition_slug]))
    data = exports.to_json(build_document(plan, consolidated=True), url)
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 1})
    response["Content-Disposition"] = content_disposition_header(as_attachment=False, filename=f"plan-{year}-{plan.edition_slug}.json")
    return response


def open_data_page(request):
    """What the open-data files hold, field by field, and each year's files with the date they were last written."""
    years = sorted(open_data.read_index().items(), reverse=True)
    for _year, entry in years:
        entry["updated"] = dt.datetime.fromisoformat(entry["updated_at"])
    return render(request, "public/open_data.html", {"years": years, "fields": open_data.FIELDS})


def open_data_file(request, year: int, kind: str):
    """A year's file as stored, streamed from storage."""
    entry = open_data.read_index().get(str(year))
    if kind not in open_data.FORMATS or entry is None:
        raise Http404("ยังไม่มีข้อมูลเปิดของปีนี้")
    response = FileResponse(default_storage.open(entry[kind], "rb"), content_type=open_data.FORMATS[kind])
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=f"activities-{year}.{kind}")
    return response
