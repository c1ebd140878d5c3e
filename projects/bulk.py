"""Setting the months, villages, unit and แผนงาน of many activities at once: the grid of the plan's activities.

The grid posts, for every row, the values it showed when the page was built (`original`, with the
row's `version`) and the values the user left (`values`). What the user changed is the difference;
saving applies only that difference, all rows or none, each row only if nobody saved it since.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from django.db import transaction
from django.db.models import F
from django.http import QueryDict

from lib import thai
from plans.models import OperationalPlan, Programme, Unit, User, Village
from plans.words import Words
from projects.models import Activity, FrozenPlan

FIELDS = {
    "months": "ระยะเวลาดำเนินการ",
    "villages": "หมู่บ้าน",
    "location": "สถานที่ดำเนินการ (ข้อความ)",
    "unit": "หน่วยงานรับผิดชอบหลัก",
    "programme": "แผนงาน",
}
LOCATION_LENGTH = Activity._meta.get_field("location").max_length
SAVED_REASON = "แก้ไขหลายรายการพร้อมกัน"
UNDONE_REASON = "เลิกทำการแก้ไขหลายรายการ"


@dataclass(frozen=True)
class Values:
    months: int
    villages: frozenset[int]
    unit: int | None
    programme: int
    location: str = ""

    @classmethod
    def of(cls, activity: Activity) -> Values:
        villages = frozenset(v.pk for v in activity.villages.all())
        return cls(activity.months, villages, activity.unit_id, activity.programme_id, activity.location)

    def encode(self) -> str:
        """The numbers in one hidden field, months|village,village|unit|programme (the location travels apart)."""
        return f"{self.months}|{','.join(str(pk) for pk in sorted(self.villages))}|{self.unit or ''}|{self.programme}"

    @classmethod
    def decode(cls, text: str, location: str = "") -> Values:
        months, villages, unit, programme = text.split("|")
        villages_ = frozenset(int(pk) for pk in villages.split(",") if pk)
        return cls(int(months), villages_, int(unit) if unit else None, int(programme), location)

    def differing(self, other: Values) -> list[str]:
        return [name for name in FIELDS if getattr(self, name) != getattr(other, name)]

    def to_dict(self) -> dict:
        return {"months": self.months, "villages": sorted(self.villages), "unit": self.unit, "programme": self.programme,
                "location": self.location}  # fmt: skip


@dataclass
class Row:
    """One activity on the grid: as stored, as the page showed it, and as the user left it."""

    activity: Activity
    version: int  # the version `original` was read at
    original: Values
    values: Values
    selected: bool = False
    stored: Values | None = None
    stale_by: str = ""  # who saved the row after the page was built
    seen: Values | None = None  # what the page showed, when someone saved the row since

    @property
    def changes(self) -> list[str]:
        return self.values.differing(self.original)

    @property
    def is_stale(self) -> bool:
        return self.activity.version != self.version

    def target(self) -> Values:
        """What the row becomes: the stored values with the user's changes on top (nobody else's change is undone)."""
        stored = self.stored or self.original
        return replace(stored, **{name: getattr(self.values, name) for name in self.changes})


@dataclass
class Choices:
    """What the grid offers, each loaded once: the organisation's villages and units, the แผนงาน."""

    villages: dict[int, Village]
    units: dict[int, Unit]
    programmes: dict[int, Programme]
    words: Words  # the organisation's: its villages may be ชุมชน

    @classmethod
    def of(cls, plan: OperationalPlan) -> Choices:
        organisation = plan.organisation
        return cls(
            {v.pk: v for v in Village.objects.for_organisation(organisation)},
            {u.pk: u for u in Unit.objects.for_organisation(organisation)},
            {p.pk: p for p in Programme.objects.all()},
            organisation.words,
        )

    def show(self, name: str, values: Values, fiscal_year: int) -> str:
        """A value as a person reads it."""
        if name == "months":
            return thai.describe_months(values.months, fiscal_year) or "ยังไม่ระบุ"
        if name == "villages":
            numbered = sorted(values.villages, key=self._village_number)
            return ", ".join(f"{self.words.locality_number} {self.villages[pk].number}" for pk in numbered) or "ไม่ระบุ"
        if name == "location":
            return values.location or "ไม่ระบุ"
        if name == "unit":
            return self.units[values.unit].name if values.unit in self.units else "ไม่ระบุ"
        return self.programmes[values.programme].name

    def _village_number(self, pk: int) -> int:
        return self.villages[pk].number


