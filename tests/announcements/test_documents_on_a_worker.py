"""With a queue, announcing returns before the PDFs are made: a real worker renders and stores them,
and citizens then download the stored files."""

from __future__ import annotations

import time

from django.urls import reverse

from announcements.models import Announcement
from tests.announcements.conftest import announce


def test_a_worker_stores_the_announced_documents(worker, client, activity, staff, executive):
    announcement = announce(activity.plan, staff, executive)
    assert not Announcement.objects.get(pk=announcement.pk).plan_pdf  # the request did not render it
    deadline = time.monotonic() + 180
    while not (stored := Announcement.objects.get(pk=announcement.pk)).plan_pdf or not stored.pdf:
        assert time.monotonic() < deadline, "the worker did not store the announced PDFs"
        time.sleep(0.3)
    expected = stored.plan_pdf.read()
    assert expected.startswith(b"%PDF-")
    response = client.get(reverse("public:plan_pdf", args=[activity.plan.organisation.code, 2570, "original"]))
    assert b"".join(response.streaming_content) == expected
