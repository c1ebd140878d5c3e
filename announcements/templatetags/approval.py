"""The approval panel on a plan's page: its status, the steps so far, what this user may do next."""

from django import template
from django.utils import timezone

from announcements.forms import EditionForm
from announcements.services import allowed_actions
from plans.models import OperationalPlan
from projects import checks

register = template.Library()


@register.inclusion_tag("announcements/includes/approval_panel.html", takes_context=True)
def approval_panel(context, plan: OperationalPlan, problems: list | None = None):
    """`problems`: the plan's checks when the page has them already (else they are run when submitting is offered)."""
    user = context["request"].user
    actions = allowed_actions(plan, user)
    if "submit" in actions and problems is None:
        problems = checks.plan_problems(plan)
    errors = [p for p in problems or [] if p.is_error] if "submit" in actions else []
    announcement = getattr(plan, "announcement", None) if plan.is_announced else None
    year_plans = OperationalPlan.objects.filter(organisation=plan.organisation_id, fiscal_year=plan.fiscal_year)
    can_start_edition = (
        plan.is_announced
        and user.can_edit_data
        and not year_plans.open_editions().exists()
        and year_plans.in_force(plan.organisation, plan.fiscal_year) == plan
    )
    return {
        "plan": plan,
        "user": user,
        "actions": actions,
        "submit_blocked": checks.error_summary(errors) if errors else "",
        "reviews": plan.reviews.select_related("user"),
        "announcement": announcement,
        "edition_form": EditionForm(plan=plan) if can_start_edition else None,
        "editions": year_plans.order_by("pk"),
        "digit_style": context.get("digit_style"),
        "csrf_token": context.get("csrf_token"),
        "today": timezone.localdate(),
    }
