"""Long work in the background: start a job (or join the one already under way), run it in a
Celery task, report its progress, keep its file.

With CELERY_BROKER_URL set, `start()` sends the task to the queue once the request's transaction
commits and returns at once; the page polls the job's status. Without it (the embedded default)
the task runs right there, in the request, as it always did, and the job is done when `start()`
returns. A task is idempotent: a job already done is not done again, so a task delivered twice
(its worker died before acknowledging it) costs nothing. A job that stops showing signs of life
(its worker was killed, a retry never came) is reported as stopped in Thai, never "running" for
ever; the user starts it again.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import DatabaseError, InterfaceError, OperationalError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from redis.exceptions import ConnectionError as RedisConnectionError

from plans.models import Job

log = logging.getLogger(__name__)

# Failures worth trying again (the database or Redis restarting); anything else is reported at once.
TRANSIENT = (OperationalError, InterfaceError, RedisConnectionError)
TASK_OPTIONS = {"autoretry_for": TRANSIENT, "max_retries": 3, "retry_backoff": 5, "retry_jitter": True, "acks_late": True}

STOPPED = "งานนี้หยุดไปก่อนเสร็จ (เครื่องที่ทำงานเบื้องหลังอาจหยุดทำงาน) ยังไม่ได้บันทึกผลใด กรุณาสั่งใหม่อีกครั้ง"
KEEP_FOR = dt.timedelta(days=2)


class JobFailed(Exception):
    """A failure the user can act on: its text (Thai) is what the job page shows."""


def queued() -> bool:
    """Whether tasks go to a queue (a broker is configured) rather than run in the request."""
    return not settings.CELERY_TASK_ALWAYS_EAGER


def send(task, *args) -> None:
    """Run `task(*args)` in the background once this transaction commits; without a broker, now."""
    if queued():
        transaction.on_commit(lambda: task.delay(*args))
    else:
        task.apply(args=args, throw=True)


def alive_since() -> dt.datetime:
    return timezone.now() - dt.timedelta(seconds=settings.JOB_STALE_SECONDS)


def start(task, *, kind: str, organisation, user, subject_id: object, title: str, url: str = "") -> Job:
    """The job of `kind` for `subject_id`: the one already queued or running, or a new one sent to `task`.
    `url`: the page to go back to if it fails (a task that ends well names where to go on to)."""
    subject = str(subject_id)
    in_flight = Job.objects.filter(
        organisation=organisation, kind=kind, subject_id=subject, status__in=[Job.Status.QUEUED, Job.Status.RUNNING],
        updated_at__gte=alive_since(),
    ).first()  # fmt: skip
    if in_flight:
        return in_flight
    forget_old(organisation)
    job = Job.objects.create(organisation=organisation, user=user, kind=kind, subject_id=subject, title=title, result_url=url)
    send(task, str(job.pk))
    job.refresh_from_db()
    return job


def forget_old(organisation) -> None:
    for job in Job.objects.filter(organisation=organisation, created_at__lt=timezone.now() - KEEP_FOR):
        if job.result:
            job.result.delete(save=False)
        job.delete()


def run(task, job_id: str, work: Callable[[Job], None]) -> None:
    """The body of every job task: mark it running, do `work(job)`, record how it ended.

    `work` ends the job with `finish()`; a `JobFailed` or `ValidationError` it raises is shown as
    it is; a transient failure is retried by Celery (and reported once the retries run out); any
    other failure is logged and reported in general words.
    """
    job = Job.objects.filter(pk=job_id).first()
    if job is None or job.status == Job.Status.DONE:
        return  # forgotten, or done by an earlier delivery of this task
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, attempts=F("attempts") + 1, message="", updated_at=timezone.now())
    job.refresh_from_db()
    try:
        work(job)
    except TRANSIENT:
        if task.request.retries >= task.max_retries:
            fail(job, f"{job.title} ไม่สำเร็จ: ฐานข้อมูลหรือระบบคิวไม่ตอบสนองหลังลองซ้ำแล้ว {task.max_retries} ครั้ง กรุณาลองอีกครั้งภายหลัง")
        raise
    except JobFailed as problem:
        fail(job, str(problem))
    except ValidationError as problem:
        fail(job, " ".join(problem.messages))
    except DatabaseError:
        log.exception("job %s (%s) failed", job.pk, job.kind)
        fail(job, f"{job.title} ไม่สำเร็จ: ฐานข้อมูลปฏิเสธการบันทึก ยังไม่ได้บันทึกผลใด กรุณาลองอีกครั้ง")
    except Exception:
        log.exception("job %s (%s) failed", job.pk, job.kind)
        fail(job, f"{job.title} ไม่สำเร็จเพราะข้อผิดพลาดของระบบ (บันทึกรายละเอียดให้ผู้ดูแลระบบแล้ว) ยังไม่ได้บันทึกผลใด กรุณาลองอีกครั้ง")


def progress(job: Job, done: int, total: int | None = None) -> None:
    """Record steps done (and the total, when known): the page's progress bar, and a sign of life."""
    fields = {"steps_done": done, "updated_at": timezone.now()}
    if total is not None:
        fields["steps_total"] = total
    Job.objects.filter(pk=job.pk).update(**fields)


def step(job_id: str) -> None:
    """One more step done (a chunk rendered on some worker): counted in the database, so concurrent steps add up."""
    Job.objects.filter(pk=job_id).update(steps_done=F("steps_done") + 1, updated_at=timezone.now())


def finish(job: Job, *, content: bytes | None = None, name: str = "", url: str = "", message: str = "") -> None:
    """The job is done: its file (saved through the storage API under an ASCII name; `name` is what
    the download is called), or the page to go on to, and a message."""
    if content is not None:
        if job.result:
            job.result.delete(save=False)
        job.result.save("result" + PurePosixPath(name).suffix.lower(), ContentFile(content), save=False)
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.DONE, result=job.result.name or "", result_name=name, result_url=url, message=message,
        steps_done=F("steps_total"), finished_at=timezone.now(), updated_at=timezone.now(),
    )  # fmt: skip


def fail(job: Job, message: str, url: str | None = None) -> None:
    """The job ended without its result: why (Thai), and where to go to put it right (else the page it started from)."""
    fields = {"status": Job.Status.FAILED, "message": message, "finished_at": timezone.now(), "updated_at": timezone.now()}
    if url is not None:
        fields["result_url"] = url
    Job.objects.filter(pk=job.pk).update(**fields)


def state(job: Job) -> dict:
    """What the job page and its poller show: a job silent for too long is reported as stopped."""
    status, message = job.status, job.message
    if status in (Job.Status.QUEUED, Job.Status.RUNNING) and job.updated_at < alive_since():
        status, message = Job.Status.FAILED, STOPPED
    done = status == Job.Status.DONE
    return {
        "id": str(job.pk),
        "title": job.title,
        "status": status,
        "status_display": Job.Status(status).label,
        "done": job.steps_done,
        "total": job.steps_total,
        "message": message,
        "download_url": reverse("plans:job_file", args=[job.pk]) if done and job.result else "",
        "next_url": job.result_url if status in (Job.Status.DONE, Job.Status.FAILED) else "",
        "status_url": reverse("plans:job", args=[job.pk]),
        "elapsed": round(((job.finished_at or timezone.now()) - job.created_at).total_seconds(), 1),
    }
