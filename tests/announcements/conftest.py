import datetime as dt

import pytest

from announcements.models import Review
from announcements.services import announcement_draft, plan_announce, plan_transition
from plans.models import OperationalPlan
from projects.models import EditionSnapshot
from projects.snapshot import snapshot_create


def announce(plan, staff, executive, day=dt.date(2026, 10, 15)):
    plan_transition(plan=plan, user=staff, action=Review.Action.SUBMIT)
    plan_transition(plan=plan, user=executive, action=Review.Action.APPROVE)
    return plan_announce(plan=plan, user=executive, draft=announcement_draft(plan, day))


def announce_as_it_is(plan, executive, day=dt.date(2026, 10, 15)):
    """Approve and announce a plan whatever its checks say, for tests of what comes after (reports,
    words, page costs) whose plans hold activities, not a complete chain: submitting would refuse it."""
    OperationalPlan.objects.filter(pk=plan.pk).update(status=OperationalPlan.Status.APPROVED)
    plan.refresh_from_db()
    return plan_announce(plan=plan, user=executive, draft=announcement_draft(plan, day))


@pytest.fixture
def announced(activity, staff, executive):
    """The plan of หนองบัว for 2570 with its one activity, announced on 15 October 2569."""
    announce(activity.plan, staff, executive)
    activity.plan.refresh_from_db()
    return activity.plan


def snapshot_again(plan):
    """The announced plan's content frozen again, as though the rows a test added to it directly
    had been there when it was announced."""
    EditionSnapshot.objects.filter(plan=plan).delete()
    snapshot_create(plan)
