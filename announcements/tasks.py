"""Background tasks of announcements: the PDFs stored at announcement (the announcement, and what it announces)."""

from __future__ import annotations

from celery import shared_task

from announcements.models import Announcement
from plans import jobs


@shared_task(**jobs.TASK_OPTIONS)
def store_documents(announcement_id: int) -> None:
    """Render and keep the announcement's files; files already stored are kept (a second delivery costs nothing)."""
    from announcements.services import store_documents as store

    announcement = Announcement.objects.filter(pk=announcement_id).first()
    if announcement is not None:
        store(announcement)


@shared_task(**jobs.TASK_OPTIONS)
def publish_open_data(fiscal_year: int) -> None:
    from django.core.cache import cache

    from projects.open_data import open_data_publish

    cache.delete(_queued_key(fiscal_year))  # an announcement made from now on queues another run
    open_data_publish(fiscal_year)


def publish_open_data_soon(fiscal_year: int) -> None:
    """Queue a run of the year's open-data files unless one is already waiting to start."""
    from django.conf import settings
    from django.core.cache import cache

    if cache.add(_queued_key(fiscal_year), 1, timeout=6 * 3600):
        publish_open_data.apply_async(args=[fiscal_year], countdown=settings.OPEN_DATA_DELAY_SECONDS)


def _queued_key(fiscal_year: int) -> str:
    return f"open-data-queued:{fiscal_year}"
