"""The Celery application: `celery -A config worker` (make worker) runs the tasks of every app.

Settings come from Django's (CELERY_*); without CELERY_BROKER_URL tasks run eagerly in the calling
process, so the embedded default needs no broker and no worker."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("opplan")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