class GridError(ValueError):
    """The posted grid cannot be read (a value that was never on the page); the message is Thai."""


def grid_queryset(plan: OperationalPlan):
    return plan.activities.select_related("strategy", "programme", "unit").prefetch_related("villages").order_by(*Activity._meta.ordering)


def rows_of(activities, selected: set[int] = frozenset()) -> list[Row]:
    rows = []
    for activity in activities:
        values = Values.of(activity)
        rows.append(Row(activity, activity.version, values, values, activity.pk in selected, stored=values))
    return rows


def read_grid(plan: OperationalPlan, data: QueryDict, choices: Choices) -> list[Row]:
    """The rows as posted, checked against what the page could have offered."""
    pks = [int(pk) for pk in data.getlist("row") if pk.isdigit()]
    selected = {int(pk) for pk in data.getlist("sel") if pk.isdigit()}
    activities = {a.pk: a for a in grid_queryset(plan).filter(pk__in=pks)}
    rows = []
    for pk in pks:
        activity = activities.get(pk)
        if activity is None:
            raise GridError("รายการบางรายการถูกลบไปแล้วหรือไม่ได้อยู่ในแผนนี้ กรุณาเปิดหน้าแก้ไขหลายรายการใหม่")
        try:
            version = int(data.get(f"ver{pk}", ""))
            original = Values.decode(data.get(f"o{pk}", ""), data.get(f"ol{pk}", ""))
            values = Values(
                thai.months_to_mask(data.getlist(f"m{pk}")),
                frozenset(int(v) for v in data.get(f"v{pk}", "").split(",") if v),
                int(data[f"u{pk}"]) if data.get(f"u{pk}") else None,
                int(data.get(f"p{pk}", "")),
                " ".join(data.get(f"l{pk}", "").split())[:LOCATION_LENGTH],
            )
        except (ValueError, KeyError):
            raise GridError(f"อ่านค่าของ “{activity.name}” ไม่ได้ กรุณาเปิดหน้าแก้ไขหลายรายการใหม่") from None
        _check_choices(activity, values, choices)
        rows.append(Row(activity, version, original, values, pk in selected, stored=Values.of(activity)))
    return rows


def _check_choices(activity: Activity, values: Values, choices: Choices) -> None:
    if not values.villages <= choices.villages.keys():
        raise GridError(f"หมู่บ้านของ “{activity.name}” ไม่ใช่หมู่บ้านของ อปท. นี้")
    if values.unit is not None and values.unit not in choices.units:
        raise GridError(f"หน่วยงานรับผิดชอบหลักของ “{activity.name}” ไม่ใช่หน่วยงานของ อปท. นี้")
    if values.programme not in choices.programmes:
        raise GridError(f"แผนงานของ “{activity.name}” ไม่มีอยู่ในระบบ")


@dataclass
class Setting:
    """What the panel above the grid sets on the selected rows; None leaves a field as it is."""

    months: int | None = None
    villages: frozenset[int] | None = None
    unit: int | None = None
    programme: int | None = None
    location: str | None = None

    @classmethod
    def read(cls, data: QueryDict, choices: Choices) -> Setting:
        try:
            months = thai.months_to_mask(data.getlist("set_m")) or None
            villages = frozenset(int(v) for v in data.getlist("set_v")) or None
            unit = int(data["set_u"]) if data.get("set_u") else None
            programme = int(data["set_p"]) if data.get("set_p") else None
            location = " ".join(data.get("set_l", "").split())[:LOCATION_LENGTH] or None
        except ValueError:
            raise GridError("ค่าที่จะกำหนดให้รายการที่เลือกอ่านไม่ได้ กรุณาเลือกใหม่") from None
        if villages is not None and not villages <= choices.villages.keys():
            raise GridError("หมู่บ้านที่เลือกไม่ใช่หมู่บ้านของ อปท. นี้")
        if unit is not None and unit not in choices.units:
            raise GridError("หน่วยงานที่เลือกไม่ใช่หน่วยงานของ อปท. นี้")
        if programme is not None and programme not in choices.programmes:
            raise GridError("แผนงานที่เลือกไม่มีอยู่ในระบบ")
        return cls(months, villages, unit, programme, location)

    @property
    def month_indexes(self) -> list[int]:
        return thai.mask_to_months(self.months or 0)

    @property
    def is_empty(self) -> bool:
        return all(value is None for value in vars(self).values())

    def apply(self, rows: list[Row]) -> int:
        """Set the chosen values on every selected row; how many rows it touched."""
        chosen = {name: value for name, value in vars(self).items() if value is not None}
        touched = 0
        for row in rows:
            if row.selected and chosen:
                row.values = replace(row.values, **chosen)
                touched += 1
        return touched


