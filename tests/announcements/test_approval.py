"""The plan's way from draft to announced: who may take each step, in which state, exactly once."""

import threading
from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse

from announcements.models import Announcement, Review
from announcements.services import TransitionError, announcement_draft, plan_announce, plan_transition
from plans.models import BudgetLine, OperationalPlan, User
from projects.models import Activity, FrozenPlan
from tests.conftest import login

pytestmark = pytest.mark.django_db
Status = OperationalPlan.Status


def status(plan):
    plan.refresh_from_db()
    return plan.status


def test_draft_submitted_approved_announced(operational_plan, staff, executive, activity):
    plan_transition(plan=operational_plan, user=staff, action="submit")
    assert status(operational_plan) == Status.SUBMITTED
    plan_transition(plan=operational_plan, user=executive, action="approve")
    assert status(operational_plan) == Status.APPROVED
    announcement = plan_announce(
        plan=operational_plan, user=executive, draft=announcement_draft(operational_plan, operational_plan.ordinance.enacted_on)
    )
    assert status(operational_plan) == Status.ANNOUNCED
    assert announcement.number == "1/2569"
    assert [r.action for r in operational_plan.reviews.all()] == ["submit", "approve", "announce"]
    assert operational_plan.history.first().history_user == executive


def test_the_executive_returns_with_a_comment_and_staff_edit_again(operational_plan, staff, executive, activity):
    plan_transition(plan=operational_plan, user=staff, action="submit")
    with pytest.raises(TransitionError, match="ความเห็น"):
        plan_transition(plan=operational_plan, user=executive, action="return", comment="  ")
    plan_transition(plan=operational_plan, user=executive, action="return", comment="ขอให้ระบุเดือนของโครงการถนน")
    assert status(operational_plan) == Status.RETURNED and operational_plan.is_editable
    assert operational_plan.reviews.last().comment == "ขอให้ระบุเดือนของโครงการถนน"
    activity.name = "แก้ตามความเห็นแล้ว"
    activity.save()
    plan_transition(plan=operational_plan, user=staff, action="submit")
    assert status(operational_plan) == Status.SUBMITTED


@pytest.mark.parametrize(
    "action, state",
    [
        ("approve", Status.DRAFT),
        ("announce", Status.SUBMITTED),
        ("submit", Status.SUBMITTED),
        ("return", Status.DRAFT),
        ("submit", Status.ANNOUNCED),
    ],
)
def test_a_step_from_the_wrong_state_is_refused(operational_plan, staff, executive, action, state):
    OperationalPlan.objects.filter(pk=operational_plan.pk).update(status=state)
    operational_plan.refresh_from_db()
    user = staff if action == "submit" else executive
    with pytest.raises(TransitionError, match="อยู่ในสถานะ"):
        plan_transition(plan=operational_plan, user=user, action=action, comment="ความเห็น")
    assert status(operational_plan) == state


@pytest.mark.parametrize(
    "action, role", [("submit", "executive"), ("approve", "staff"), ("approve", "admin"), ("announce", "staff"), ("return", "admin")]
)
def test_each_step_belongs_to_its_role(operational_plan, org, action, role):
    user = User.objects.create_user(f"u-{role}", password="x", organisation=org, role=role)
    with pytest.raises(TransitionError, match="เฉพาะ"):
        plan_transition(plan=operational_plan, user=user, action=action, comment="ความเห็น")


def test_nobody_outside_the_organisation_takes_a_step(operational_plan, other_org):
    stranger = User.objects.create_user("stranger", password="x", organisation=other_org, role="executive")
    OperationalPlan.objects.filter(pk=operational_plan.pk).update(status=Status.SUBMITTED)
    operational_plan.refresh_from_db()
    with pytest.raises(TransitionError):
        plan_transition(plan=operational_plan, user=stranger, action="approve")


def test_a_submitted_plan_is_locked(operational_plan, staff, activity):
    plan_transition(plan=operational_plan, user=staff, action="submit")
    activity.refresh_from_db()
    activity.name = "แก้ระหว่างรอพิจารณา"
    with pytest.raises(FrozenPlan, match="เสนอผู้บริหารแล้ว"):
        activity.save()
    response = login(staff).post(reverse("projects:activity_update", args=[activity.pk]), {"name": "x"}, follow=True)
    assert "จึงแก้ไขไม่ได้" in response.content.decode()


def test_an_announced_plan_is_frozen(announced, staff):
    activity = announced.activities.get()
    with pytest.raises(FrozenPlan, match="ประกาศใช้แล้ว"):
        activity.delete()
    client = login(staff)
    for url in (
        reverse("projects:activity_create", args=[announced.pk]),
        reverse("projects:activity_delete", args=[activity.pk]),
        reverse("projects:plan_introduction", args=[announced.pk]),
        reverse("projects:operationalplan_update", args=[announced.pk]),
    ):
        response = client.post(url, {"name": "x"}, follow=True)
        assert "แก้ไขไม่ได้" in response.content.decode(), url
    assert Activity.objects.get(pk=activity.pk).name == activity.name
    draft = client.post(reverse("projects:plan_draft", args=[announced.pk]), follow=True)
    assert "ประกาศใช้แล้ว" in draft.content.decode()


