"""Every kind of อปท. speaks its own words, on every page, document, export and message.

For each kind, one organisation with a whole year (strategies, development plan, budget ordinance,
a plan drafted from it, announced, progress, the monitoring reports) is rendered page by page, and
no page says a word that belongs to another kind: a เทศบาล never reads ข้อบัญญัติ, a city never
หมู่บ้าน, an อบต. never นายกเทศมนตรี.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from openpyxl import load_workbook

from announcements.documents import context as announcement_context
from announcements.models import Announcement
from announcements.services import announcement_draft
from lib import thai
from plans.models import (
    BudgetLine,
    BudgetOrdinance,
    DevelopmentPlan,
    ExpenseCategory,
    ExpenseGroup,
    OperationalPlan,
    Organisation,
    PlanProject,
    PlanProjectBudget,
    Programme,
    Sector,
    StrategicPlan,
    Strategy,
    Unit,
    User,
    Village,
)
from plans.words import COMMUNITY, KINDS, LOCALITIES, VILLAGE, Words
from projects import pdf as plan_pdf
from projects.document import build_document
from projects.evaluation import evaluate
from projects.evaluation_pdf import context as evaluation_context
from projects.evaluation_pdf import six_month_context
from projects.models import Progress
from projects.services import plan_create_from_budget
from projects.six_month import six_month_report
from tests.conftest import login, make_user

pytestmark = pytest.mark.django_db

# kind → (code, name, district, province); no name or place says another kind's word
PLACES = {
    "sao": ("3400101", "หนองบัว", "บ้านไผ่", "ขอนแก่น"),
    "tambon": ("3400102", "นาดี", "บ้านไผ่", "ขอนแก่น"),
    "town": ("3600103", "ชัยภูมิ", "ชัยภูมิ", "ชัยภูมิ"),
    "city": ("3400104", "ขอนแก่น", "ขอนแก่น", "ขอนแก่น"),
    "pao": ("3400105", "ขอนแก่น", "ขอนแก่น", "ขอนแก่น"),
    "pattaya": ("2000106", "พัทยา", "บางละมุง", "ชลบุรี"),
}
CASES = [(kind, "") for kind in KINDS] + [("tambon", COMMUNITY), ("city", VILLAGE)]  # and the setting overriding the kind


def kind_words(kind: str, locality: str = "") -> set[str]:
    """What only an organisation of this kind (and locality) says."""
    words = Words.of(kind, "", locality)
    own = {words.ordinance, words.places.noun, words.places.number}
    if kind == "pattaya":
        return own | {"เมืองพัทยา", "นายกเมืองพัทยา", "สภาเมืองพัทยา"}
    return own | {words.kind.prefix, words.kind.executive, "สภา" + words.kind.prefix, words.kind.abbreviation}


def foreign_words(kind: str, locality: str) -> set[str]:
    every = set().union(*(kind_words(other) for other in KINDS))
    every |= {loc.noun for loc in LOCALITIES.values()} | {loc.number for loc in LOCALITIES.values()}
    return every - kind_words(kind, locality)


def reference_names() -> list[str]:
    """แผนงาน, ด้าน, งบ and หมวด are the same for every kind ("แผนงานเคหะและชุมชน"): not the organisation's words."""
    names = [*Programme.objects.values_list("name", flat=True), *Sector.objects.values_list("name", flat=True)]
    names += [*ExpenseGroup.objects.values_list("name", flat=True), *ExpenseCategory.objects.values_list("name", flat=True)]
    return sorted(names, key=len, reverse=True)


CHOICES = re.compile(r'<select name="(kind|locality)".*?</select>', re.S)  # the organisation form offers every kind and both words


def foreign_in(text: str, kind: str, locality: str) -> list[str]:
    for name in reference_names():
        text = text.replace(name, "")
    text = CHOICES.sub("", text)
    own = kind_words(kind, locality)
    found = []
    for word in foreign_words(kind, locality):
        haystack = text
        for mine in own:  # "ข้อบัญญัติ" is part of "ข้อบัญญัติเมืองพัทยา": look past the organisation's own word
            if word in mine:
                haystack = haystack.replace(mine, "")
        if word in haystack:
            at = haystack.index(word)
            found.append(f"{word!r} in …{haystack[max(0, at - 60) : at + 40]!r}…")
    return found


