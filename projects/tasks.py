"""Background tasks of plans' documents: a plan's PDF for staff (preview of a draft, or any plan)."""

from __future__ import annotations

import logging

from celery import chord, shared_task

from lib import pdf
from plans import jobs
from plans.models import OperationalPlan
from projects import import_views  # noqa: F401 - registers the activity and progress imports that plans.tasks.import_file saves
from projects.document import build_document
from projects.pdf import chunk_cache, chunks, render_plan_pdf, roots, stylesheet

log = logging.getLogger(__name__)

KIND_PDF = "plan_pdf"


def pdf_name(plan: OperationalPlan) -> str:
    draft = "-ร่าง" if plan.status != plan.Status.ANNOUNCED else ""
    return f"แผนการดำเนินงาน-{plan.fiscal_year}-{plan.organisation.name}{draft}.pdf"


def _plan(job) -> OperationalPlan:
    plan = OperationalPlan.objects.select_related("organisation").filter(pk=int(job.subject_id)).first()
    if plan is None:
        raise jobs.JobFailed("ไม่พบแผนการดำเนินงานนี้แล้ว (อาจถูกลบไประหว่างสร้าง PDF)")
    return plan


def missing_chunks(plan: OperationalPlan) -> list[tuple[str, str]]:
    """The (html, css) of the plan's chunks that no server has rendered yet (lib.pdf.ChunkCache)."""
    css, store, folders = stylesheet(), chunk_cache(), roots()
    keyed = {store.key(html, css, folders): (html, css) for html, _ in chunks(build_document(plan))}
    found = store.get_many(list(keyed))
    return [job for key, job in keyed.items() if key not in found]


@shared_task(bind=True, **jobs.TASK_OPTIONS)
def plan_pdf(self, job_id: str) -> None:
    """A plan's PDF. With a queue, the chunks not rendered yet are a group spread over the workers
    (each stored in the shared chunk cache), and `assemble` joins the document once the last is in;
    a plan with one chunk to render is made in this task."""

    def work(job):
        plan = _plan(job)
        missing = missing_chunks(plan) if jobs.queued() else []
        if len(missing) > 1:
            jobs.progress(job, 0, len(missing) + 1)
            chord(render_chunk.si(job_id, html, css) for html, css in missing)(assemble.si(job_id))
            return  # the job runs on: assemble() ends it
        jobs.finish(job, content=render_plan_pdf(plan), name=pdf_name(plan))

    jobs.run(self, job_id, work)


@shared_task(**jobs.TASK_OPTIONS)
def render_chunk(job_id: str, html: str, css: str) -> None:
    """One chunk into the shared cache. A chunk that fails here is left for assemble(), which renders
    it again and reports the failure on the job's page."""
    store, folders = chunk_cache(), roots()
    key = store.key(html, css, folders)
    if not store.get_many([key]):
        try:
            store.set_many({key: pdf.render(html, folders, css)})
        except Exception:
            log.exception("chunk of job %s not rendered", job_id)
    jobs.step(job_id)


@shared_task(bind=True, **jobs.TASK_OPTIONS)
def assemble(self, job_id: str) -> None:
    """The chord's join: the cover, the contents and the page numbers fitted to the chunks, all from the cache."""

    def work(job):
        plan = _plan(job)
        jobs.finish(job, content=render_plan_pdf(plan), name=pdf_name(plan))

    jobs.run(self, job_id, work)


def start_plan_pdf(plan: OperationalPlan, user):
    return jobs.start(plan_pdf, kind=KIND_PDF, organisation=plan.organisation, user=user, subject_id=plan.pk,
                      title=f"สร้าง PDF {plan.title}")  # fmt: skip