def test_announcing_stores_both_pdfs(announced):
    announcement = announced.announcement
    assert "announcement-2570-original" in announcement.pdf.name
    assert "document-2570-original" in announcement.plan_pdf.name
    assert announcement.pdf.read().startswith(b"%PDF-")


@pytest.mark.django_db(transaction=True)
def test_two_executives_announcing_at_once_produce_one_announcement(org, strategic_plan, development_plan, ordinance, staff):
    from tests.conftest import ensure_reference_data, make_user

    ensure_reference_data()
    executives = [make_user(f"exec{i}", org, User.Role.EXECUTIVE) for i in range(2)]
    plan = OperationalPlan.objects.create(organisation=org, fiscal_year=2570, strategic_plan=strategic_plan, ordinance=ordinance)
    plan_transition(plan=plan, user=staff, action="submit")
    plan_transition(plan=plan, user=executives[0], action="approve")
    results, barrier = [], threading.Barrier(2)

    def attempt(user):
        own = OperationalPlan.objects.get(pk=plan.pk)
        barrier.wait()
        try:
            plan_announce(plan=own, user=user, draft=announcement_draft(own, ordinance.enacted_on))
            results.append("announced")
        except TransitionError:
            results.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(user,)) for user in executives]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["announced", "refused"]
    assert Announcement.objects.count() == 1
    assert Review.objects.filter(action="announce").count() == 1


def test_the_plan_page_offers_each_role_its_next_step(operational_plan, staff, executive, activity):
    page = login(staff).get(reverse("projects:activity_list", args=[operational_plan.pk])).content.decode()
    assert "เสนอผู้บริหาร" in page and "เห็นชอบ" not in page
    plan_transition(plan=operational_plan, user=staff, action="submit")
    page = login(executive).get(reverse("projects:activity_list", args=[operational_plan.pk])).content.decode()
    assert "เห็นชอบ" in page and "ส่งกลับให้แก้ไข" in page


def test_the_history_shows_who_changed_what_before_and_after(staff_client, operational_plan, staff, activity):
    url = reverse("projects:activity_update", args=[activity.pk])
    data = {
        "strategy": activity.strategy_id, "guideline": activity.guideline_id, "programme": activity.programme_id, "name": activity.name,
        "budget": "460,000", "location": activity.location, "unit": activity.unit_id, "months": ["3", "4"], "version": "1",
        "budget_line": activity.budget_line_id, "plan_project": activity.plan_project_id,
    }  # fmt: skip
    assert staff_client.post(url, data).status_code == 302
    BudgetLine.objects.filter(pk=activity.budget_line_id).update(amount=Decimal("460000"))  # the ordinance says so too: submittable
    plan_transition(plan=operational_plan, user=staff, action="submit")
    page = staff_client.get(reverse("announcements:plan_history", args=[operational_plan.pk])).content.decode()
    assert "เสนอผู้บริหาร" in page
    assert "450,000.00" in page and "460,000.00" in page
    assert "ม.ค.–มี.ค. 2570" in page and "ม.ค.–ก.พ. 2570" in page
    assert "สมหญิง" in page or "somying" in page


# (action url name, method, who may) for the permission matrix
ACTIONS = [
    ("announcements:plan_submit", ("staff", "orgadmin")),
    ("announcements:plan_approve", ("executive",)),
    ("announcements:plan_return", ("executive",)),
]


@pytest.mark.parametrize("url_name, allowed", ACTIONS)
@pytest.mark.parametrize("who", ["anonymous", "staff", "executive", "orgadmin", "outsider"])
def test_permission_matrix_for_each_step(request, operational_plan, url_name, allowed, who, activity):
    if url_name != "announcements:plan_submit":
        OperationalPlan.objects.filter(pk=operational_plan.pk).update(status=Status.SUBMITTED)
    before = status(operational_plan)
    client = login(request.getfixturevalue(who)) if who != "anonymous" else request.getfixturevalue("client")
    response = client.post(reverse(url_name, args=[operational_plan.pk]), {"comment": "ขอแก้ไข"})
    expected = {"anonymous": 302, "outsider": 404}.get(who, 302 if who in allowed else 403)
    assert response.status_code == expected
    if who == "anonymous":
        assert response["Location"].startswith(reverse("login"))
    assert (status(operational_plan) != before) == (who in allowed)


@pytest.mark.parametrize("who, expected", [("anonymous", 302), ("staff", 403), ("orgadmin", 403), ("outsider", 404), ("executive", 200)])
def test_only_the_executive_opens_the_announcement_form(request, operational_plan, who, expected, client):
    OperationalPlan.objects.filter(pk=operational_plan.pk).update(status=Status.APPROVED)
    client = login(request.getfixturevalue(who)) if who != "anonymous" else client
    assert client.get(reverse("announcements:plan_announce", args=[operational_plan.pk])).status_code == expected


def test_wrong_methods_are_refused(staff_client, operational_plan):
    for name in (
        "announcements:plan_submit",
        "announcements:plan_approve",
        "announcements:plan_return",
        "announcements:edition_start",
        "announcements:announcement_scan",
    ):
        assert staff_client.get(reverse(name, args=[operational_plan.pk])).status_code == 405