@pytest.fixture
def year(request):
    """One organisation of the kind with a whole year 2570, announced in October 2569."""
    kind, locality = request.param
    code, name, district, province = PLACES[kind]
    org = Organisation.objects.create(code=code, kind=kind, name=name, district=district, province=province, locality=locality,
                                      executive_name="นายทดสอบ ใจดี")  # fmt: skip
    people = {role: make_user(f"{role}-{code}", org, role) for role in (User.Role.STAFF, User.Role.EXECUTIVE, User.Role.ADMIN)}
    units = {n: Unit.objects.create(organisation=org, name=n) for n in ("สำนักปลัด", "กองช่าง")}
    places = ["บ้านโนนทอง", "บ้านดอนแดง"] if org.words.locality == "หมู่บ้าน" else ["ชุมชนตลาดเก่า", "ชุมชนริมน้ำ"]
    villages = [Village.objects.create(organisation=org, number=n, name=place) for n, place in enumerate(places, 1)]
    strategic = StrategicPlan.objects.create(organisation=org, first_year=2566, last_year=2570, vision="บ้านเมืองน่าอยู่")
    strategies = [
        Strategy.objects.create(strategic_plan=strategic, number=n, name=s) for n, s in enumerate(("โครงสร้างพื้นฐาน", "คุณภาพชีวิต"), 1)
    ]
    development = DevelopmentPlan.objects.create(organisation=org, strategic_plan=strategic, first_year=2566, length=5)
    ordinance = BudgetOrdinance.objects.create(organisation=org, fiscal_year=2570, enacted_on=dt.date(2026, 9, 20))
    for n, (strategy, code_, item, amount, unit) in enumerate(
        [(0, "00310", "โครงการก่อสร้างถนนคอนกรีตเสริมเหล็ก", 450000, "กองช่าง"), (1, "00220", "โครงการป้องกันโรคไข้เลือดออก", 50000, "สำนักปลัด")], 1
    ):
        project = PlanProject.objects.create(development_plan=development, number=n, strategy=strategies[strategy],
                                             programme=Programme.objects.get(code=code_), name=item, unit=units[unit])  # fmt: skip
        PlanProjectBudget.objects.create(project=project, fiscal_year=2570, amount=Decimal(amount))
        BudgetLine.objects.create(ordinance=ordinance, order=n, programme=project.programme, work="งานทั่วไป",
                                  category=ExpenseCategory.objects.get(name="ค่าที่ดินและสิ่งก่อสร้าง"), item=item,
                                  amount=Decimal(amount), unit=units[unit], plan_project=project)  # fmt: skip
    plan, _result = plan_create_from_budget(ordinance=ordinance)
    for activity, village in zip(plan.activities.order_by("pk"), villages, strict=True):
        activity.months = thai.months_to_mask([3, 4, 5])
        activity.save()
        activity.villages.set([village])
    return org, people, plan


def pages_of(org, people, plan) -> dict[str, str]:
    """Every page, document, export and message of the year, as text, by a name for the failure message."""
    admin, executive, staff = login(people["admin"]), login(people["executive"]), login(people["staff"])
    got: dict[str, str] = {}

    def get(name, client, url, **params):
        response = client.get(url, params)
        assert response.status_code == 200, (name, response.status_code)
        got[name] = response.content.decode("utf-8-sig")

    ordinance = plan.ordinance
    drafted = admin.post(reverse("projects:plan_draft", args=[plan.pk]), follow=True)
    got["message after drafting"] = drafted.content.decode()
    for name, url in {
        "home": reverse("plans:home"),
        "ordinances": reverse("plans:budgetordinance_list"),
        "new ordinance": reverse("plans:budgetordinance_create"),
        "budget lines": reverse("plans:budgetline_list", args=[ordinance.pk]),
        "villages": reverse("plans:village_list"),
        "new village": reverse("plans:village_create"),
        "organisation form": reverse("plans:organisation_edit"),
        "plans": reverse("projects:operationalplan_list"),
        "activities": reverse("projects:activity_list", args=[plan.pk]),
        "new activity": reverse("projects:activity_create", args=[plan.pk]),
        "checks": reverse("projects:plan_checks", args=[plan.pk]),
        "document": reverse("projects:plan_document", args=[plan.pk]),
        "introduction": reverse("projects:plan_introduction", args=[plan.pk]),
        "import page": reverse("projects:activity_import"),
    }.items():
        get(name, admin, url)
    template = load_workbook(io.BytesIO(admin.get(reverse("projects:activity_template")).content)).active
    got["import template"] = " ".join(str(cell.value or "") for row in template.iter_rows() for cell in row)
    got["pdf html"] = "".join(html for html, _weight in plan_pdf.chunks(build_document(plan), 1))

    OperationalPlan.objects.filter(pk=plan.pk).update(status=OperationalPlan.Status.APPROVED)  # whatever the checks say
    get("announce page", executive, reverse("announcements:plan_announce", args=[plan.pk]))
    executive.post(reverse("announcements:plan_announce", args=[plan.pk]), {
        **{k: v for k, v in vars(announcement_draft(plan, dt.date(2026, 10, 15))).items() if v is not None},
        "announced_on": "15/10/2569", "posted_on": "15/10/2569", "posted_until": "15/11/2569",
    })  # fmt: skip
    plan.refresh_from_db()
    assert plan.is_announced
    announcement = plan.announcement
    got["announcement document"] = render_to_string("announcements/announcement_document.html", announcement_context(announcement, None))
    for activity in plan.activities.all():
        Progress.objects.create(organisation=org, fiscal_year=2570, key=activity.key, status="delayed", note="รอผู้รับจ้าง")

    code = org.code
    for name, url in {
        "public organisation": reverse("public:organisation", args=[code]),
        "public plan": reverse("public:plan", args=[code, 2570]),
        "public csv": reverse("public:plan_csv", args=[code, 2570, "original"]),
        "public json": reverse("public:plan_json", args=[code, 2570, "original"]),
    }.items():
        get(name, _anonymous(), url)
    sheet = load_workbook(io.BytesIO(_anonymous().get(reverse("public:plan_xlsx", args=[code, 2570, "original"])).content)).active
    got["public xlsx"] = " ".join(str(cell.value or "") for row in sheet.iter_rows() for cell in row)
    get("plan page after announcing", staff, reverse("projects:activity_list", args=[plan.pk]))
    get("six-month page", staff, reverse("projects:six_month", args=[2570]))
    get("evaluation page", staff, reverse("projects:evaluation", args=[2570]))
    got["six-month document"] = render_to_string("projects/six_month_document.html", six_month_context(six_month_report(org, 2570)))
    got["evaluation document"] = render_to_string("projects/evaluation_document.html", evaluation_context(evaluate(org, 2570)))
    dates = {"presented_to_council_on": "01/10/2570", "presented_to_committee_on": "02/10/2570", "preview": "1"}
    got["evaluation announce page"] = executive.post(reverse("announcements:evaluation_announce", args=[2570]), dates).content.decode()
    got["six-month announce page"] = executive.get(reverse("announcements:six_month_announce", args=[2570])).content.decode()
    evaluation = Announcement(organisation=org, kind="evaluation", fiscal_year=2570, number="1/2570", announced_on=dt.date(2027, 12, 10),
                              heading="ประกาศผล", body="ข้อความ", signer_name="นายทดสอบ ใจดี", signer_title=org.signing_title,
                              presented_to_council_on=dt.date(2027, 12, 1), presented_to_committee_on=dt.date(2027, 12, 2),
                              posted_on=dt.date(2027, 12, 10), posted_until=dt.date(2028, 1, 10))  # fmt: skip
    got["evaluation announcement document"] = render_to_string(
        "announcements/announcement_document.html", announcement_context(evaluation, None)
    )
    return got


