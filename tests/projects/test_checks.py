"""The checks shown to staff next to the data."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db.models import Sum
from django.urls import reverse

from announcements.services import PlanHasErrors, plan_transition
from plans.models import BudgetLine, OperationalPlan, PlanProject, PlanProjectBudget, Strategy
from projects import checks
from projects.checks import deadline_text, plan_problems
from projects.editions import edition_start
from projects.models import Activity
from projects.services import plan_draft_from_budget
from tests.announcements.conftest import announce
from tests.conftest import category, login, programme

pytestmark = pytest.mark.django_db


def kinds(plan):
    return sorted(p.kind for p in plan_problems(plan))


@pytest.fixture
def complete(activity, budget_line, plan_project, strategies, guidelines, units):
    """A plan with nothing to fix: the road activity drafted from its line, and a strategy 2 activity."""
    activity.budget_line = budget_line
    activity.plan_project = plan_project
    activity.save()
    Activity.objects.create(
        plan=activity.plan, strategy=strategies[2], programme=programme("00220"), name="โครงการรณรงค์ป้องกันโรค",
        budget=Decimal("0"), location="ทุกหมู่บ้าน", unit=units["สำนักปลัด"], months=1,
    )  # fmt: skip
    return activity.plan


def test_a_complete_plan_has_nothing_to_fix(complete):
    assert plan_problems(complete) == []


def test_an_activity_not_in_the_development_plan_for_the_year_links_to_the_amendment(complete, activity, plan_project):
    PlanProjectBudget.objects.filter(project=plan_project).update(fiscal_year=2571)
    [problem] = plan_problems(complete)
    assert problem.kind == "not_in_development_plan"
    assert "ไม่มีงบประมาณปี 2570" in problem.message
    assert [fix.label for fix in problem.fixes] == ["บันทึกการเปลี่ยนแปลงแผนพัฒนา", "เพิ่มงบประมาณปี 2570 ให้โครงการในแผนพัฒนา"]
    assert problem.fixes[0].url.startswith(reverse("plans:planamendment_create", args=[plan_project.development_plan_id]))


def test_an_activity_without_a_plan_project_links_to_adding_it(complete, activity):
    activity.plan_project = None
    activity.save()
    [problem] = plan_problems(complete)
    assert "ไม่ได้เชื่อมกับโครงการในแผนพัฒนา" in problem.message
    add = problem.fixes[-1]
    assert add.label == "เพิ่มโครงการนี้ในแผนพัฒนา" and "name=" in add.url and f"strategy={activity.strategy_id}" in add.url


def test_other_agencies_and_equipment_need_no_development_plan_project(complete, activity):
    Activity.objects.create(
        plan=complete, strategy=activity.strategy, programme=activity.programme, name="ถนนลาดยางของกรมทางหลวงชนบท",
        budget=Decimal("9000000"), other_agency="กรมทางหลวงชนบท", months=7, location="หมู่ที่ 2",
    )  # fmt: skip
    assert plan_problems(complete) == []


def test_a_budget_that_differs_from_its_line(complete, activity):
    activity.budget = Decimal("400000")
    activity.save()
    assert kinds(complete) == ["budget_differs", "programme_vs_ordinance", "strategy_vs_ordinance", "total_mismatch"]
    differs = next(p for p in plan_problems(complete) if p.kind == "budget_differs")
    assert "400,000.00" in differs.message and "450,000.00" in differs.message


def test_budget_lines_that_no_activity_covers(complete, ordinance):
    from plans.models import BudgetLine

    BudgetLine.objects.create(
        ordinance=ordinance, programme=programme("00110"), work="งานบริหารทั่วไป", category=category("ค่าครุภัณฑ์"),
        item="จัดซื้อเครื่องพิมพ์", amount=Decimal("8600"),
    )  # fmt: skip
    BudgetLine.objects.create(
        ordinance=ordinance, programme=programme("00110"), work="งานบริหารทั่วไป", category=category("ค่าวัสดุ"),
        item="ค่าวัสดุสำนักงาน", amount=Decimal("50000"),
    )  # fmt: skip
    problems = plan_problems(complete)
    assert kinds(complete) == ["line_not_covered", "programme_vs_ordinance", "total_mismatch"]
    uncovered = next(p for p in problems if p.kind == "line_not_covered")
    assert "ครุภัณฑ์ “จัดซื้อเครื่องพิมพ์”" in uncovered.message
    total = next(p for p in problems if p.kind == "total_mismatch")
    assert "458,600.00" in total.message and "ต่างกัน 8,600.00" in total.message


@pytest.mark.parametrize(
    "change, kind",
    [({"months": 0}, "no_months"), ({"location": ""}, "no_place"), ({"unit": None}, "no_unit")],
)
def test_missing_months_place_or_unit(complete, activity, change, kind):
    if kind == "no_place":
        activity.villages.clear()
    for field, value in change.items():
        setattr(activity, field, value)
    activity.save()
    assert kinds(complete) == [kind]


def test_a_strategy_with_no_activity(complete, strategic_plan):
    Strategy.objects.create(strategic_plan=strategic_plan, number=3, name="การพัฒนาการบริหารจัดการ")
    [problem] = plan_problems(complete)
    assert problem.kind == "strategy_without_activity" and "ยุทธศาสตร์ที่ 3" in problem.message


def test_checks_cost_the_same_queries_for_few_or_many_activities(complete, activity):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        plan_problems(complete)
    for i in range(40):
        extra = Activity.objects.create(
            plan=complete, strategy=activity.strategy, programme=activity.programme, name=f"โครงการ {i}", budget=Decimal(1)
        )
        extra.villages.set(activity.villages.all())
    with CaptureQueriesContext(connection) as many:
        plan_problems(complete)
    assert len(many) == len(few)


def test_the_deadline_counts_thirty_days_from_the_day_after_enactment(operational_plan, ordinance):
    ordinance.enacted_on = dt.date(2026, 11, 13)  # day 1 is 14 November; day 30 is 13 December
    ordinance.save()
    operational_plan.refresh_from_db()
    assert operational_plan.due_on == dt.date(2026, 12, 13)
    assert deadline_text(operational_plan, dt.date(2026, 11, 25)) == ("เหลือเวลาอีก 18 วัน ต้องประกาศใช้ภายใน 13 ธันวาคม 2569", "ok")
    assert deadline_text(operational_plan, dt.date(2026, 12, 10))[1] == "soon"
    assert deadline_text(operational_plan, dt.date(2026, 12, 13))[0].startswith("ครบกำหนดประกาศใช้วันนี้")
    assert deadline_text(operational_plan, dt.date(2026, 12, 20)) == ("เลยกำหนดประกาศใช้มาแล้ว 7 วัน (ครบกำหนด 13 ธันวาคม 2569)", "late")


def test_the_executive_records_an_extension(executive, staff, operational_plan, ordinance):
    url = reverse("projects:plan_deadline", args=[operational_plan.pk])
    data = {"deadline_extended_to": "15/01/2570", "deadline_extension_reason": "รอหนังสือสั่งการจังหวัด", "version": "1"}
    assert login(staff).post(url, data).status_code == 403
    assert login(executive).get(url).status_code == 405
    assert login(executive).post(url, {**data, "deadline_extension_reason": ""}).status_code == 400
    assert login(executive).post(url, data).status_code == 302
    operational_plan.refresh_from_db()
    assert operational_plan.due_on == dt.date(2027, 1, 15)
    assert "(ขยายเวลาแล้ว)" in deadline_text(operational_plan, dt.date(2026, 12, 20))[0]


def test_the_check_page_lists_problems_with_links_to_fix_them(staff_client, complete, activity):
    activity.months = 0
    activity.save()
    page = staff_client.get(reverse("projects:plan_checks", args=[complete.pk])).content.decode()
    assert "ยังไม่ระบุเดือนที่ดำเนินการ" in page
    assert reverse("projects:activity_update", args=[activity.pk]) + "?next=" in page


def test_the_activity_list_shows_each_activitys_problems(staff_client, complete, activity):
    activity.location = ""
    activity.villages.clear()
    activity.save()
    page = staff_client.get(reverse("projects:activity_list", args=[complete.pk])).content.decode()
    assert 'class="issue-list"' in page and "ยังไม่ระบุสถานที่ดำเนินการ" in page


# --- the chain's numbers: links across strategies, namesakes, totals per strategy and แผนงาน ---------


@pytest.fixture
def namesakes(development_plan, strategies, units):
    """Two development-plan projects with one name, one per strategy, each with 1,000,000 baht in 2570."""
    road = "โครงการก่อสร้างถนนคอนกรีตเสริมเหล็กสายกลางบ้าน"
    projects = {}
    for number in (1, 2):
        projects[number] = PlanProject.objects.create(
            development_plan=development_plan, number=10 + number, strategy=strategies[number], programme=programme("00310"),
            name=road, unit=units["กองช่าง"],
        )  # fmt: skip
        PlanProjectBudget.objects.create(project=projects[number], fiscal_year=2570, amount=Decimal("1000000"))
    return projects


def road_line(ordinance, project, units, order):
    return BudgetLine.objects.create(
        ordinance=ordinance, order=order, programme=programme("00310"), work="งานก่อสร้างโครงสร้างพื้นฐาน",
        category=category("ค่าที่ดินและสิ่งก่อสร้าง"), item=project.name, amount=Decimal("1000000"), unit=units["กองช่าง"],
        plan_project=project,
    )  # fmt: skip


@pytest.fixture
def wrong_match(complete, ordinance, namesakes, units, villages):
    """The issue's case: both lines of the namesakes were matched by name to strategy 1's project, so
    drafting put strategy 2's 1,000,000 baht under strategy 1, and every row on its own looks right."""
    road_line(ordinance, namesakes[1], units, 10)
    road_line(ordinance, namesakes[1], units, 11)  # belongs to namesakes[2]
    plan_draft_from_budget(plan=complete)
    for activity in complete.activities.filter(months=0):
        activity.months, activity.location = 0b111000, "สายกลางบ้าน"
        activity.save()
    return complete


