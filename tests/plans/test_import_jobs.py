"""A large confirmed import is saved by a real worker while the page shows its progress; one that
cannot be saved says why and leads back to its review page; small ones are saved in the request."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from operations.examples import development_plan_workbook
from plans.models import Guideline, Job, PendingImport, PlanProject, Strategy
from tests.conftest import login
from tests.importing import upload
from tests.projects.test_jobs import JSON, wait_for


def uploaded(settings, city_plan, city_staff):
    """A ผ.02 workbook of 40 projects at its review page, with background saving from 20 rows on."""
    settings.IMPORT_BACKGROUND_ROWS = 20
    client = login(city_staff)
    content, source = development_plan_workbook(projects=40)
    upload(client, reverse("plans:planproject_import", args=[city_plan.pk]), {"file": SimpleUploadedFile("ผ02.xlsx", content)})
    return client, source, PendingImport.objects.get()


def test_a_large_import_is_saved_by_a_worker(worker, settings, city_plan, city_staff):
    client, source, pending = uploaded(settings, city_plan, city_staff)
    assert pending.options["rows"] > 20  # the review page counted the rows it read
    response = client.post(reverse("plans:import_review", args=[pending.pk]), {"action": "confirm"})
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("plans:job", args=[job.pk])

    assert wait_for(str(job.pk)).status == Job.Status.DONE
    state = client.get(response["Location"], **JSON).json()
    assert state["next_url"] == city_plan.get_absolute_url() and state["message"].startswith("นำเข้าโครงการในแผนพัฒนาแล้ว")
    assert PlanProject.objects.filter(development_plan=city_plan).count() == len(source.projects)
    assert not PendingImport.objects.exists()


def test_a_large_import_that_cannot_be_saved_leads_back_to_its_review(worker, settings, city_plan, city_staff):
    client, _, pending = uploaded(settings, city_plan, city_staff)
    review = reverse("plans:import_review", args=[pending.pk])
    # The names the file uses are gone by the time it is saved.
    Guideline.objects.filter(strategy__strategic_plan=city_plan.strategic_plan).delete()
    Strategy.objects.filter(strategic_plan=city_plan.strategic_plan).delete()
    response = client.post(review, {"action": "confirm"})

    job = wait_for(str(Job.objects.get().pk))
    state = client.get(response["Location"], **JSON).json()
    assert job.status == Job.Status.FAILED and state["message"].startswith("ยังนำเข้าไม่ได้")
    assert state["next_url"] == review
    assert "กลับไปแก้ไขแล้วลองอีกครั้ง" in client.get(response["Location"]).content.decode()
    assert not PlanProject.objects.exists() and PendingImport.objects.filter(pk=pending.pk).exists()