# --- saving --------------------------------------------------------------------------------------


@dataclass
class StaleRows(Exception):
    """Rows someone else saved after the grid was built: nothing was saved."""

    rows: list[Row] = field(default_factory=list)


def refuse_if_frozen(plan: OperationalPlan) -> OperationalPlan:
    """The plan, locked for this transaction, if its activities may still change."""
    plan = OperationalPlan.objects.select_for_update().get(pk=plan.pk)
    if not plan.is_editable:
        raise FrozenPlan(f"แผนนี้อยู่ในสถานะ “{plan.get_status_display()}” จึงแก้ไขโครงการ/กิจกรรมไม่ได้ ให้จัดทำฉบับแก้ไขหรือเพิ่มเติมแทน")
    return plan


@transaction.atomic
def activities_set_many(*, plan: OperationalPlan, rows: list[Row], user: User, reason: str = SAVED_REASON) -> list[Row]:
    """Save the changed rows, all or none: each row's UPDATE is conditional on the version it was read
    at, so a row saved by someone else in between raises StaleRows and nothing is saved. Each saved
    activity gets one history record (fields and villages) naming the user and `reason`."""
    plan = refuse_if_frozen(plan)
    changed = [row for row in rows if row.changes]
    stale = []
    for row in changed:
        target = row.target()
        updated = Activity.objects.filter(pk=row.activity.pk, plan=plan, version=row.version).update(
            version=F("version") + 1, months=target.months, unit_id=target.unit, programme_id=target.programme, location=target.location
        )
        if not updated:
            stale.append(row)
    if stale:
        raise StaleRows(stale)
    _set_villages({row.activity.pk: row.target().villages for row in changed if "villages" in row.changes})
    _record_history([row.activity.pk for row in changed], user, reason)
    return changed


def _set_villages(villages: dict[int, frozenset[int]]) -> None:
    through = Activity.villages.through
    through.objects.filter(activity_id__in=villages).delete()
    through.objects.bulk_create(through(activity_id=pk, village_id=v) for pk, chosen in villages.items() for v in chosen)


def _record_history(pks: list[int], user: User, reason: str) -> None:
    """One "~" history record per activity, with its villages, as a save would record it (in a few queries, not a few per row)."""
    if not pks:
        return
    activities = list(Activity.objects.filter(pk__in=pks).order_by("pk"))
    records = Activity.history.bulk_history_create(activities, update=True, default_user=user, default_change_reason=reason)
    if not records or records[0].pk is None:  # a database that does not return the new keys: read them back
        records = _latest(pks)
    by_activity = {record.id: record for record in records}
    through = Activity.villages.through
    villages_model = Activity.history.model.villages.model  # simple-history's table of the villages of each record
    villages_model.objects.bulk_create(
        villages_model(history=by_activity[row.activity_id], id=row.pk, activity_id=row.activity_id, village_id=row.village_id)
        for row in through.objects.filter(activity_id__in=pks)
    )


def _latest(pks: list[int]) -> list:
    latest: dict[int, object] = {}
    for record in Activity.history.filter(id__in=pks).order_by("history_id"):
        latest[record.id] = record
    return list(latest.values())


def undo_rows(plan: OperationalPlan, saved: list[dict]) -> list[Row]:
    """Rows that put back what a saved batch replaced, each conditional on the version the batch left."""
    activities = {a.pk: a for a in grid_queryset(plan).filter(pk__in=[item["pk"] for item in saved])}
    rows = []
    for item in saved:
        activity = activities.get(item["pk"])
        if activity is None:
            continue
        before, after = _values(item["before"]), _values(item["after"])
        rows.append(Row(activity, item["version"], after, before, stored=Values.of(activity)))
    return rows


def _values(data: dict) -> Values:
    return Values(data["months"], frozenset(data["villages"]), data["unit"], data["programme"], data.get("location", ""))


def undo_record(saved: list[Row]) -> list[dict]:
    """What the session keeps to undo a saved batch: JSON-friendly."""
    return [
        {
            "pk": row.activity.pk,
            "version": row.version + 1,
            "before": (row.stored or row.original).to_dict(),
            "after": row.target().to_dict(),
        }
        for row in saved
    ]
