"""The history of a plan: every step of its approval and every edit of its data, who and when, before → after."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from announcements.models import Announcement
from lib import thai
from plans.models import Guideline, OperationalPlan, Programme, Strategy, Unit
from projects.models import Activity

# Not shown: bookkeeping fields, and the villages (their history is kept, but comparing it costs a
# query per record).
HIDDEN = {"version", "key", "order", "id", "plan", "villages"}


@dataclass
class Entry:
    at: dt.datetime
    user: str
    record: str
    action: str
    changes: list[tuple[str, str, str]] = field(default_factory=list)
    comment: str = ""


class _Names:
    """Readable values for foreign keys, loaded once per page (no query per row)."""

    def __init__(self, plan: OperationalPlan):
        organisation = plan.organisation
        self.by_field = {
            "strategy": {s.pk: str(s) for s in Strategy.objects.for_organisation(organisation)},
            "guideline": {g.pk: g.name for g in Guideline.objects.for_organisation(organisation)},
            "unit": {u.pk: u.name for u in Unit.objects.for_organisation(organisation)},
            "programme": {p.pk: p.name for p in Programme.objects.all()},
        }
        self.fiscal_year = plan.fiscal_year
        self.speak = organisation.words.speak  # a field named "ข้อบัญญัติงบประมาณ" is a เทศบัญญัติ's to a เทศบาล

    def show(self, name: str, value) -> str:
        if value in (None, ""):
            return "—"
        if name in self.by_field:
            return self.by_field[name].get(value, str(value))
        if name == "budget":
            return thai.format_amount(value, thai.ARABIC)
        if name == "months":
            return thai.describe_months(value, self.fiscal_year) or "—"
        if isinstance(value, bool):
            return "ใช่" if value else "ไม่ใช่"
        return str(value)


ACTIONS = {"+": "เพิ่ม", "~": "แก้ไข", "-": "ลบ"}


def _entries(records, names: _Names, label) -> list[Entry]:
    """Consecutive history records of each object, compared field by field."""
    entries, previous = [], {}
    for record in records:
        changes = []
        before = previous.get(record.id)
        if before is not None and record.history_type == "~":
            delta = record.diff_against(before, excluded_fields=HIDDEN)
            for change in delta.changes:
                field_name = change.field
                verbose = names.speak(str(record.instance_type._meta.get_field(field_name).verbose_name))
                changes.append((verbose, names.show(field_name, change.old), names.show(field_name, change.new)))
            if not changes:
                previous[record.id] = record
                continue
        previous[record.id] = record
        user = str(record.history_user) if record.history_user else "ระบบ"
        entries.append(
            Entry(record.history_date, user, label(record), ACTIONS[record.history_type], changes, record.history_change_reason or "")
        )
    return entries


def plan_history(plan: OperationalPlan) -> list[Entry]:
    names = _Names(plan)
    plan_records = OperationalPlan.history.filter(id=plan.pk).select_related("history_user").order_by("history_date", "history_id")
    activity_records = Activity.history.filter(plan_id=plan.pk).select_related("history_user").order_by("id", "history_date", "history_id")
    entries = _entries(plan_records, names, lambda record: "ข้อมูลแผน")
    entries += _entries(activity_records, names, lambda record: f"โครงการ “{record.name}”")
    # The announcement itself: its signed scan uploaded or replaced, who and when (old file → new file).
    announcement_records = (
        Announcement.history.filter(plan_id=plan.pk).select_related("history_user").order_by("history_date", "history_id")
    )
    entries += _entries(announcement_records, names, lambda record: "ประกาศ")
    for review in plan.reviews.select_related("user"):
        entries.append(Entry(review.at, str(review.user), "การพิจารณา", review.get_action_display(), [], review.comment))
    return sorted(entries, key=lambda entry: entry.at, reverse=True)
