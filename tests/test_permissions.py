"""The permission matrix: every URL pattern of the site has a rule, and every rule is tried.

Each pattern is requested by anonymous visitors, by each role of หนองบัว (staff, executive,
organisation admin) and by a user of another organisation (นาดี), with GET and POST, on records
of both organisations. A URL added without a rule here fails `test_every_url_pattern_has_a_rule`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from collections.abc import Callable
from decimal import Decimal

import pikepdf
import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from PIL import Image

from announcements.models import Announcement
from announcements.services import announcement_draft, plan_announce, plan_transition
from lib import thai
from plans.importing import project_headers, template_workbook
from plans.models import (
    BudgetLine,
    BudgetOrdinance,
    DevelopmentPlan,
    Guideline,
    Job,
    OperationalPlan,
    Organisation,
    PendingImport,
    PlanAmendment,
    PlanProject,
    PlanProjectBudget,
    StrategicPlan,
    Strategy,
    Unit,
    User,
    Village,
)
from projects.editions import edition_start
from projects.importer import template as activity_template
from projects.models import Activity, Progress, ProgressPhoto
from tests.conftest import category, login, make_user, programme

pytestmark = pytest.mark.django_db

YEAR = 2570
STAFF, EXECUTIVE, ADMIN = User.Role.STAFF, User.Role.EXECUTIVE, User.Role.ADMIN
EDIT = (STAFF, ADMIN)
MEMBERS = (STAFF, EXECUTIVE, ADMIN)


# --- the world each organisation has ---------------------------------------------------------------


@dataclasses.dataclass
class World:
    """One organisation with a record of every kind: an announced 2570 plan, a draft amending edition
    of it, progress with a photo, an import waiting at its review, and its three users."""

    org: Organisation
    users: dict[str, User]
    unit: Unit
    village: Village
    strategic_plan: StrategicPlan
    strategy: Strategy
    guideline: Guideline
    development_plan: DevelopmentPlan
    amendment: PlanAmendment
    plan_project: PlanProject
    ordinance: BudgetOrdinance
    budget_line: BudgetLine
    announced: OperationalPlan
    draft: OperationalPlan
    activity: Activity
    tracked: Activity
    photo: ProgressPhoto
    project_import: PendingImport
    activity_import: PendingImport
    job: Job


def small_pdf() -> bytes:
    out = io.BytesIO()
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.save(out)
    return out.getvalue()


def small_png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), "green").save(out, "PNG")
    return out.getvalue()


@pytest.fixture(autouse=True)
def stored_documents_are_small(monkeypatch):
    """Announcing renders two PDFs (a second each); this matrix asks who may read them, not what
    they say (tests/announcements and tests/projects/test_pdf.py look at them), so a one-page PDF
    is stored instead."""

    def store(announcement: Announcement) -> Announcement:
        announcement.pdf.save(f"announcement-{announcement.slug}.pdf", ContentFile(small_pdf()), save=False)
        announcement.plan_pdf.save(f"document-{announcement.slug}.pdf", ContentFile(small_pdf()), save=False)
        Announcement.objects.filter(pk=announcement.pk).update(pdf=announcement.pdf.name, plan_pdf=announcement.plan_pdf.name)
        return announcement

    monkeypatch.setattr("announcements.services.store_documents", store)


def build_world(org: Organisation, prefix: str) -> World:
    users = {role: make_user(f"{prefix}-{role}", org, role) for role in MEMBERS}
    Organisation.objects.filter(pk=org.pk).update(executive_name="นายสมชาย รักถิ่น")
    org.refresh_from_db()
    unit = Unit.objects.create(organisation=org, name="กองช่าง", order=1)
    village = Village.objects.create(organisation=org, number=1, name="บ้านหนองบัว")
    strategic_plan = StrategicPlan.objects.create(organisation=org, first_year=2566, last_year=2570, vision="น่าอยู่")
    strategy = Strategy.objects.create(strategic_plan=strategic_plan, number=1, name="การพัฒนาโครงสร้างพื้นฐาน")
    guideline = Guideline.objects.create(strategy=strategy, number=1, name="ก่อสร้างและปรับปรุงถนน")
    development_plan = DevelopmentPlan.objects.create(organisation=org, strategic_plan=strategic_plan, first_year=2566, length=5)
    amendment = PlanAmendment.objects.create(development_plan=development_plan, number=1)
    plan_project = PlanProject.objects.create(
        development_plan=development_plan, number=1, strategy=strategy, guideline=guideline, programme=programme("00310"),
        name="โครงการก่อสร้างถนน หมู่ที่ 1", unit=unit,
    )  # fmt: skip
    PlanProjectBudget.objects.create(project=plan_project, fiscal_year=YEAR, amount=Decimal("450000"))
    ordinance = BudgetOrdinance.objects.create(organisation=org, fiscal_year=YEAR, enacted_on=dt.date(2026, 9, 20))
    budget_line = BudgetLine.objects.create(
        ordinance=ordinance, programme=programme("00310"), work="งานก่อสร้าง", category=category("ค่าที่ดินและสิ่งก่อสร้าง"),
        item=plan_project.name, amount=Decimal("450000"), unit=unit, plan_project=plan_project,
    )  # fmt: skip
    announced = OperationalPlan.objects.create(
        organisation=org, fiscal_year=YEAR, strategic_plan=strategic_plan, development_plan=development_plan, ordinance=ordinance
    )
    first = Activity.objects.create(
        plan=announced, budget_line=budget_line, plan_project=plan_project, strategy=strategy, guideline=guideline,
        programme=programme("00310"), name=plan_project.name, budget=Decimal("450000"), location="หมู่ที่ 1", unit=unit,
        months=thai.months_to_mask([3, 4]),
    )  # fmt: skip
    first.villages.set([village])
    plan_transition(plan=announced, user=users[STAFF], action="submit")
    plan_transition(plan=announced, user=users[EXECUTIVE], action="approve")
    plan_announce(plan=announced, user=users[EXECUTIVE], draft=announcement_draft(announced, dt.date(2026, 10, 15)))
    announced.refresh_from_db()
    draft = edition_start(plan=announced, kind=OperationalPlan.Edition.AMENDING, user=users[STAFF])
    progress = Progress.objects.create(organisation=org, fiscal_year=YEAR, key=first.key, percent=50)
    photo = ProgressPhoto(progress=progress, caption="ภาพ")
    photo.image.save("photo.png", ContentFile(small_png()), save=True)
    waiting = {"organisation": org, "user": users[STAFF], "filename": "f.xlsx"}
    projects_file = template_workbook(project_headers(development_plan), [], "โครงการ")
    project_import = PendingImport.objects.create(
        kind=PendingImport.Kind.PLAN_PROJECTS, target_id=development_plan.pk, content=projects_file, **waiting
    )
    activity_import = PendingImport.objects.create(
        kind=PendingImport.Kind.ACTIVITIES, options={"year": YEAR}, content=activity_template(org.words), **waiting
    )
    job = Job.objects.create(organisation=org, user=users[STAFF], kind="plan_pdf", subject_id=str(draft.pk), title="สร้าง PDF",
                             status=Job.Status.DONE, result_name="แผน.pdf")  # fmt: skip
    job.result.save("result.pdf", ContentFile(small_pdf()))
    return World(
        org, users, unit, village, strategic_plan, strategy, guideline, development_plan, amendment, plan_project, ordinance,
        budget_line, announced, draft, draft.activities.get(), first, photo, project_import, activity_import, job,
    )  # fmt: skip


@pytest.fixture
def worlds(org, other_org) -> tuple[World, World]:
    return build_world(org, "own"), build_world(other_org, "other")


# --- the rules -----------------------------------------------------------------------------------

PUBLIC = "public"  # anyone, logged in or not, of any organisation
ANY_USER = "any user"  # anyone (login, logout)
SHOWN = (200,)  # a page that only shows answers a POST as it answers a GET
FORM = (200, 302)  # a form: shown again with its errors, or saved and redirected
REFUSED = (405,)


@dataclasses.dataclass(frozen=True)
class Rule:
    """Who may use a URL: `roles` of the record's own organisation (or PUBLIC / ANY_USER), the URL's
    arguments made from a World, and what an allowed GET and POST answer. Roles not allowed get
    `denied` (403, or 404 where a record is one user's own); users of the other organisation get 404
    for this one's records; anonymous visitors are sent to log in."""

    roles: tuple[str, ...] | str
    args: Callable[[World], dict] = lambda w: {}
    get: tuple[int, ...] = (200,)
    post: tuple[int, ...] = FORM
    own_records: bool = True  # False: the URL names no record, so another organisation's ids do not apply
    denied: tuple[int, ...] = (403,)
    destructive: bool = False  # the first allowed POST that succeeds removes the record


def pk(attribute: str) -> Callable[[World], dict]:
    return lambda w: {"pk": getattr(w, attribute).pk}


def parent(attribute: str) -> Callable[[World], dict]:
    return lambda w: {"parent_pk": getattr(w, attribute).pk}


def year(w: World) -> dict:
    return {"year": YEAR}


def organisation(**more) -> Callable[[World], dict]:
    return lambda w: {"code": w.org.code, **more}


def edition(**more) -> Callable[[World], dict]:
    return lambda w: {"code": w.org.code, "year": YEAR, "edition": w.announced.edition_slug, **more}


def record_rules(url_prefix: str, kind: str, attribute: str, parent_attribute: str | None, has_list: bool = True) -> dict[str, Rule]:
    """The four generic pages of a kind of record (plans/crud.py): staff and the organisation admin
    enter data; the executive reads the lists. A record others depend on is not deleted (409)."""
    owner = parent(parent_attribute) if parent_attribute else (lambda w: {})
    rules = {
        f"{url_prefix}:{kind}_create": Rule(EDIT, owner, own_records=bool(parent_attribute)),
        f"{url_prefix}:{kind}_update": Rule(EDIT, pk(attribute)),
        f"{url_prefix}:{kind}_delete": Rule(EDIT, pk(attribute), post=(302, 409), destructive=True),
    }
    if has_list:
        rules[f"{url_prefix}:{kind}_list"] = Rule(MEMBERS, owner, post=REFUSED, own_records=bool(parent_attribute))
    return rules


def post_only(roles, args) -> Rule:
    return Rule(roles, args, get=REFUSED, post=(302,))


RULES: dict[str, Rule] = {
    "health": Rule(PUBLIC, post=REFUSED, own_records=False),
    "emblem": Rule(PUBLIC, organisation(), get=(404,), post=(404,)),  # no emblem uploaded
    "photo": Rule(PUBLIC, pk("photo"), post=SHOWN),
    "login": Rule(ANY_USER, own_records=False),
    "logout": Rule(ANY_USER, get=REFUSED, post=(302,), own_records=False),
    # plans
    "plans:home": Rule(MEMBERS, post=SHOWN, own_records=False),
    "plans:organisation_edit": Rule((ADMIN,), own_records=False),
    "plans:user_list": Rule((ADMIN,), post=SHOWN, own_records=False),
    "plans:user_create": Rule((ADMIN,), own_records=False),
    "plans:user_update": Rule((ADMIN,), lambda w: {"pk": w.users[STAFF].pk}),
    "plans:password_change": Rule(MEMBERS, own_records=False),
    "plans:role_history": Rule((ADMIN,), post=SHOWN, own_records=False),
    "plans:planproject_import": post_only(EDIT, pk("development_plan")),
    "plans:planproject_template": Rule(MEMBERS, pk("development_plan"), post=SHOWN),
    "plans:budgetline_import": post_only(EDIT, pk("ordinance")),
    "plans:budgetline_template": Rule(MEMBERS, pk("ordinance"), post=SHOWN),
    # A file waiting for review is its uploader's own: another member of the organisation gets 404.
    "plans:import_review": Rule((STAFF,), pk("project_import"), post=(302,), denied=(403, 404)),
    # A background job (a PDF, an import) and its file: every member of its organisation follows it.
    "plans:job": Rule(MEMBERS, pk("job"), post=SHOWN),
    "plans:job_file": Rule(MEMBERS, pk("job"), post=SHOWN),
    **record_rules("plans", "unit", "unit", None),
    **record_rules("plans", "village", "village", None),
    **record_rules("plans", "strategicplan", "strategic_plan", None),
    **record_rules("plans", "strategy", "strategy", "strategic_plan"),
    **record_rules("plans", "guideline", "guideline", "strategy", has_list=False),
    **record_rules("plans", "developmentplan", "development_plan", None),
    **record_rules("plans", "planamendment", "amendment", "development_plan", has_list=False),
    **record_rules("plans", "planproject", "plan_project", "development_plan"),
    **record_rules("plans", "budgetordinance", "ordinance", None),
    **record_rules("plans", "budgetline", "budget_line", "ordinance"),
    # projects
    "projects:plan_draft": post_only(EDIT, pk("draft")),
    "projects:plan_checks": Rule(MEMBERS, pk("draft"), post=SHOWN),
    "projects:plan_deadline": post_only((EXECUTIVE,), pk("draft")),
    "projects:activity_bulk": Rule(EDIT, pk("draft")),
    "projects:activity_bulk_undo": post_only(EDIT, pk("draft")),
    "projects:plan_introduction": Rule(EDIT, pk("draft")),
    "projects:plan_document": Rule(MEMBERS, pk("draft"), post=SHOWN),
    "projects:plan_pdf": Rule(MEMBERS, pk("draft"), post=SHOWN),
    "projects:plan_pdf_job": post_only(MEMBERS, pk("draft")),
    "projects:plan_from_ordinance": post_only(EDIT, pk("ordinance")),
    "projects:plan_progress": Rule(EDIT, pk("announced")),
    "projects:progress_sheet": Rule(EDIT, pk("announced"), post=SHOWN),
    "projects:progress_upload": post_only(EDIT, pk("announced")),
    "projects:activity_photos": Rule(EDIT, pk("tracked")),
    "projects:activity_import": Rule(EDIT, own_records=False),
    "projects:activity_template": Rule(MEMBERS, post=SHOWN, own_records=False),
    "projects:import_review": Rule((STAFF,), pk("activity_import"), post=(302,), denied=(403, 404)),
    "projects:plan_export": Rule(MEMBERS, lambda w: {"pk": w.draft.pk, "kind": "xlsx"}, post=SHOWN),
    "projects:evaluation": Rule(MEMBERS, year, own_records=False),
    "projects:evaluation_pdf": Rule(MEMBERS, year, post=SHOWN, own_records=False),
    "projects:evaluation_csv": Rule(MEMBERS, year, post=SHOWN, own_records=False),
    "projects:evaluation_xlsx": Rule(MEMBERS, year, post=SHOWN, own_records=False),
    "projects:six_month": Rule(MEMBERS, year, own_records=False),
    "projects:six_month_file": Rule(MEMBERS, lambda w: {"year": YEAR, "kind": "xlsx"}, post=SHOWN, own_records=False),
    **record_rules("projects", "operationalplan", "draft", None),
    **record_rules("projects", "activity", "activity", "draft"),
    # announcements
    "announcements:plan_submit": post_only(EDIT, pk("draft")),
    "announcements:plan_approve": post_only((EXECUTIVE,), pk("draft")),
    "announcements:plan_return": post_only((EXECUTIVE,), pk("draft")),
    "announcements:plan_announce": Rule((EXECUTIVE,), pk("draft"), get=(302,), post=(302,)),  # a draft: back to its page
    "announcements:announcement_scan": post_only(EDIT, pk("announced")),  # staff upload the copy signed in ink
    "announcements:edition_start": post_only(EDIT, pk("announced")),
    "announcements:plan_history": Rule(MEMBERS, pk("announced"), post=SHOWN),
    "announcements:evaluation_announce": Rule((EXECUTIVE,), year, own_records=False),
    "announcements:six_month_announce": Rule((EXECUTIVE,), year, own_records=False),
    # public: announced editions are everyone's; what is not announced is 404 to everyone
    "public:home": Rule(PUBLIC, post=SHOWN, own_records=False),
    "public:organisation": Rule(PUBLIC, organisation(), post=SHOWN),
    "public:plan": Rule(PUBLIC, organisation(year=YEAR), post=SHOWN),
    "public:evaluation": Rule(PUBLIC, organisation(year=YEAR), get=(404,), post=(404,)),
    "public:evaluation_file": Rule(PUBLIC, organisation(year=YEAR, which="report.pdf"), get=(404,), post=(404,)),
    "public:six_month": Rule(PUBLIC, organisation(year=YEAR), get=(404,), post=(404,)),
    "public:six_month_file": Rule(PUBLIC, organisation(year=YEAR, name="report"), get=(404,), post=(404,)),
    "public:six_month_data": Rule(PUBLIC, organisation(year=YEAR, kind="csv"), get=(404,), post=(404,)),
    "public:plan_edition": Rule(PUBLIC, edition(), post=SHOWN),
    "public:plan_pdf": Rule(PUBLIC, edition(), post=SHOWN),
    "public:announcement_pdf": Rule(PUBLIC, edition(), post=SHOWN),
    "public:signed_scan": Rule(PUBLIC, edition(), get=(404,), post=(404,)),  # no scan uploaded
    "public:plan_csv": Rule(PUBLIC, edition(), post=SHOWN),
    "public:plan_xlsx": Rule(PUBLIC, edition(), post=SHOWN),
    "public:plan_json": Rule(PUBLIC, edition(), post=SHOWN),
    "public:province": Rule(PUBLIC, lambda w: {"province": w.org.province}, post=SHOWN, own_records=False),
    "public:province_search": Rule(PUBLIC, lambda w: {"province": w.org.province}, post=SHOWN, own_records=False),
    "public:open_data": Rule(PUBLIC, post=SHOWN, own_records=False),
    # a year's files exist once a plan's announcement has committed (this test's transaction never does)
    "public:open_data_file": Rule(PUBLIC, lambda w: {"year": YEAR, "kind": "csv"}, get=(200, 404), post=(200, 404), own_records=False),
}


def url_names() -> list[str]:
    """The name of every URL pattern the site answers, Django's admin (its own permissions) aside."""

    def walk(patterns, namespace: str | None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = ":".join(filter(None, [namespace, pattern.namespace])) or None
                if inner != "admin":
                    yield from walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern):
                yield f"{namespace}:{pattern.name}" if namespace else str(pattern.name)

    return sorted(set(walk(get_resolver().url_patterns, None)))


def test_every_url_pattern_has_a_rule():
    missing = [name for name in url_names() if name not in RULES]
    assert not missing, f"URLs without a permission rule in tests/test_permissions.py: {missing}"
    assert not set(RULES) - set(url_names()), "rules for URLs that no longer exist"


# --- trying each rule ----------------------------------------------------------------------------


def ask(client, method: str, url: str):
    return client.get(url) if method == "get" else client.post(url, {})


def expect(client, method: str, url: str, statuses: tuple[int, ...], who: str):
    response = ask(client, method, url)
    assert response.status_code in statuses, f"{who} {method.upper()} {url}: {response.status_code}, expected {statuses}"
    return response


@pytest.mark.parametrize("name", sorted(RULES))
def test_the_rule_holds(worlds, name):
    own, other = worlds
    rule = RULES[name]
    url = reverse(name, kwargs=rule.args(own))
    others_url = reverse(name, kwargs=rule.args(other))
    anonymous = Client()
    outsider = login(other.users[STAFF])
    cast = {role: login(own.users[role]) for role in MEMBERS}

    if rule.roles in (PUBLIC, ANY_USER):
        everyone = {"anonymous": anonymous, "outsider": outsider, **cast} if rule.roles == PUBLIC else {"anonymous": anonymous}
        for who, client in everyone.items():
            expect(client, "get", url, rule.get, who)
            expect(client, "post", url, rule.post, who)
        return

    for method in ("get", "post"):
        if method == "get" and rule.get == REFUSED:
            expect(anonymous, method, url, REFUSED, "anonymous")  # a POST-only address says so to anyone
            continue
        response = expect(anonymous, method, url, (302,), "anonymous")
        assert response["Location"].startswith(reverse("login")), f"anonymous {method.upper()} {url}: not sent to log in"
    for role, client in cast.items():
        if role not in rule.roles:
            for method in ("get", "post"):
                expect(client, method, url, REFUSED if (method == "get" and rule.get == REFUSED) else rule.denied, role)
    if rule.own_records:
        # Another organisation's records do not exist for this one's users, and the reverse.
        for method in ("get", "post"):
            if method == "get" and rule.get == REFUSED:
                continue
            refused = REFUSED if (method == "post" and rule.post == REFUSED) else ()  # a method no one may use
            expect(outsider, method, url, ((404,) if STAFF in rule.roles else (403, 404)) + refused, "outsider")
            for role, client in cast.items():
                expect(client, method, others_url, ((404,) if role in rule.roles else (403, 404)) + refused, f"{role} (other's id)")
    # The allowed roles last (a POST may delete, announce or start an edition).
    for role in rule.roles:
        expect(cast[role], "get", url, rule.get, role)
    for role in rule.roles:
        response = expect(cast[role], "post", url, rule.post, role)
        if rule.destructive and response.status_code == 302:
            break