def test_a_line_matched_to_the_namesake_of_another_strategy_is_an_error(wrong_match, namesakes):
    s1 = wrong_match.activities.filter(strategy__number=1).aggregate(total=Sum("budget"))["total"]
    assert s1 == Decimal("2450000")  # the wrong number the checks must catch: 1,000,000 too much under strategy 1
    problems = plan_problems(wrong_match)
    namesake = next(p for p in problems if p.kind == "namesake")
    assert namesake.is_error and namesake.level_label == "ข้อผิดพลาด"
    assert "รายการในข้อบัญญัติ 2 รายการ รวม 2,000,000.00 บาท" in namesake.message
    assert "ยุทธศาสตร์ที่ 2 การพัฒนาคุณภาพชีวิต (1,000,000.00 บาท) ไม่มีรายการใดเชื่อมไว้" in namesake.message
    assert [fix.label for fix in namesake.fixes] == [
        "แก้รายการที่ 1 (1,000,000.00 บาท)",
        "แก้รายการที่ 2 (1,000,000.00 บาท)",
        "ดูโครงการชื่อนี้ในแผนพัฒนา",
    ]
    exceeded = next(p for p in problems if p.kind == "strategy_vs_development")
    assert not exceeded.is_error and "2,450,000.00" in exceeded.message and "1,450,000.00" in exceeded.message
    assert kinds(wrong_match) == ["namesake", "programme_vs_development", "strategy_vs_development"]


