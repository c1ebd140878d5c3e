"""A background job's page (its progress, then its result) and its file, for its organisation's staff."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render

from lib.downloads import stored_file
from plans import jobs
from plans.access import organisation_of
from plans.models import Job


def _job(request, pk) -> Job:
    """A job of the user's organisation; another organisation's answers 404."""
    return get_object_or_404(Job, pk=pk, organisation=organisation_of(request.user))


def wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


@login_required
def job(request, pk):
    """JSON for the page's poller; without script, a page that reloads itself until the job ends."""
    job = _job(request, pk)
    state = jobs.state(job)
    if wants_json(request):
        return JsonResponse(state, json_dumps_params={"ensure_ascii": False})
    return render(request, "plans/job.html", {"job": job, "state": state})


@login_required
def job_file(request, pk):
    job = _job(request, pk)
    if job.status != Job.Status.DONE or not job.result:
        return render(request, "plans/job.html", {"job": job, "state": jobs.state(job)}, status=404)
    return stored_file(job.result, job.result_name or job.result.name.rsplit("/", 1)[-1])
