"""The approval panel on a plan's page: its status, the steps so far, what this user may do next."""

from django import template
from django.utils import timezone

from announcements.forms import EditionForm
from announcements.services import allowed_actions
from plans.models import OperationalPlan
from projects.editions import edition_refusal

register = template.Library()


@register.inclusion_tag("announcements/includes/approval_panel.html", takes_context=True)
def approval_panel(context, plan: OperationalPlan):
    user = context["request"].user
    actions = allowed_actions(plan, user)
    announcement = getattr(plan, "announcement", None) if plan.is_announced else None
    year_plans = OperationalPlan.objects.filter(organisation=plan.organisation_id, fiscal_year=plan.fiscal_year)
    in_force = year_plans.in_force(plan.organisation, plan.fiscal_year) if plan.is_announced else None
    can_start_edition = in_force == plan and edition_refusal(plan, user, in_force) is None  # offered on the plan in force
    return {
        "plan": plan,
        "user": user,
        "actions": actions,
        "reviews": plan.reviews.select_related("user"),
        "announcement": announcement,
        "edition_form": EditionForm(plan=plan) if can_start_edition else None,
        "editions": year_plans.order_by("pk"),
        "digit_style": context.get("digit_style"),
        "csrf_token": context.get("csrf_token"),
        "today": timezone.localdate(),
    }
