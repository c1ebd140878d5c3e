"""What an edition (เพิ่มเติม/แก้ไข ครั้งที่ k) adds, changes and removes, compared with the plan it starts from."""

from __future__ import annotations

from dataclasses import dataclass, field

from lib import thai
from plans.models import OperationalPlan
from projects.models import Activity

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
