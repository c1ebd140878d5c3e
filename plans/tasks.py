"""Background tasks of the planning records: saving a large confirmed import."""

from __future__ import annotations

from celery import shared_task

from plans import jobs
from plans.models import PendingImport

KIND_IMPORT = "import"


@shared_task(bind=True, **jobs.TASK_OPTIONS)
def import_file(self, job_id: str) -> None:
    """What the review page's "ยืนยันนำเข้า" does, on a worker: saved (the job leads on to the saved
    records), or refused with the reason (the job leads back to the review page)."""
    from plans import import_views  # the views register every app's kinds of import (projects.tasks imports projects')

    def work(job):
        pending = PendingImport.objects.filter(pk=job.subject_id).first()
        if pending is None:
            jobs.finish(job, message="ไฟล์นี้นำเข้าไปแล้ว")
            return
        outcome = import_views.save_pending(pending, import_views.ALL_HANDLERS[pending.kind], job.user)
        if outcome.saved:
            jobs.finish(job, url=outcome.url, message=outcome.message)
            return
        jobs.fail(job, outcome.message, url=outcome.url or None)  # else back to the review page (the job's start)

    jobs.run(self, job_id, work)
