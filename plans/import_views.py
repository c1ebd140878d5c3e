"""Staff bring a file in: upload it, see what it will do (and say what the names it does not know
are), then confirm. Nothing is saved before that, and then everything is saved at once.

The uploaded file waits in `PendingImport` (for its uploader only) between the steps. Each kind of
import declares a `Handler`: how to read the file into an importer (`.preview`, `.save(user)`),
where its upload form is, and where to go once it is saved. The review page is shared.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from lib import spreadsheets
from plans import jobs, tasks
from plans.access import EDIT_ROLES, get_for_organisation, require_role
from plans.importing import ImportConflict, ImportErrors, PlanProjectImport
from plans.line_import import BudgetLineImport
from plans.models import BudgetOrdinance, DevelopmentPlan, PendingImport

FILE_LABEL = "ไฟล์ (.xlsx หรือ .csv)"


@dataclass(frozen=True)
class Handler:
    build: Callable  # (pending) → an importer with .preview and .save(user)
    back: Callable  # (pending) → the page with the upload form
    done: Callable  # (pending, importer) → where to go once saved


def begin(request, *, kind: str, back: str, review: str, target_id: int | None = None, options: dict | None = None,
          field: str = "file", label: str = FILE_LABEL) -> HttpResponse:  # fmt: skip
    """Keep the uploaded file for its review page (refused by its size before it is read)."""
    upload = request.FILES.get(field)
    if upload is None:
        messages.error(request, f"กรุณาเลือกไฟล์ในช่อง “{label}”")
        return redirect(back)
    try:
        content = spreadsheets.read_upload(upload)
    except spreadsheets.NotASpreadsheet as problem:
        messages.error(request, str(problem))
        return redirect(back)
    PendingImport.forget_old()
    pending = PendingImport.objects.create(
        organisation=request.user.organisation, user=request.user, kind=kind, target_id=target_id, options=options or {},
        filename=upload.name.rsplit("/", 1)[-1][-200:], content=content,
    )  # fmt: skip
    return redirect(review, pending.pk)


def pending_for(request, pk) -> PendingImport:
    """The user's own file waiting for review; anyone else's answers 404."""
    organisation = require_role(request.user, EDIT_ROLES)
    return get_object_or_404(PendingImport, pk=pk, organisation=organisation, user=request.user)


def read_choices(post, choices: dict) -> dict:
    """The mapping step's answers from the form (name-N / line-N, each with its -ref), over the earlier ones."""
    updated = {"names": dict(choices.get("names", {})), "lines": dict(choices.get("lines", {}))}
    for prefix, group in (("name", "names"), ("line", "lines")):
        for key, ref in post.items():
            if key.startswith(f"{prefix}-") and key.endswith("-ref"):
                value = post.get(key.removesuffix("-ref"), "")
                if value:
                    updated[group][ref] = value
    return updated


def review(request, pending: PendingImport, handler: Handler) -> HttpResponse:
    back = handler.back(pending)
    action = request.POST.get("action") if request.method == "POST" else None
    if action == "cancel":
        pending.delete()
        messages.info(request, "ยกเลิกการนำเข้าแล้ว ไม่ได้บันทึกสิ่งใด")
        return redirect(back)
    if request.method == "POST":
        pending.choices = read_choices(request.POST, pending.choices)
        pending.save(update_fields=["choices"])
        if action != "confirm":
            return redirect(request.path)
        return confirm(request, pending, handler, back)
    try:
        importer = handler.build(pending)
    except spreadsheets.NotASpreadsheet as problem:
        pending.delete()
        messages.error(request, str(problem))
        return redirect(back)
    if pending.options.get("rows") != importer.preview.rows_read:
        pending.options = {**pending.options, "rows": importer.preview.rows_read}  # how big a save it is (confirm())
        pending.save(update_fields=["options"])
    return render(request, "plans/import_review.html", {"preview": importer.preview, "pending": pending, "back_url": back})


@dataclass
class Outcome:
    """How a confirmed import ended: saved (`url` to go on to), or not (`status` and why)."""

    importer: object | None
    saved: bool = False
    status: int = 400
    message: str = ""
    url: str = ""


