"""No spreadsheet the product writes holds a formula (issue 11, Medium 5).

Every text field staff type is given a value a spreadsheet would run (`=HYPERLINK(…)`, `+SUM(…)`,
`-1+1`, `@…`); every .xlsx and .csv download, staff's and citizens', is opened and must show each as
text: in Excel no cell is a formula, in CSV no cell begins with = + - @. A download URL added
without a place here fails `test_every_download_url_is_checked`.
"""

import csv
import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from openpyxl import load_workbook

from announcements.services import six_month_announce, six_month_draft
from lib.spreadsheets import NEUTRALISED_STARTS
from projects import open_data
from projects.models import Activity, Progress
from tests.announcements.conftest import announce_as_it_is
from tests.conftest import YEAR, login

pytestmark = pytest.mark.django_db

HOSTILE = {
    "name": '=HYPERLINK("http://evil.example","โครงการ")',
    "details": "+SUM(1,2)",
    "location": "-1+1",
    "other_agency": "@SUM(1,2)",
    "unit": "=1+1 กองช่าง",
    "note": '=HYPERLINK("http://evil.example","หมายเหตุ")',
}

# Every download and the arguments it is asked with; templates hold no user text but are checked too.
STAFF_DOWNLOADS = {
    "projects:plan_export": lambda w: [{"pk": w["plan"].pk, "kind": kind} for kind in ("xlsx", "csv")],
    "projects:progress_sheet": lambda w: [{"pk": w["plan"].pk}],
    "projects:evaluation_csv": lambda w: [{"year": YEAR}],
    "projects:evaluation_xlsx": lambda w: [{"year": YEAR}],
    "projects:six_month_file": lambda w: [{"year": YEAR, "kind": kind} for kind in ("xlsx", "csv")],
    "projects:activity_template": lambda w: [{}],
    "plans:planproject_template": lambda w: [{"pk": w["plan"].development_plan_id}],
    "plans:budgetline_template": lambda w: [{"pk": w["plan"].ordinance_id}],
}
PUBLIC_DOWNLOADS = {
    "public:plan_csv": lambda w: [{"code": w["org"].code, "year": YEAR, "edition": "original"}],
    "public:plan_xlsx": lambda w: [{"code": w["org"].code, "year": YEAR, "edition": "original"}],
    "public:six_month_data": lambda w: [{"code": w["org"].code, "year": YEAR, "kind": kind} for kind in ("xlsx", "csv")],
    "public:open_data_file": lambda w: [{"year": YEAR, "kind": "csv"}],  # its JSON Lines keep values as typed
}
# Downloads that begin no cell with text staff typed (templates; figures per "ยุทธศาสตร์ที่ n …" in the
# evaluation and the six-month CSV, whose Excel file adds the projects behind schedule): checked for
# formulas, not for the typed values. (URL name, kind)
NO_TYPED_TEXT = {("projects:activity_template", None), ("plans:planproject_template", None), ("plans:budgetline_template", None),
                 ("projects:evaluation_csv", None), ("projects:evaluation_xlsx", None), ("projects:six_month_file", "csv"),
                 ("public:six_month_data", "csv")}  # fmt: skip
DOWNLOAD_ROUTE = re.compile(r"\.(xlsx|csv)$|\.<str:kind>$")


def download_urls() -> set[str]:
    """Names of the URL patterns that answer with a spreadsheet (a route ending .xlsx, .csv or .<kind>)."""

    def walk(patterns, namespace, prefix):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = ":".join(filter(None, [namespace, pattern.namespace])) or None
                if inner != "admin":
                    yield from walk(pattern.url_patterns, inner, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern) and DOWNLOAD_ROUTE.search(prefix + str(pattern.pattern)):
                yield f"{namespace}:{pattern.name}" if namespace else pattern.name

    return set(walk(get_resolver().url_patterns, None, ""))


def test_every_download_url_is_checked():
    assert download_urls() == set(STAFF_DOWNLOADS) | set(PUBLIC_DOWNLOADS)


@pytest.fixture
def hostile_year(org, activity, staff, executive, monkeypatch):
    """หนองบัว's 2570 plan, every text staff typed a formula, announced; progress noted in February;
    the six-month report published on 20 April 2570."""
    for field in ("name", "details", "location"):
        setattr(activity, field, HOSTILE[field])
    activity.save()
    Activity.objects.create(
        plan=activity.plan, strategy=activity.strategy, programme=activity.programme, name="ขุดลอกคลอง", budget=Decimal("1000"),
        other_agency=HOSTILE["other_agency"], location=HOSTILE["location"],
    )  # fmt: skip
    activity.unit.name = HOSTILE["unit"]
    activity.unit.save()
    announce_as_it_is(activity.plan, executive)
    progress = Progress(organisation=org, fiscal_year=YEAR, key=activity.key, status=Progress.Status.DELAYED, note=HOSTILE["note"])
    progress._history_date = timezone.make_aware(dt.datetime(2027, 2, 1, 12))
    progress.contract_amount = Decimal("400000")
    progress.save()
    moment = timezone.make_aware(dt.datetime(2027, 4, 20, 10))
    monkeypatch.setattr(timezone, "now", lambda: moment)
    six_month_announce(organisation=org, fiscal_year=YEAR, user=executive, draft=six_month_draft(org, YEAR, moment.date()))
    open_data.open_data_publish(YEAR)  # what the announcement's commit does
    return {"org": org, "plan": activity.plan}


def cells(response) -> list[tuple[str, object, str]]:
    """(where, value, type) of every cell of a downloaded .xlsx or .csv; type "f" is a formula."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if content.startswith(b"PK"):
        book = load_workbook(io.BytesIO(content))
        return [
            (f"{sheet.title}!{cell.coordinate}", cell.value, cell.data_type) for sheet in book for row in sheet.iter_rows() for cell in row
        ]
    rows = csv.reader(io.StringIO(content.decode("utf-8-sig")))
    return [(f"row {r} column {c}", value, "s") for r, row in enumerate(rows, 1) for c, value in enumerate(row, 1)]


def test_no_download_holds_a_formula_and_every_typed_formula_stays_text(client, hostile_year, staff):
    checked = 0
    for clients, downloads in ((login(staff), STAFF_DOWNLOADS), (client, PUBLIC_DOWNLOADS)):
        for name, arguments in downloads.items():
            for kwargs in arguments(hostile_year):
                url = reverse(name, kwargs=kwargs)
                response = clients.get(url)
                assert response.status_code == 200, url
                found = cells(response)
                formulas = [(where, value) for where, value, kind in found if kind == "f"]
                assert not formulas, f"{url}: formulas {formulas}"
                live = [(where, value) for where, value, _ in found if isinstance(value, str) and value.startswith(NEUTRALISED_STARTS)]
                assert not live, f"{url}: cells a spreadsheet would run {live}"
                if (name, kwargs.get("kind")) not in NO_TYPED_TEXT:
                    kept = {value[1:] for _, value, _ in found if isinstance(value, str) and value.startswith("'")}
                    assert kept & set(HOSTILE.values()), f"{url}: none of the typed formulas is in it, kept as text"
                checked += 1
    assert checked == 15
