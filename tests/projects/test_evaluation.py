"""The year-end evaluation: per strategy and in total, against each strategy's projects and against all of them."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from announcements.forms import EvaluationAnnounceForm
from announcements.models import Announcement
from announcements.services import evaluation_announce, evaluation_draft
from projects.evaluation import evaluate
from projects.models import Progress
from tests.announcements.conftest import announce
from tests.conftest import chained_activity, login

pytestmark = pytest.mark.django_db


@pytest.fixture
def year(org, activity, staff, executive, strategies, plan_project, development_plan, units):
    """Fiscal year 2570 of หนองบัว: 3 projects under strategy 1, 4 under strategy 2, with progress recorded."""
    plan = activity.plan
    extra = [
        (1, "โครงการถนนสายที่สอง", "200000"), (1, "โครงการรางระบายน้ำ", "100000"),
        (2, "โครงการไข้เลือดออก", "50000"), (2, "โครงการผู้สูงอายุ", "30000"), (2, "โครงการคัดแยกขยะ", "20000"), (2, "โครงการวันเด็ก", "0"),
    ]  # fmt: skip
    activities = [activity] + [
        chained_activity(
            plan,
            strategy=strategies[s],
            programme_code="00310" if s == 1 else "00220",
            name=name,
            budget=budget,
            unit=units["กองช่าง"],
            months=0b111000,
        )  # fmt: skip
        for s, name, budget in extra
    ]
    announce(plan, staff, executive)
    outcomes = ["completed", "delayed", "cancelled", "completed", "in_progress", "not_started", "completed"]
    for a, status in zip(activities, outcomes, strict=True):
        contract = a.budget * Decimal("0.9") if status != "not_started" and status != "cancelled" else None
        Progress.objects.create(
            organisation=org, fiscal_year=2570, key=a.key, status=status, contract_amount=contract,
            disbursed=contract if status == "completed" else None, percent=100 if status == "completed" else 0,
            actual_start=5 if a == activities[1] else 3, actual_end=5 if status == "completed" else None,
        )  # fmt: skip
    return plan, activities


def test_counts_per_strategy_and_in_total(org, year):
    report = evaluate(org, 2570)
    s1, s2 = report.strategies
    assert (s1.in_plan, s1.outcomes) == (3, {"completed": 1, "in_progress": 1, "not_started": 0, "cancelled": 1})
    assert (s2.in_plan, s2.outcomes) == (4, {"completed": 2, "in_progress": 1, "not_started": 1, "cancelled": 0})
    assert report.total.in_plan == 7 and report.total.outcomes["completed"] == 3
    # Every project but วันเด็ก (no money) comes from the development plan's column for 2570.
    assert (s1.in_development_plan, s2.in_development_plan, report.total.in_development_plan) == (3, 3, 6)


def test_percentages_against_the_strategy_and_against_all_add_up(org, year):
    report = evaluate(org, 2570)
    s1, s2 = report.strategies
    assert s1.of_line == {
        "completed": Decimal("33.34"),
        "in_progress": Decimal("33.33"),
        "not_started": Decimal("0.00"),
        "cancelled": Decimal("33.33"),
    }
    assert sum(s2.of_line.values()) == Decimal("100.00")
    # Against all 7 projects: strategy 1 is 42.86 of the total, strategy 2 is 57.14; each adds up to its share.
    assert sum(s1.of_all.values()) == Decimal("42.86") and sum(s2.of_all.values()) == Decimal("57.14")
    assert sum(report.total.of_all.values()) == Decimal("100.00")
    for key in report.total.of_all:  # the "of all" column's total is the sum of the column as printed
        assert report.total.of_all[key] == s1.of_all[key] + s2.of_all[key]
    assert sum(report.total.of_line.values()) == Decimal("100.00")


def test_budget_contracted_and_disbursed(org, year):
    total = evaluate(org, 2570).total
    assert total.budget == Decimal("850000")
    assert total.contracted == Decimal("0.9") * (450000 + 200000 + 50000 + 30000 + 0)  # not the cancelled or not started
    assert total.disbursed == Decimal("0.9") * (450000 + 50000)
    assert total.disbursed_pct == Decimal("52.94")


def test_activities_that_slipped(org, year):
    plan, activities = year
    [slip] = evaluate(org, 2570).slips
    assert slip.activity == activities[1] and slip.months_late == 2
    assert slip.planned == "ม.ค.–มี.ค. 2570" and slip.actual == "มี.ค. 2570"


def test_the_report_page_and_its_downloads(org, year, staff):
    client = login(staff)
    page = client.get(reverse("projects:evaluation", args=[2570])).content.decode()
    assert "ผลการดำเนินงานตามยุทธศาสตร์" in page and "โครงการที่ดำเนินการช้ากว่าแผน" in page
    assert client.get(reverse("projects:evaluation_pdf", args=[2570])).content.startswith(b"%PDF-")
    csv_text = client.get(reverse("projects:evaluation_csv", args=[2570])).content.decode("utf-8-sig")
    assert csv_text.splitlines()[0].startswith("ยุทธศาสตร์,โครงการในแผนพัฒนา,โครงการในแผนการดำเนินงาน,ดำเนินการแล้วเสร็จ")
    assert "รวมทั้งสิ้น,6,7,3" in csv_text
    assert client.get(reverse("projects:evaluation_xlsx", args=[2570])).content.startswith(b"PK")


def test_the_evaluation_is_announced_within_december(org, year, executive):
    draft = evaluation_draft(org, 2570, dt.date(2027, 12, 10))
    assert draft.heading == "ประกาศผลการติดตามและประเมินผลแผนพัฒนาท้องถิ่น ประจำปีงบประมาณ พ.ศ. 2570"
    assert "ข้อ ๒๙ (๓)" in draft.body and "ทั้งสิ้น 7 โครงการ ดำเนินการแล้วเสร็จ 3 โครงการ" in draft.body

    def errors(**changes):
        data = {"announced_on": "10/12/2570", "heading": draft.heading, "body": draft.body, "signer_name": "นายสมชาย รักถิ่น",
                "signer_title": "นายก", "posted_on": "10/12/2570", "posted_until": "10/01/2571", **changes}  # fmt: skip
        form = EvaluationAnnounceForm(data, fiscal_year=2570, today=dt.date(2027, 12, 20))
        form.is_valid()
        return form.errors

    assert errors() == {}
    assert "ภายในเดือนธันวาคม 2570" in errors(announced_on="20/11/2570", posted_on="20/11/2570", posted_until="20/12/2570")["posted_on"][0]
    assert "สิ้นปีงบประมาณ" in errors(announced_on="20/09/2570", posted_on="01/10/2570")["announced_on"][0]
    announcement = evaluation_announce(organisation=org, fiscal_year=2570, user=executive, draft=draft)
    assert announcement.kind == "evaluation" and announcement.plan is None and announcement.plan_pdf
    from announcements.services import TransitionError

    with pytest.raises(TransitionError, match="ประกาศผลการติดตามและประเมินผลแล้ว"):
        evaluation_announce(organisation=org, fiscal_year=2570, user=executive, draft=draft)


def test_the_announced_evaluation_is_public(client, org, year, executive):
    assert client.get(reverse("public:evaluation", args=[org.code, 2570])).status_code == 404
    evaluation_announce(organisation=org, fiscal_year=2570, user=executive, draft=evaluation_draft(org, 2570, dt.date(2027, 12, 10)))
    page = client.get(reverse("public:evaluation", args=[org.code, 2570])).content.decode()
    assert "ผลการติดตามและประเมินผลแผนพัฒนาท้องถิ่น" in page
    assert "ผลการติดตามและประเมินผล" in client.get(reverse("public:organisation", args=[org.code])).content.decode()
    home = client.get(reverse("public:home")).content.decode()  # the latest announcements include it
    assert reverse("public:evaluation", args=[org.code, 2570]) in home and "ประจำปีงบประมาณ พ.ศ. ๒๕๗๐" in home
    report = client.get(reverse("public:evaluation_file", args=[org.code, 2570, "report.pdf"]))
    assert b"".join(report.streaming_content).startswith(b"%PDF-")
    assert Announcement.objects.evaluations().count() == 1


def test_only_the_executive_announces_the_evaluation(org, year, staff):
    response = login(staff).get(reverse("announcements:evaluation_announce", args=[2570]))
    assert response.status_code == 403
