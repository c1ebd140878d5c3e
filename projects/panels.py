"""What projects shows on pages of plans (lib/slots.py): the first steps and the operational plans on
the staff's home page, and the button that drafts the year's plan on a budget ordinance's page."""

from __future__ import annotations

from django.template import Context

from lib import slots
from plans.models import BudgetOrdinance, OperationalPlan, Organisation
from projects import start


def home_plans(context: Context, organisation: Organisation) -> str:
    plans = OperationalPlan.objects.for_organisation(organisation)[:6]
    return slots.include(context, "projects/includes/home_plans.html", operational_plans=plans)


def start_here(context: Context, organisation: Organisation) -> str:
    """The steps to the first plan, until one is announced (projects/start.py)."""
    first_steps = start.steps(organisation)
    if not first_steps:
        return ""
    values = {
        "first_steps": first_steps,
        "any_done": any(step.done for step in first_steps),
        "all_done": all(step.done for step in first_steps),
    }
    return slots.include(context, "projects/includes/start_here.html", **values)


def draft_from_ordinance(context: Context, ordinance: BudgetOrdinance) -> str:
    return slots.include(context, "projects/includes/draft_from_ordinance.html", ordinance=ordinance)


def fill_slots() -> None:
    slots.fill("plans.start", start_here)
    slots.fill("plans.home", home_plans)
    slots.fill("plans.ordinance_page", draft_from_ordinance)
