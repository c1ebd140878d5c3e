"""What an announced edition says, frozen when it was announced, and read back for every public format.

`snapshot_create(plan)` stores everything the document and the exports read: the organisation's
profile, the strategies, guidelines, แผนงาน, units, villages and categories the plan names, every
activity as it stood, Part 1's text and, for an edition, what it changed. `frozen(plan)` gives it
back as unsaved model instances with the same attributes as live ones, so one document builder
and one set of exports serve both, and a renamed unit or a deleted village changes only editions
not yet announced.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from functools import cache, lru_cache

from django.db import models
from django.db.models import Q

from plans.models import ExpenseCategory, Guideline, OperationalPlan, Organisation, Programme, Strategy, Unit, Village
from projects.editions import Change, EditionChanges, edition_changes
from projects.introduction import introduction
from projects.models import Activity, EditionSnapshot

FORMAT = 1
ORGANISATION_FIELDS = (
    "id", "code", "kind", "name", "district", "province", "executive_name", "executive_title", "emblem", "digit_style",
    "locality",  # its words (หมู่บ้าน or ชุมชน) as announced; a snapshot without it reads the kind's default
)  # fmt: skip
# The related records an activity names, by the attribute that names them.
RELATED = OrderedDict(
    strategy=Strategy, guideline=Guideline, programme=Programme, unit=Unit, category=ExpenseCategory,
)  # fmt: skip
ACTIVITY_FIELDS = tuple(f.attname for f in Activity._meta.concrete_fields if f.name != "version")


@dataclass
class Frozen:
    """An announced edition as it was announced: records named by it, and its activities in print order."""

    organisation: Organisation
    strategies: list[Strategy]  # of the plan's strategic plan, in number order (ผด.01 lists them all)
    guidelines: list[Guideline]
    programmes: list[Programme]
    units: list[Unit]
    villages: list[Village]
    activities: list[Activity]
    introduction: list[tuple[str, str]]
    changes: EditionChanges | None


# --- writing --------------------------------------------------------------------------------------


def _dump(obj: models.Model, fields: tuple[str, ...] | None = None) -> dict:
    names = fields or tuple(f.attname for f in obj._meta.concrete_fields if f.attname != "version")
    return {name: _plain(getattr(obj, name)) for name in names}


def _plain(value):
    return value.name if isinstance(value, models.fields.files.FieldFile) else value


def _dump_activity(activity: Activity) -> dict:
    return {**_dump(activity, ACTIVITY_FIELDS), "villages": [v.pk for v in activity.villages.all()]}


def _loaded(plan: OperationalPlan) -> list[Activity]:
    return list(
        plan.activities.select_related(*RELATED).prefetch_related("villages").order_by("strategy__number", "programme__code", "order", "pk")
    )


def snapshot_content(plan: OperationalPlan) -> dict:
    """The edition's whole content as its documents print it now."""
    plan = OperationalPlan.objects.select_related("organisation", "development_plan", "strategic_plan").get(pk=plan.pk)
    activities = _loaded(plan)
    changes = edition_changes(plan) if plan.is_edition else None
    named = activities + ([c.before for c in changes.changed] + changes.removed if changes else [])
    related = {name: {getattr(a, f"{name}_id") for a in named} - {None} for name in RELATED}
    strategies = Strategy.objects.filter(Q(strategic_plan=plan.strategic_plan_id) | Q(pk__in=related["strategy"]))
    guidelines = Guideline.objects.filter(Q(strategy__strategic_plan=plan.strategic_plan_id) | Q(pk__in=related["guideline"]))
    content = {
        "format": FORMAT,
        "organisation": _dump(plan.organisation, ORGANISATION_FIELDS),
        "strategic_plan": plan.strategic_plan_id,
        "strategy": [_dump(s) for s in strategies.order_by("number", "pk")],
        "guideline": [_dump(g) for g in guidelines.order_by("strategy__number", "number", "pk")],
        "programme": [_dump(p) for p in Programme.objects.order_by("code")],
        "unit": [_dump(u) for u in Unit.objects.filter(Q(organisation=plan.organisation_id) | Q(pk__in=related["unit"]))],
        "category": [_dump(c) for c in ExpenseCategory.objects.filter(pk__in=related["category"])],
        "village": [_dump(v) for v in Village.objects.filter(organisation=plan.organisation_id)],
        "activities": [_dump_activity(a) for a in activities],
        "introduction": [list(section) for section in introduction(plan)],
        "changes": None,
    }
    if changes is not None:
        content["changes"] = {
            "added": [str(a.key) for a in changes.added],
            "changed": [{"key": str(c.after.key), "before": _dump_activity(c.before), "fields": c.fields} for c in changes.changed],
            "removed": [_dump_activity(a) for a in changes.removed],
        }
    return content