def _anonymous():
    from django.test import Client

    return Client()


@pytest.mark.parametrize("year", CASES, indirect=True, ids=[f"{kind}{'-' + locality if locality else ''}" for kind, locality in CASES])
def test_no_page_or_document_says_a_word_of_another_kind(year):
    org, people, plan = year
    pages = pages_of(org, people, plan)
    problems = {name: found for name, text in pages.items() if (found := foreign_in(text, org.kind, org.locality))}
    assert not problems, f"{org.full_name} ({org.words.locality}):\n" + "\n".join(f"{name}: {found}" for name, found in problems.items())
    # ... and it does say its own.
    words = org.words
    assert words.budget_ordinance in pages["home"] and words.locality in pages["villages"]
    assert words.council in pages["evaluation announce page"] and words.council in pages["evaluation announcement document"]
    assert words.executive_title in pages["announcement document"]
    assert words.every_locality in pages["public plan"]
    assert f"{words.locality}ของตน" in pages["pdf html"]
    assert words.ordinance in pages["message after drafting"]


def test_the_words_of_each_kind():
    assert Words.of("sao", "หนองบัว").budget_ordinance == "ข้อบัญญัติงบประมาณ"
    assert Words.of("city", "ขอนแก่น").budget_ordinance == "เทศบัญญัติงบประมาณ"
    assert Words.of("pattaya", "พัทยา").ordinance_on("งบประมาณรายจ่ายประจำปีงบประมาณ พ.ศ. 2570") == (
        "ข้อบัญญัติเมืองพัทยา เรื่อง งบประมาณรายจ่ายประจำปีงบประมาณ พ.ศ. 2570"
    )
    assert [Words.of(kind, "").locality for kind in KINDS] == ["หมู่บ้าน", "หมู่บ้าน", "ชุมชน", "ชุมชน", "หมู่บ้าน", "หมู่บ้าน"]
    assert Words.of("tambon", "นาคำ", COMMUNITY).locality == "ชุมชน"  # the organisation's setting over its kind's default
    councils = [Words.of(kind, PLACES[kind][1]).council for kind in KINDS]
    assert councils == ["สภาองค์การบริหารส่วนตำบลหนองบัว", "สภาเทศบาลตำบลนาดี", "สภาเทศบาลเมืองชัยภูมิ", "สภาเทศบาลนครขอนแก่น",
                        "สภาองค์การบริหารส่วนจังหวัดขอนแก่น", "สภาเมืองพัทยา"]  # fmt: skip
    assert Words.of("town", "ชัยภูมิ").executive_title == "นายกเทศมนตรีเมืองชัยภูมิ"
    pattaya = Words.of("pattaya", "พัทยา")
    assert pattaya.speak(pattaya.speak("ข้อบัญญัติงบประมาณ และหมู่ที่ 3")) == "ข้อบัญญัติเมืองพัทยา เรื่อง งบประมาณ และหมู่ที่ 3"  # idempotent
    assert Words.of("city", "ขอนแก่น").speak("ไม่พบหมู่ที่ 3 ในข้อมูลหมู่บ้านของ อบต.") == "ไม่พบชุมชนที่ 3 ในข้อมูลชุมชนของ ทน."
