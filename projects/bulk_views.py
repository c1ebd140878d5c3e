"""The grid that sets months, villages, unit and แผนงาน of many activities at once, with a review before saving and an undo after."""

from __future__ import annotations

from dataclasses import replace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from lib import thai
from plans.access import EDIT_ROLES, get_for_organisation, organisation_of, require_role
from plans.models import OperationalPlan
from projects import bulk
from projects.filters import ActivityFilter
from projects.models import FrozenPlan

UNDO_KEY = "bulk_undo"


def _editable_plan(request, pk: int) -> tuple[OperationalPlan, object]:
    """The plan (404 outside the organisation, 403 for executives), or a redirect saying why it cannot change."""
    plan = get_for_organisation(OperationalPlan.objects.select_related("organisation"), organisation_of(request.user), pk=pk)
    require_role(request.user, EDIT_ROLES)
    if not plan.is_editable:
        messages.error(request, f"แผนนี้อยู่ในสถานะ “{plan.get_status_display()}” จึงแก้ไขหลายรายการไม่ได้ ให้จัดทำฉบับแก้ไขหรือเพิ่มเติมแทน")
        return plan, redirect("projects:activity_list", plan.pk)
    return plan, None


def _grid_url(plan: OperationalPlan, query: str) -> str:
    url = reverse("projects:activity_bulk", args=[plan.pk])
    return f"{url}?{query}" if query else url


def _filtered(request, plan: OperationalPlan):
    """The activities the grid opens with: the list's filter, narrowed to the rows ticked on the list
    (which open ticked; a whole filtered set opens with none ticked, so that nothing changes by surprise)."""
    query = request.GET.copy()
    ids = {int(pk) for value in query.pop("ids", []) for pk in value.split(",") if pk.strip().isdigit()}
    filterset = ActivityFilter(query or None, queryset=bulk.grid_queryset(plan), request=request, parent=plan)
    activities = filterset.qs
    if ids:
        activities = activities.filter(pk__in=ids)
    return filterset, activities, ids


@require_http_methods(["GET", "POST"])
@login_required
def activity_bulk(request, pk: int):
    plan, refused = _editable_plan(request, pk)
    if refused:
        return refused
    choices = bulk.Choices.of(plan)
    filterset, activities, ids = _filtered(request, plan)
    if request.method == "GET":
        return _grid(request, plan, choices, filterset, bulk.rows_of(activities, selected=ids))
    try:
        rows = bulk.read_grid(plan, request.POST, choices)
        setting = bulk.Setting.read(request.POST, choices)
    except bulk.GridError as error:
        messages.error(request, plan.organisation.words.speak(str(error)))
        return redirect(request.get_full_path())
    action = request.POST.get("action")
    if action == "apply":
        touched = setting.apply(rows)
        if setting.is_empty or not touched:
            messages.warning(request, "ยังไม่ได้กำหนดค่า: เลือกรายการในตาราง และเลือกเดือน สถานที่ หน่วยงาน หรือแผนงานที่จะกำหนดก่อน")
            return _grid(request, plan, choices, filterset, rows, setting)
        messages.info(request, f"กำหนดค่าให้ {touched} รายการแล้ว (ยังไม่บันทึก) กด “ตรวจสอบการเปลี่ยนแปลงก่อนบันทึก” เพื่อดูสรุป")
        return _grid(request, plan, choices, filterset, rows)  # the panel starts empty again
    if action in ("review", "save") and not any(row.changes for row in rows):
        messages.warning(request, "ยังไม่มีการเปลี่ยนแปลง: แก้เดือนในตาราง หรือกำหนดค่าให้รายการที่เลือกแล้วกด “ใช้กับรายการที่เลือก” ก่อน")
        return _grid(request, plan, choices, filterset, rows, setting)
    if action == "review":
        return _review(request, plan, choices, rows)
    if action == "save":
        return _save(request, plan, choices, rows)
    return _grid(request, plan, choices, filterset, rows, setting)  # "back to editing" from the review


def _grid(request, plan, choices, filterset, rows, setting=None):
    undo = request.session.get(UNDO_KEY)
    year = plan.fiscal_year
    items = [
        {"row": row, "villages": choices.show("villages", row.values, year) if row.values.villages else "",
         "unit": choices.show("unit", row.values, year), "programme": choices.show("programme", row.values, year)}
        for row in rows
    ]  # fmt: skip
    context = {
        "plan": plan,
        "items": items,
        "choices": choices,
        "villages": sorted(choices.villages.values(), key=lambda v: v.number),
        "units": sorted(choices.units.values(), key=lambda u: (u.order, u.name)),
        "programmes": sorted(choices.programmes.values(), key=lambda p: p.code),
        "filter": filterset,
        "setting": setting or bulk.Setting(),
        "months": _month_headers(plan),
        "changed": sum(1 for row in rows if row.changes),
        "undo": undo if undo and undo["plan"] == plan.pk else None,
        "querystring": request.GET.urlencode(),
    }
    return render(request, "projects/activity_bulk.html", context)