def test_the_checks_page_flags_the_wrong_match_and_submitting_is_refused(wrong_match, staff, staff_client):
    page = staff_client.get(reverse("projects:plan_checks", args=[wrong_match.pk])).content.decode()
    assert "ไม่พบปัญหา" not in page
    assert "พบ <strong>ข้อผิดพลาด ๑ เรื่อง</strong> ต้องแก้ก่อนจึงจะเสนอผู้บริหารได้" in page
    assert "หลายรายการเชื่อมกับโครงการเดียว" in page and "สูงกว่าแผนพัฒนา" in page
    with pytest.raises(PlanHasErrors, match="ยังเสนอผู้บริหารไม่ได้: พบข้อผิดพลาด 1 เรื่อง"):
        plan_transition(plan=wrong_match, user=staff, action="submit")
    assert OperationalPlan.objects.get(pk=wrong_match.pk).status == "draft"


def test_relinking_the_line_to_its_namesake_and_the_activity_to_its_strategy_clears_the_error(wrong_match, namesakes, staff):
    line = BudgetLine.objects.get(order=11)
    line.plan_project = namesakes[2]
    line.save()
    errors = {p.kind: p for p in plan_problems(wrong_match) if p.is_error}
    assert errors.keys() == {"link_mismatch", "strategy_vs_ordinance"}  # the line now counts under strategy 2, its activity not yet
    problem = errors["link_mismatch"]
    assert "แต่โครงการในแผนพัฒนาที่เชื่อมไว้ (“โครงการก่อสร้างถนนคอนกรีตเสริมเหล็กสายกลางบ้าน”) อยู่ในยุทธศาสตร์ที่ 2" in problem.message
    assert "เชื่อมกับโครงการในแผนพัฒนาคนละโครงการกับรายการในข้อบัญญัติของตน" in problem.message
    activity = wrong_match.activities.get(budget_line=line)
    activity.strategy, activity.plan_project = namesakes[2].strategy, namesakes[2]
    activity.save()
    assert [p for p in plan_problems(wrong_match) if p.is_error] == []
    plan_transition(plan=wrong_match, user=staff, action="submit")
    assert OperationalPlan.objects.get(pk=wrong_match.pk).status == "submitted"


