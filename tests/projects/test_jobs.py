"""A plan's PDF as a background job: through a real Celery worker it is the same file as made in the
request; a job is done once, reports its failures in Thai, and is never "running" for ever."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from plans import jobs
from plans.models import Job, OperationalPlan
from projects import pdf as plan_pdf
from projects import tasks
from projects.document import build_document
from projects.pdf import render_plan_pdf
from tests.conftest import login
from tests.workers import queue

JSON = {"HTTP_ACCEPT": "application/json"}
ROOT = Path(__file__).resolve().parents[2]


def wait_for(job_id: str, seconds: float = 180) -> Job:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job = Job.objects.get(pk=job_id)
        if job.status in (Job.Status.DONE, Job.Status.FAILED):
            return job
        time.sleep(0.2)
    pytest.fail(f"job {job_id} still {Job.objects.get(pk=job_id).status} after {seconds} s")


def test_a_real_worker_renders_the_same_pdf_as_the_request(worker, staff, activity):
    client = login(staff)
    response = client.post(reverse("projects:plan_pdf_job", args=[activity.plan.pk]), **JSON)
    assert response.status_code == 202
    state = response.json()
    assert state["status"] in ("queued", "running"), "the request waited for the PDF instead of queueing it"

    job = wait_for(state["id"])
    assert job.status == Job.Status.DONE, job.message
    chunks = len(plan_pdf.chunks(build_document(activity.plan)))
    assert chunks > 1 and job.steps_total == job.steps_done == chunks + 1  # each chunk a task of the group, then the join
    polled = client.get(state["status_url"], **JSON).json()
    assert polled["status"] == "done" and polled["download_url"]

    download = client.get(polled["download_url"])
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment; filename*=utf-8''")
    queued_bytes = b"".join(download.streaming_content)
    cache.clear()  # the in-process render below renders everything itself, from nothing the worker cached
    assert queued_bytes == render_plan_pdf(OperationalPlan.objects.get(pk=activity.plan.pk))
    assert client.get(reverse("projects:plan_pdf", args=[activity.plan.pk])).content == queued_bytes


def test_a_plan_rendered_before_is_joined_without_a_group(worker, staff, activity):
    render_plan_pdf(activity.plan)  # every chunk is in the shared cache
    job = wait_for(str(tasks.start_plan_pdf(activity.plan, staff).pk))
    assert job.status == Job.Status.DONE and job.steps_total == 0 and job.attempts == 1


def test_a_second_press_joins_the_job_under_way(committed_db, settings, staff, activity):
    client = login(staff)
    url = reverse("projects:plan_pdf_job", args=[activity.plan.pk])
    with queue(settings):  # a broker, but no worker yet: the job waits in the queue
        first = client.post(url, **JSON).json()
        second = client.post(url, **JSON).json()
    assert first["id"] == second["id"] and first["status"] == "queued"
    assert Job.objects.count() == 1


@pytest.mark.django_db
def test_without_a_broker_the_job_is_done_within_the_request(staff, activity):
    response = login(staff).post(reverse("projects:plan_pdf_job", args=[activity.plan.pk]))
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("plans:job", args=[job.pk])
    assert job.status == Job.Status.DONE and job.result.name.endswith("/result.pdf")
    assert job.result_name.startswith("แผนการดำเนินงาน-2570-") and job.result_name.endswith("-ร่าง.pdf")
    page = login(staff).get(response["Location"])
    assert "ดาวน์โหลด แผนการดำเนินงาน-2570" in page.content.decode()


@pytest.mark.django_db
def test_a_job_delivered_twice_is_done_once(staff, activity):
    job = tasks.start_plan_pdf(activity.plan, staff)
    stored = job.result.name
    tasks.plan_pdf.apply(args=[str(job.pk)], throw=True)  # the broker delivers it again (its worker died before acknowledging)
    job.refresh_from_db()
    assert job.attempts == 1 and job.result.name == stored and job.status == Job.Status.DONE


@pytest.mark.django_db
def test_a_job_whose_plan_is_gone_fails_in_thai(staff, activity):
    job = Job.objects.create(
        organisation=activity.plan.organisation, user=staff, kind=tasks.KIND_PDF, subject_id="999999", title="สร้าง PDF"
    )
    tasks.plan_pdf.apply(args=[str(job.pk)], throw=True)
    state = login(staff).get(reverse("plans:job", args=[job.pk]), **JSON).json()
    assert state["status"] == "failed" and state["message"].startswith("ไม่พบแผนการดำเนินงานนี้แล้ว")
    assert not state["download_url"]
    assert login(staff).get(reverse("plans:job_file", args=[job.pk])).status_code == 404


@pytest.mark.django_db
def test_a_job_that_went_silent_is_reported_stopped_and_can_be_started_again(settings, staff, activity):
    settings.JOB_STALE_SECONDS = 600
    dead = Job.objects.create(organisation=activity.plan.organisation, user=staff, kind=tasks.KIND_PDF, subject_id=str(activity.plan.pk),
                              title="สร้าง PDF", status=Job.Status.RUNNING)  # fmt: skip
    Job.objects.filter(pk=dead.pk).update(updated_at=timezone.now() - dt.timedelta(seconds=601))
    client = login(staff)
    state = client.get(reverse("plans:job", args=[dead.pk]), **JSON).json()
    assert state["status"] == "failed" and state["message"] == jobs.STOPPED
    page = client.get(reverse("plans:job", args=[dead.pk])).content.decode()
    assert jobs.STOPPED in page and 'http-equiv="refresh"' not in page

    again = client.post(reverse("projects:plan_pdf_job", args=[activity.plan.pk]), **JSON).json()
    assert again["id"] != str(dead.pk) and again["status"] == "done"


@pytest.mark.django_db
def test_a_job_running_shows_a_page_that_follows_it_without_script(staff, activity):
    job = Job.objects.create(organisation=activity.plan.organisation, user=staff, kind=tasks.KIND_PDF, subject_id=str(activity.plan.pk),
                             title="สร้าง PDF แผน", status=Job.Status.RUNNING, steps_done=3, steps_total=4)  # fmt: skip
    page = login(staff).get(reverse("plans:job", args=[job.pk])).content.decode()
    assert '<meta http-equiv="refresh" content="2">' in page
    assert "job-bar-8" in page and "๓ จาก ๔ ส่วน" in page


@pytest.mark.django_db
def test_jobs_are_their_organisations_only(staff, outsider, activity):
    job = tasks.start_plan_pdf(activity.plan, staff)
    for name in ("plans:job", "plans:job_file"):
        assert login(outsider).get(reverse(name, args=[job.pk])).status_code == 404
    assert login(outsider).post(reverse("projects:plan_pdf_job", args=[activity.plan.pk])).status_code == 404
    anonymous = login(staff).__class__().get(reverse("plans:job_file", args=[job.pk]))
    assert anonymous.status_code == 302 and "/login" in anonymous["Location"]


@pytest.mark.django_db
def test_old_jobs_and_their_files_are_forgotten(staff, activity):
    old = tasks.start_plan_pdf(activity.plan, staff)
    storage, name = old.result.storage, old.result.name
    Job.objects.filter(pk=old.pk).update(created_at=timezone.now() - jobs.KEEP_FOR - dt.timedelta(minutes=1))
    tasks.start_plan_pdf(activity.plan, staff)
    assert not Job.objects.filter(pk=old.pk).exists() and not storage.exists(name)


def test_a_worker_without_a_broker_stops_at_once_saying_why():
    env = {key: value for key, value in os.environ.items() if key != "CELERY_BROKER_URL"}
    env.update(DJANGO_SETTINGS_MODULE="config.settings", SECRET_KEY="tests-only", ENV_FILE=os.devnull)
    result = subprocess.run([sys.executable, "-m", "celery", "-A", "config", "worker"], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=60)  # fmt: skip
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1].startswith("ยังไม่ได้ตั้ง CELERY_BROKER_URL: ตั้งเป็นที่อยู่ Redis")
    assert "Traceback" not in result.stderr