def save_pending(pending: PendingImport, handler: Handler, user) -> Outcome:
    """Read the file again with the choices made, and save it if nothing stops it: all or nothing.

    The waiting file's row is locked first, so that a second press of the button (or a second
    delivery of the background task) waits for the first and then finds the file already imported,
    instead of importing it twice.
    """
    with transaction.atomic():
        if not PendingImport.objects.select_for_update().filter(pk=pending.pk).exists():
            return Outcome(None, saved=True, message="ไฟล์นี้นำเข้าไปแล้ว", url=handler.back(pending))
        try:
            importer = handler.build(pending)
        except spreadsheets.NotASpreadsheet as problem:
            pending.delete()
            return Outcome(None, message=str(problem), url=handler.back(pending))
        if importer.preview.blocked:
            return Outcome(importer, message="ยังนำเข้าไม่ได้: แก้ไขหรือเลือกตามที่แจ้งด้านล่างก่อน ยังไม่ได้บันทึกสิ่งใด")
        try:
            with transaction.atomic():
                importer.save(user)
        except ImportErrors as problem:
            importer.preview.errors = problem.errors
            return Outcome(importer, message=f"ยังนำเข้าไม่ได้: พบ {len(problem.errors):,} จุดที่ต้องแก้ในไฟล์ ยังไม่ได้บันทึกสิ่งใด")
        except ImportConflict as problem:
            return Outcome(importer, status=409, message=str(problem))
        pending.delete()
    counts = " · ".join(f"{label} {count:,}" for label, count in importer.preview.counts if count)
    return Outcome(
        importer, saved=True, status=302, message=f"นำเข้า{importer.preview.title}แล้ว: {counts}", url=handler.done(pending, importer)
    )


def confirm(request, pending: PendingImport, handler: Handler, back: str) -> HttpResponse:
    """Save the import here, or (a large file, with a queue) on a worker while a page shows its progress."""
    if jobs.queued() and pending.options.get("rows", 0) > settings.IMPORT_BACKGROUND_ROWS:
        job = jobs.start(tasks.import_file, kind=tasks.KIND_IMPORT, organisation=pending.organisation, user=request.user,
                         subject_id=pending.pk, title=f"นำเข้าไฟล์ “{pending.filename}”", url=request.path)  # fmt: skip
        return redirect("plans:job", job.pk)
    outcome = save_pending(pending, handler, request.user)
    if outcome.saved:
        (messages.success if outcome.importer else messages.info)(request, outcome.message)
        return redirect(outcome.url)
    messages.error(request, outcome.message)
    if outcome.importer is None:
        return redirect(outcome.url)
    context = {"preview": outcome.importer.preview, "pending": pending, "back_url": back}
    return render(request, "plans/import_review.html", context, status=outcome.status)


# --- the imports of planning records ------------------------------------------------------------------


def _development_plan(pending: PendingImport) -> DevelopmentPlan:
    return get_for_organisation(
        DevelopmentPlan.objects.select_related("organisation", "strategic_plan"), pending.organisation, pk=pending.target_id
    )


def _ordinance(pending: PendingImport) -> BudgetOrdinance:
    return get_for_organisation(BudgetOrdinance.objects.select_related("organisation"), pending.organisation, pk=pending.target_id)


ALL_HANDLERS: dict[str, Handler] = {}  # every app's kinds of import, for the background task (plans/tasks.py)


def register(handlers: dict[str, Handler]) -> None:
    ALL_HANDLERS.update(handlers)


HANDLERS = {
    PendingImport.Kind.PLAN_PROJECTS: Handler(
        build=lambda p: PlanProjectImport(_development_plan(p), bytes(p.content), choices=p.choices, filename=p.filename),
        back=lambda p: _development_plan(p).get_absolute_url(),
        done=lambda p, importer: importer.plan.get_absolute_url(),
    ),
    PendingImport.Kind.BUDGET_LINES: Handler(
        build=lambda p: BudgetLineImport(_ordinance(p), bytes(p.content), choices=p.choices, filename=p.filename),
        back=lambda p: _ordinance(p).get_absolute_url(),
        done=lambda p, importer: importer.ordinance.get_absolute_url(),
    ),
}
register(HANDLERS)


@require_http_methods(["GET", "POST"])
@login_required
def import_review(request, pk):
    pending = pending_for(request, pk)
    if pending.kind not in HANDLERS:
        raise Http404
    return review(request, pending, HANDLERS[pending.kind])