def test_a_line_of_another_programme_than_its_plan_project_is_an_error(complete, budget_line):
    BudgetLine.objects.filter(pk=budget_line.pk).update(programme=programme("00240"))
    problems = {p.kind: p for p in plan_problems(complete)}
    assert "รายการในข้อบัญญัติอยู่ในแผนงานเคหะและชุมชน แต่โครงการในแผนพัฒนาที่เชื่อมไว้อยู่ในแผนงานอุตสาหกรรมและการโยธา" in (
        problems["link_mismatch"].message
    )
    assert problems["link_mismatch"].is_error
    assert problems["programme_vs_ordinance"].is_error  # 450,000 under one แผนงาน in the plan, under another in the ordinance


def test_totals_per_strategy_and_programme_against_the_ordinance_and_the_development_plan(complete, budget_line, plan_project):
    review = checks.review(complete)
    s1, s2 = review.by_strategy
    assert (s1.plan, s1.ordinance, s1.development, s1.carried_plan, s1.carried_development) == (450000, 450000, 450000, 450000, 450000)
    assert (s2.plan, s2.ordinance) == (0, 0)
    assert [row.label for row in review.by_programme] == ["แผนงานสาธารณสุข", "แผนงานอุตสาหกรรมและการโยธา"]
    PlanProjectBudget.objects.filter(project=plan_project).update(amount=Decimal("400000"))
    [exceeded] = [p for p in plan_problems(complete) if p.kind == "strategy_vs_development"]
    assert exceeded.level == "warning" and "ยุทธศาสตร์ที่ 1" in exceeded.message and "สูงกว่าที่แผนพัฒนาปี 2570 ตั้งไว้" in exceeded.message


