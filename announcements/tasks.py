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
