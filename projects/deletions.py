"""Deleting a village, a budget line or a development-plan project that activities name.

Left to the database, the activities would lose the link without a word: the village's rows in
the many-to-many table go with it, the budget line and the plan project are set to NULL, and no
history row says so. Instead:
- an activity of a plan that no longer changes (submitted, approved, announced) keeps its links:
  the deletion is refused and says which activities name the record;
- an activity of a plan still in drafting loses the link through the ORM, so its history records
  who removed it and when.
The check runs in the deletion's transaction (pre_delete), so a refusal leaves everything as it was.
"""

from __future__ import annotations

from django.db.models import Model, QuerySet
from django.db.models.deletion import RestrictedError
from django.db.models.signals import pre_delete

from plans.models import BudgetLine, OperationalPlan, PlanProject, Village
from projects.models import Activity


def _naming(activities: QuerySet, record: Model) -> list[Activity]:
    """The activities that name `record`; refuses the deletion if any of them is frozen."""
    activities = list(activities.select_related("plan"))
    frozen = [a for a in activities if a.plan.status not in OperationalPlan.EDITABLE_STATUSES]
    if frozen:
        plans = sorted({str(a.plan) for a in frozen})
        raise RestrictedError(
            f"ลบ “{record}” ไม่ได้ เพราะโครงการ/กิจกรรมในแผนที่เสนอ เห็นชอบ หรือประกาศใช้แล้วอ้างถึงอยู่ ({', '.join(plans)})", set(frozen)
        )
    return activities


def village_deleted(sender, instance: Village, **kwargs) -> None:
    for activity in _naming(Activity.objects.filter(villages=instance), instance):
        activity.villages.remove(instance)  # recorded in the activity's history (m2m_changed)


def _unlink(field: str):
    def unlink(sender, instance: Model, **kwargs) -> None:
        for activity in _naming(Activity.objects.filter(**{field: instance}), instance):
            setattr(activity, field, None)
            activity.save(update_fields=[field])

    return unlink


def connect() -> None:
    pre_delete.connect(village_deleted, sender=Village, dispatch_uid="village_deleted")
    pre_delete.connect(_unlink("budget_line"), sender=BudgetLine, weak=False, dispatch_uid="budget_line_deleted")
    pre_delete.connect(_unlink("plan_project"), sender=PlanProject, weak=False, dispatch_uid="plan_project_deleted")