def test_warnings_alone_do_not_stop_submission(complete, strategic_plan, staff, staff_client):
    Strategy.objects.create(strategic_plan=strategic_plan, number=3, name="การพัฒนาการบริหารจัดการ")
    [warning] = plan_problems(complete)
    assert warning.level_label == "ข้อควรตรวจสอบ"
    page = staff_client.get(reverse("projects:plan_checks", args=[complete.pk])).content.decode()
    assert "ไม่พบข้อผิดพลาด แผนนี้เสนอผู้บริหารได้ มีข้อควรตรวจสอบ ๑ เรื่อง" in page
    plan_transition(plan=complete, user=staff, action="submit")
    assert OperationalPlan.objects.get(pk=complete.pk).status == "submitted"


def test_the_submit_button_says_why_it_is_refused_and_links_to_the_checks(complete, activity, staff, staff_client):
    activity.months = 0
    activity.save()
    page = staff_client.get(reverse("projects:activity_list", args=[complete.pk])).content.decode()
    assert '<button type="button" class="btn btn-primary" disabled aria-describedby="submit-blocked">เสนอผู้บริหาร</button>' in page
    assert "ยังเสนอผู้บริหารไม่ได้: พบข้อผิดพลาด ๑ เรื่องที่ต้องแก้ก่อนเสนอผู้บริหาร (ยังไม่ระบุเดือนที่ดำเนินการ)" in page
    assert f'href="{reverse("projects:plan_checks", args=[complete.pk])}">ดูรายการและวิธีแก้ที่หน้าตรวจสอบ' in page
    response = staff_client.post(reverse("announcements:plan_submit", args=[complete.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("projects:plan_checks", args=[complete.pk])
    assert "ยังเสนอผู้บริหารไม่ได้" in response.content.decode()
    assert OperationalPlan.objects.get(pk=complete.pk).status == "draft"


def test_an_edition_may_depart_from_the_ordinance_with_a_warning(complete, staff, executive):
    announce(complete, staff, executive)
    edition = edition_start(plan=complete, kind="amending", user=staff)
    road = edition.activities.get(budget_line__isnull=False)
    road.budget = Decimal("430000")  # a transfer approved by the council, not in the ordinance's lines
    road.save()
    problems = plan_problems(edition)
    assert {p.kind for p in problems} == {"budget_differs", "total_mismatch", "strategy_vs_ordinance", "programme_vs_ordinance"}
    assert not any(p.is_error for p in problems)
    plan_transition(plan=edition, user=staff, action="submit")


def test_checks_with_namesakes_and_totals_cost_the_same_queries_for_few_or_many(wrong_match, namesakes, ordinance, units):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        checks.review(wrong_match)
    for i in range(30):
        more = {n: PlanProject.objects.create(development_plan=p.development_plan, strategy=p.strategy, programme=p.programme,
                                              name=f"โครงการที่ {i}") for n, p in namesakes.items()}  # fmt: skip
        for project in more.values():
            PlanProjectBudget.objects.create(project=project, fiscal_year=2570, amount=Decimal("5000"))
        road_line(ordinance, more[1], units, 100 + i)
        road_line(ordinance, more[1], units, 200 + i)
    plan_draft_from_budget(plan=wrong_match)
    with CaptureQueriesContext(connection) as many:
        review = checks.review(wrong_match)
    assert len([p for p in review.problems if p.kind == "namesake"]) == 31
    assert len(many) == len(few)


def test_the_executive_cannot_change_an_announced_plans_deadline(executive, staff, activity):
    from tests.announcements.conftest import announce

    plan = activity.plan
    announce(plan, staff, executive)
    plan.refresh_from_db()
    due = plan.due_on
    url = reverse("projects:plan_deadline", args=[plan.pk])
    data = {"deadline_extended_to": "15/01/2570", "deadline_extension_reason": "ย้อนหลัง", "version": str(plan.version)}
    response = login(executive).post(url, data)
    assert response.status_code == 400 and "แผนนี้ประกาศใช้แล้ว" in response.content.decode()
    plan.refresh_from_db()
    assert (plan.due_on, plan.deadline_extended_to) == (due, None)
    page = login(executive).get(reverse("projects:plan_checks", args=[plan.pk])).content.decode()
    assert url not in page  # the form is not offered
