"""The province page (who announced the year's plan, budgets by strategy, latest reports) and the
text search across every plan of a province, on SQLite and on PostgreSQL."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse

from announcements.models import Announcement
from plans.models import OperationalPlan, Organisation, StrategicPlan, Strategy, Unit, User
from projects.models import Activity
from tests.announcements.conftest import announce_as_it_is
from tests.conftest import make_user, programme

pytestmark = pytest.mark.django_db
PROVINCE = "ขอนแก่น"


def province_url(name=PROVINCE):
    return reverse("public:province", args=[name])


def search(client, query, province=PROVINCE):
    return client.get(reverse("public:province_search", args=[province]), {"q": query})


def neighbour(code: str, name: str, province: str, activities: list[tuple[str, str, str]]) -> Organisation:
    """Another organisation with an announced plan of 2570: (strategy name, activity name, budget) rows."""
    org = Organisation.objects.create(
        code=code, kind=Organisation.Kind.TAMBON, name=name, district="บ้านไผ่", province=province, executive_name="นายวิชัย ใจดี"
    )
    strategic = StrategicPlan.objects.create(organisation=org, first_year=2566, last_year=2570)
    plan = OperationalPlan.objects.create(organisation=org, fiscal_year=2570, strategic_plan=strategic)
    unit = Unit.objects.create(organisation=org, name="กองช่าง")
    numbers: dict[str, Strategy] = {}
    for strategy_name, activity_name, budget in activities:
        strategy = numbers.get(strategy_name) or Strategy.objects.create(
            strategic_plan=strategic, number=len(numbers) + 1, name=strategy_name
        )
        numbers[strategy_name] = strategy
        Activity.objects.create(plan=plan, strategy=strategy, programme=programme("00310"), name=activity_name,
                                details="ตามแบบแปลนของ อปท.", budget=Decimal(budget), unit=unit)  # fmt: skip
    announce_as_it_is(plan, make_user(f"boss{code}", org, User.Role.EXECUTIVE))
    return org


@pytest.fixture
def khon_kaen(announced, other_org):
    """หนองบัว (announced: a road, 450,000 under การพัฒนาโครงสร้างพื้นฐาน), นาดี (no plan yet), and
    บ้านแฮด, announced, with a road and a health project; ศรีราชา in another province."""
    neighbour("3400303", "บ้านแฮด", PROVINCE, [
        ("การพัฒนาโครงสร้างพื้นฐาน", "โครงการปรับปรุงถนนลูกรังสายหนองแวง", "200000"),
        ("การพัฒนาคุณภาพชีวิต", "โครงการส่งเสริมสุขภาพผู้สูงอายุ", "30000"),
    ])  # fmt: skip
    neighbour("2000101", "ศรีราชา", "ชลบุรี", [("การพัฒนาโครงสร้างพื้นฐาน", "โครงการก่อสร้างถนนเลียบชายหาด", "9000000")])
    return announced


def test_the_province_page_tells_who_announced_the_plan_of_the_year_and_who_not(client, khon_kaen):
    response = client.get(province_url())
    page = response.content.decode()
    rows = {row.organisation.name: row for row in response.context["province"].rows}
    assert set(rows) == {"หนองบัว", "นาดี", "บ้านแฮด"}  # ศรีราชา is in ชลบุรี
    assert rows["หนองบัว"].plan and rows["บ้านแฮด"].plan and rows["นาดี"].plan is None
    assert "ประกาศใช้แล้ว ๒ แห่ง จาก ๓ แห่ง" in page
    assert "ยังไม่ประกาศ" in page
    assert reverse("public:plan", args=["3400101", 2570]) in page


def test_the_province_page_adds_up_budgets_by_strategy_over_its_organisations(client, khon_kaen):
    province = client.get(province_url()).context["province"]
    totals = {total.name: (total.activities, total.budget) for total in province.totals}
    assert totals == {"การพัฒนาโครงสร้างพื้นฐาน": (2, Decimal("650000")), "การพัฒนาคุณภาพชีวิต": (1, Decimal("30000"))}
    assert province.budget == Decimal("680000")
    by_name = {row.organisation.name: row for row in province.rows}
    assert [(s.number, s.name, s.budget) for s in by_name["บ้านแฮด"].strategies] == [
        (1, "การพัฒนาโครงสร้างพื้นฐาน", Decimal("200000")), (2, "การพัฒนาคุณภาพชีวิต", Decimal("30000")),
    ]  # fmt: skip
    assert "๖๘๐,๐๐๐.๐๐" in client.get(province_url()).content.decode()


def test_the_province_page_links_each_organisations_latest_reports(client, khon_kaen, executive):
    common = dict(organisation=executive.organisation, heading="รายงาน", body="รายงาน", signer_name="นายสมชาย", signer_title="นายก",
                  announced_by=executive)  # fmt: skip
    for kind, year, number in (("six_month", 2568, "7/2568"), ("six_month", 2569, "8/2569"), ("evaluation", 2568, "9/2568")):
        day = dt.date(year - 543, 4, 20)
        Announcement.objects.create(kind=kind, fiscal_year=year, number=number, announced_on=day, posted_on=day,
                                    posted_until=day + dt.timedelta(days=30), **common)  # fmt: skip
    page = client.get(province_url()).content.decode()
    assert reverse("public:six_month", args=["3400101", 2569]) in page
    assert reverse("public:six_month", args=["3400101", 2568]) not in page  # only the latest
    assert reverse("public:evaluation", args=["3400101", 2568]) in page


def test_an_unknown_province_is_not_found(client, khon_kaen):
    assert client.get(province_url("แอตแลนติส")).status_code == 404
    assert search(client, "ถนน", province="แอตแลนติส").status_code == 404


def test_the_home_page_leads_to_the_province(client, khon_kaen):
    home = client.get(reverse("public:home")).content.decode()
    assert province_url() in home and province_url("ชลบุรี") in home
    found = client.get(reverse("public:home"), {"q": "ขอนแก่น"}).content.decode()
    assert f"ภาพรวมจังหวัด{PROVINCE}" in found


def test_the_search_finds_a_thai_word_inside_longer_names_across_the_province(client, khon_kaen):
    found = [a.name for a in search(client, "ถนน").context["page_obj"]]
    # Thai has no spaces: "ถนน" sits inside "ก่อสร้างถนนคอนกรีต" and "ปรับปรุงถนนลูกรัง"; ชลบุรี's road is not in ขอนแก่น.
    assert sorted(found) == ["โครงการก่อสร้างถนนคอนกรีตเสริมเหล็ก หมู่ที่ 1", "โครงการปรับปรุงถนนลูกรังสายหนองแวง"]
    assert "พบ ๒ โครงการ" in search(client, "ถนน").content.decode()


def test_the_search_reads_the_details_and_wants_every_word(client, khon_kaen):
    assert [a.name for a in search(client, "แบบแปลน").context["page_obj"]] == [
        "โครงการปรับปรุงถนนลูกรังสายหนองแวง", "โครงการส่งเสริมสุขภาพผู้สูงอายุ",
    ]  # fmt: skip
    assert [a.name for a in search(client, "ถนน ลูกรัง").context["page_obj"]] == ["โครงการปรับปรุงถนนลูกรังสายหนองแวง"]
    assert search(client, "สะพานแขวน").context["page_obj"].paginator.count == 0
    assert search(client, "").context["page_obj"] is None


def test_the_search_leaves_out_plans_not_announced(client, khon_kaen, other_org, strategic_plan, strategies):
    plan = OperationalPlan.objects.create(
        organisation=other_org,
        fiscal_year=2570,
        strategic_plan=StrategicPlan.objects.create(organisation=other_org, first_year=2566, last_year=2570),
    )
    strategy = Strategy.objects.create(strategic_plan=plan.strategic_plan, number=1, name="ถนน")
    Activity.objects.create(plan=plan, strategy=strategy, programme=programme("00310"), name="โครงการถนนในร่าง", budget=Decimal("1"))
    assert "โครงการถนนในร่าง" not in [a.name for a in search(client, "ถนน").context["page_obj"]]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigram indexes exist on PostgreSQL")
def test_a_thai_word_is_looked_up_in_the_trigram_indexes(khon_kaen):
    """The search compares a Thai word with LIKE on the plain columns, which the indexes cover."""
    from public.province import search_activities

    assert "LIKE %ถนน%" in str(search_activities(PROVINCE, 2570, "ถนน").query).replace("::text", "")
    with connection.cursor() as cursor:
        # A table of a few rows would be scanned anyway: leave the planner only bitmap scans, which
        # a B-tree index can make only from a condition on its columns.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
    assert "activity_name_trgm" in Activity.objects.filter(name__contains="ถนน").order_by().values("pk").explain()
    assert "activity_details_trgm" in Activity.objects.filter(details__contains="ถนน").order_by().values("pk").explain()


def test_a_word_with_letters_of_either_case_is_found_whatever_its_case(client, khon_kaen):
    Activity.objects.filter(name__contains="ลูกรัง").update(name="โครงการปรับปรุงถนน Asphalt สายหนองแวง")
    assert [a.name for a in search(client, "asphalt").context["page_obj"]] == ["โครงการปรับปรุงถนน Asphalt สายหนองแวง"]
