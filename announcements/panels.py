"""What announcements shows on pages of projects (lib/slots.py): the approval panel on a plan's page
(its status, the steps so far, what this user may do next) and, on the six-month report's and the
year-end evaluation's pages, their announcement or the executive's way to announce them."""

from django.template import Context
from django.utils import timezone

from announcements.addresses import public_address
from announcements.forms import EditionForm
from announcements.models import Announcement
from announcements.services import allowed_actions
from lib import slots
from plans.access import organisation_of
from plans.models import OperationalPlan
from projects import checks
from projects.editions import edition_refusal
from projects.six_month import cutoff as six_month_cutoff

PLAN_ADDRESSES = ("plan", "plan_pdf", "announcement_pdf", "signed_scan")


def approval_panel(context: Context, plan: OperationalPlan, problems: list | None = None) -> str:
    """`problems`: the plan's checks when the page has them already (else they are run when submitting is offered)."""
    user = context["request"].user
    actions = allowed_actions(plan, user)
    if "submit" in actions and problems is None:
        problems = checks.plan_problems(plan)
    errors = [p for p in problems or [] if p.is_error] if "submit" in actions else []
    announcement = getattr(plan, "announcement", None) if plan.is_announced else None
    year_plans = OperationalPlan.objects.filter(organisation=plan.organisation_id, fiscal_year=plan.fiscal_year)
    in_force = year_plans.in_force(plan.organisation, plan.fiscal_year) if plan.is_announced else None
    can_start_edition = in_force == plan and edition_refusal(plan, user, in_force) is None  # offered on the plan in force
    values = {
        "plan": plan,
        "user": user,
        "actions": actions,
        "submit_blocked": checks.error_summary(errors) if errors else "",
        "reviews": plan.reviews.select_related("user"),
        "announcement": announcement,
        "public": {name: public_address(name, plan) for name in PLAN_ADDRESSES} if plan.is_announced else {},
        "edition_form": EditionForm(plan=plan) if can_start_edition else None,
        "editions": year_plans.order_by("pk"),
        "today": timezone.localdate(),
    }
    return slots.include(context, "announcements/includes/approval_panel.html", **values)


def _report_announcement(context: Context, year: int, kind: str, address: str, announce_url: str, label: str, ready: bool) -> str:
    organisation = organisation_of(context["request"].user)
    announcement = Announcement.objects.filter(organisation=organisation, fiscal_year=year, kind=kind).first()
    values = {
        "announcement": announcement,
        "public": public_address(address, organisation.code, year) if announcement else None,
        "announce_url": announce_url,
        "announce_label": label,
        "ready": ready,
    }
    return slots.include(context, "announcements/includes/evaluation_announcement.html", **values)


def evaluation_announcement(context: Context, year: int) -> str:
    return _report_announcement(
        context, year, Announcement.Kind.EVALUATION, "evaluation", "announcements:evaluation_announce", "ประกาศผลการติดตามและประเมินผล", True
    )


def six_month_announcement(context: Context, year: int) -> str:
    """Offered once 31 March has ended: the report then no longer changes."""
    ready = timezone.now() >= six_month_cutoff(year)
    label = "ประกาศรายงานรอบ ๖ เดือน"
    return _report_announcement(context, year, Announcement.Kind.SIX_MONTH, "six_month", "announcements:six_month_announce", label, ready)


def fill_slots() -> None:
    slots.fill("projects.plan_page", approval_panel)
    slots.fill("projects.evaluation_page", evaluation_announcement)
    slots.fill("projects.six_month_page", six_month_announcement)