def snapshot_create(plan: OperationalPlan) -> EditionSnapshot:
    """Freeze the plan's content; called in the transaction that announces it."""
    return EditionSnapshot.objects.create(plan=plan, content=snapshot_content(plan))


# --- reading --------------------------------------------------------------------------------------


def _converter(field: models.Field):
    """How a JSON value becomes the field's Python value (most are already what they should be)."""
    if isinstance(field, (models.DecimalField, models.UUIDField, models.DateField)):
        return field.to_python
    return None


@cache
def _layout(model: type[models.Model]) -> list[tuple[str, object, object]]:
    return [(field.attname, _converter(field), field.get_default()) for field in model._meta.concrete_fields]


def _load(model: type[models.Model], data: dict) -> models.Model:
    """An unsaved instance from its dumped values (positional: Django's fastest way to build one)."""
    values = []
    for attname, convert, default in _layout(model):
        value = data.get(attname, default)
        values.append(convert(value) if convert and value is not None else value)
    return model(*values)


def _thaw_activity(data: dict, related: dict[str, dict], villages: dict[int, Village]) -> Activity:
    activity = _load(Activity, data)
    for name in RELATED:
        pk = getattr(activity, f"{name}_id")
        setattr(activity, name, None if pk is None else related[name][pk])
    activity._villages = sorted((villages[pk] for pk in data["villages"] if pk in villages), key=lambda v: v.number)
    return activity


def thaw(content: dict) -> Frozen:
    organisation = _load(Organisation, content["organisation"])
    related = {name: {row["id"]: _load(model, row) for row in content[name]} for name, model in RELATED.items()}
    for guideline in related["guideline"].values():
        guideline.strategy = related["strategy"].get(guideline.strategy_id)
    villages = {row["id"]: _load(Village, row) for row in content["village"]}
    for record in (*related["unit"].values(), *villages.values()):
        record.organisation = organisation
    activities = [_thaw_activity(row, related, villages) for row in content["activities"]]
    changes = None
    if content["changes"] is not None:
        by_key = {str(a.key): a for a in activities}
        frozen_changes = content["changes"]
        changes = EditionChanges(
            added=[by_key[key] for key in frozen_changes["added"]],
            changed=[
                Change(_thaw_activity(c["before"], related, villages), by_key[c["key"]], [tuple(f) for f in c["fields"]])
                for c in frozen_changes["changed"]
            ],
            removed=[_thaw_activity(row, related, villages) for row in frozen_changes["removed"]],
        )
    strategies = [s for s in related["strategy"].values() if s.strategic_plan_id == content["strategic_plan"]]
    return Frozen(
        organisation=organisation,
        strategies=strategies,
        guidelines=list(related["guideline"].values()),
        programmes=list(related["programme"].values()),
        units=list(related["unit"].values()),
        villages=sorted(villages.values(), key=lambda v: v.number),
        activities=activities,
        introduction=[tuple(section) for section in content["introduction"]],
        changes=changes,
    )


def frozen(plan: OperationalPlan) -> Frozen | None:
    """The announced edition's content as it was announced; None for a plan not yet announced.

    An edition announced before snapshots existed has none until `snapshot_missing` runs (after
    every migrate): until then it reads as it stands, the best that can be known of it."""
    if not plan.is_announced:
        return None
    stored = EditionSnapshot.objects.filter(plan=plan.pk).values_list("pk", "created_at").first()
    return _stored(*stored) if stored else thaw(snapshot_content(plan))


@lru_cache(maxsize=8)
def _stored(pk: int, created_at) -> Frozen:
    """A snapshot never changes once written: each process thaws it once. Its records are shared
    by the requests that read it and never modified."""
    return thaw(EditionSnapshot.objects.get(pk=pk).content)


def snapshot_missing(**kwargs) -> None:
    """Freeze every announced edition that has no snapshot yet (connected to post_migrate: it runs
    once the schema matches the code, so it reads the records with today's models)."""
    for plan in OperationalPlan.objects.announced().filter(snapshot__isnull=True):
        snapshot_create(plan)
