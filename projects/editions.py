"""Editions (เพิ่มเติม/แก้ไข ครั้งที่ k): who may start one, starting it from the plan in force, and what
it adds, changes and removes compared with the plan it starts from."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from lib import thai
from plans.access import EDIT_ROLES
from plans.models import BudgetOrdinance, OperationalPlan, User
from projects.models import Activity
from projects.services import plan_draft_from_budget

COMPARED = ("strategy", "guideline", "programme", "name", "details", "budget", "location", "unit", "months", "other_agency", "is_equipment")


@dataclass
class Change:
    before: Activity
    after: Activity
    fields: list[tuple[str, str, str]]  # (label, before, after) as a person reads them


@dataclass
class EditionChanges:
    added: list[Activity] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)
    removed: list[Activity] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.changed or self.removed)

    @property
    def current(self) -> list[Activity]:
        """What the edition's documents list: the added activities and the changed ones as they are now."""
        return self.added + [change.after for change in self.changed]


def _shown(activity: Activity, name: str) -> str:
    value = getattr(activity, name)
    if name == "budget":
        return thai.format_amount(value, thai.ARABIC)
    if name == "months":
        return thai.describe_months(value, activity.plan.fiscal_year) or "—"
    if name == "is_equipment":
        return "ครุภัณฑ์" if value else "โครงการ/กิจกรรม"
    return str(value) if value not in (None, "") else "—"


def _differences(before: Activity, after: Activity) -> list[tuple[str, str, str]]:
    differences = []
    for name in COMPARED:
        if getattr(before, f"{name}_id", getattr(before, name)) != getattr(after, f"{name}_id", getattr(after, name)):
            label = str(Activity._meta.get_field(name).verbose_name)
            differences.append((label, _shown(before, name), _shown(after, name)))
    villages_before = sorted(v.number for v in before.villages.all())
    villages_after = sorted(v.number for v in after.villages.all())
    if villages_before != villages_after:
        label = str(Activity._meta.get_field("villages").verbose_name)
        differences.append((label, ", ".join(map(str, villages_before)) or "—", ", ".join(map(str, villages_after)) or "—"))
    return differences


def _activities(plan: OperationalPlan) -> dict:
    related = ("strategy", "guideline__strategy", "programme", "unit", "category", "plan")
    return {
        a.key: a
        for a in plan.activities.select_related(*related)
        .prefetch_related("villages")
        .order_by("strategy__number", "programme__code", "order", "pk")
    }


def edition_changes(edition: OperationalPlan) -> EditionChanges:
    """Compare an edition with the plan it started from, activity by activity (by their lasting key)."""
    if edition.based_on_id is None:
        return EditionChanges(added=list(_activities(edition).values()))
    before, after = _activities(edition.based_on), _activities(edition)
    changes = EditionChanges()
    for key, activity in after.items():
        if key not in before:
            changes.added.append(activity)
        elif differences := _differences(before[key], activity):
            changes.changed.append(Change(before[key], activity, differences))
    changes.removed = [activity for key, activity in before.items() if key not in after]
    return changes


# --- starting an edition -------------------------------------------------------------------------


class EditionError(Exception):
    """The edition cannot be started now; the message says why, in Thai."""


def edition_refusal(plan: OperationalPlan, user: User, in_force: OperationalPlan | None) -> str | None:
    """Why `user` may not start an edition of `plan`'s fiscal year now (a Thai sentence), or None if
    they may. The one rule behind the plan page's offer and edition_start; `in_force` is the year's
    plan in force, which both callers have at hand (edition_start has locked it)."""
    if user.organisation_id != plan.organisation_id or user.role not in EDIT_ROLES:
        return "เฉพาะเจ้าหน้าที่ของ อปท. เท่านั้นที่เริ่มฉบับเพิ่มเติม/แก้ไขได้"
    if in_force is None:
        return "ต้องประกาศใช้แผนประจำปีก่อน จึงจะทำฉบับเพิ่มเติมหรือแก้ไขได้"
    if OperationalPlan.objects.filter(organisation=plan.organisation_id, fiscal_year=plan.fiscal_year).open_editions().exists():
        return "ปีงบประมาณนี้มีฉบับที่ยังไม่ประกาศใช้อยู่แล้ว ให้ดำเนินการฉบับนั้นให้เสร็จก่อน"
    return None


@transaction.atomic
def edition_start(*, plan: OperationalPlan, kind: str, user: User, ordinance: BudgetOrdinance | None = None) -> OperationalPlan:
    """Start an additional or amending edition from the plan in force; with an additional or
    accumulated-funds ordinance, draft its lines into the edition."""
    if kind not in (OperationalPlan.Edition.ADDITIONAL, OperationalPlan.Edition.AMENDING):
        raise EditionError("ฉบับต้องเป็นเพิ่มเติมหรือแก้ไข")
    in_force = OperationalPlan.objects.in_force(plan.organisation, plan.fiscal_year)
    if in_force is not None:
        in_force = OperationalPlan.objects.select_for_update().get(pk=in_force.pk)  # two starts at once: one waits, then sees the other
    if reason := edition_refusal(plan, user, in_force):
        raise EditionError(reason)
    if ordinance is not None and (ordinance.organisation_id != plan.organisation_id or ordinance.fiscal_year != plan.fiscal_year):
        raise EditionError(plan.organisation.words.speak("ข้อบัญญัตินี้ไม่ใช่ของ อปท. หรือปีงบประมาณนี้"))
    year_plans = OperationalPlan.objects.filter(organisation=plan.organisation_id, fiscal_year=plan.fiscal_year)
    number = year_plans.filter(edition_kind=kind).count() + 1
    edition = OperationalPlan(
        organisation=in_force.organisation,
        fiscal_year=in_force.fiscal_year,
        edition_kind=kind,
        edition_number=number,
        strategic_plan=in_force.strategic_plan,
        development_plan=in_force.development_plan,
        ordinance=ordinance or in_force.ordinance,
        based_on=in_force,
        **{field: getattr(in_force, field) for field in ("intro_nature", "intro_objectives", "intro_steps", "intro_benefits")},
    )
    edition._history_user = user
    edition.save()
    _copy_activities(in_force, edition, user)
    if ordinance is not None:
        plan_draft_from_budget(plan=edition, ordinance=ordinance, user=user)
    return edition


def _copy_activities(source: OperationalPlan, target: OperationalPlan, user: User) -> None:
    """The edition starts as the plan in force: the same activities, keeping their keys."""
    originals = list(source.activities.prefetch_related("villages"))
    copies = []
    for original in originals:
        copy = Activity(
            **{f.attname: getattr(original, f.attname) for f in Activity._meta.concrete_fields if f.name not in ("id", "plan", "version")}
        )
        copy.plan = target
        copies.append(copy)
    created = bulk_create_with_history(copies, Activity, default_user=user)
    by_key = {activity.key: activity for activity in created} if created and created[0].pk else {a.key: a for a in target.activities.all()}
    through = Activity.villages.through
    through.objects.bulk_create([through(activity_id=by_key[o.key].pk, village_id=v.pk) for o in originals for v in o.villages.all()])