def _month_headers(plan: OperationalPlan) -> list[dict]:
    return [{"index": i, "label": thai.fiscal_month_abbr(i), "year": thai.fiscal_month_be_year(plan.fiscal_year, i)} for i in range(12)]


def _review(request, plan, choices, rows, status=200):
    for row in rows:
        if row.changes and row.is_stale:
            _mark_stale(row)
    changed = [row for row in rows if row.changes]
    speak = plan.organisation.words.speak
    counts = {speak(label): sum(1 for row in changed if name in row.changes) for name, label in bulk.FIELDS.items()}
    fields = [name for name in bulk.FIELDS if any(name in row.changes for row in changed)]  # the columns worth showing
    context = {
        "plan": plan,
        "rows": rows,
        "changed": changed,
        "counts": [(label, count) for label, count in counts.items() if count],
        "shown": [_shown(row, choices, plan.fiscal_year, fields) for row in changed],
        "labels": [speak(bulk.FIELDS[name]) for name in fields],
        "stale": [row for row in changed if row.stale_by],
        "months": _month_headers(plan),
    }
    return render(request, "projects/activity_bulk_review.html", context, status=status)


def _shown(row: bulk.Row, choices: bulk.Choices, year: int, fields: list[str]) -> dict:
    """One changed row as the review shows it: each field before → after, or unchanged."""
    cells = []
    seen = row.seen or row.original
    for name in fields:
        label = choices.words.speak(bulk.FIELDS[name])
        before, after = choices.show(name, seen, year), choices.show(name, row.values, year)
        now = choices.show(name, row.stored, year) if row.seen and row.stored else before
        cells.append(
            {"label": label, "changed": name in row.changes, "before": before, "after": after, "now": now if now != before else ""}
        )
    return {"row": row, "cells": cells}


def _mark_stale(row: bulk.Row) -> None:
    """Someone saved the row after the grid was built: say who, and carry the stored version and values,
    so that confirming again applies this user's changes on top of theirs."""
    last = row.activity.history.select_related("history_user").first()
    row.stale_by = str(last.history_user) if last and last.history_user else "ผู้ใช้อื่น"
    changes = row.changes
    row.seen = row.seen or row.original
    row.original, row.version = row.stored, row.activity.version
    row.values = replace(row.stored, **{name: getattr(row.values, name) for name in changes})


def _save(request, plan, choices, rows):
    try:
        saved = bulk.activities_set_many(plan=plan, rows=rows, user=request.user)
    except FrozenPlan as error:
        messages.error(request, str(error))
        return redirect("projects:activity_list", plan.pk)
    except bulk.StaleRows as stale:
        fresh = {a.pk: a for a in bulk.grid_queryset(plan).filter(pk__in=[row.activity.pk for row in stale.rows])}
        for row in stale.rows:
            row.activity = fresh[row.activity.pk]
            row.stored = bulk.Values.of(row.activity)
        messages.error(
            request,
            f"ยังไม่ได้บันทึก: มีผู้อื่นบันทึก {len(stale.rows)} รายการไปก่อนระหว่างที่คุณแก้ไข (ทำเครื่องหมายไว้ด้านล่าง) "
            "ค่าที่คุณกำหนดยังอยู่ครบ ตรวจสอบแล้วกด “ยืนยันบันทึก” อีกครั้ง",
        )
        return _review(request, plan, choices, rows, status=409)
    request.session[UNDO_KEY] = {"plan": plan.pk, "count": len(saved), "rows": bulk.undo_record(saved)}
    messages.success(request, f"บันทึกการแก้ไข {len(saved)} รายการแล้ว (เลิกทำได้จากหน้านี้)")
    return redirect(request.get_full_path())


@require_POST
@login_required
def activity_bulk_undo(request, pk: int):
    plan, refused = _editable_plan(request, pk)
    if refused:
        return refused
    undo = request.session.get(UNDO_KEY)
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        back = reverse("projects:activity_bulk", args=[plan.pk])
    if not undo or undo["plan"] != plan.pk:
        messages.error(request, "ไม่มีการแก้ไขหลายรายการที่เลิกทำได้")
        return redirect(back)
    rows = bulk.undo_rows(plan, undo["rows"])
    try:
        bulk.activities_set_many(plan=plan, rows=rows, user=request.user, reason=bulk.UNDONE_REASON)
    except bulk.StaleRows as stale:
        names = ", ".join(f"“{row.activity.name}”" for row in stale.rows[:5])
        messages.error(request, f"เลิกทำไม่ได้: มีการบันทึก {len(stale.rows)} รายการหลังจากนั้นแล้ว ({names}) จึงไม่ได้เปลี่ยนอะไร")
        return redirect(back)
    except FrozenPlan as error:
        messages.error(request, str(error))
        return redirect("projects:activity_list", plan.pk)
    del request.session[UNDO_KEY]
    messages.success(request, f"เลิกทำแล้ว: {undo['count']} รายการกลับเป็นค่าเดิม")
    return redirect(back)
