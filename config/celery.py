"""The Celery application: `celery -A config worker` (make worker) runs the tasks of every app.

Settings come from Django's (CELERY_*); without CELERY_BROKER_URL tasks run eagerly in the calling
process, so the embedded default needs no broker and no worker (and a worker refuses to start)."""

import os

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("opplan")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@signals.worker_init.connect
def refuse_without_broker(**_) -> None:
    from config.settings import SettingError

    if not app.conf.broker_url:
        raise SettingError(
            "ยังไม่ได้ตั้ง CELERY_BROKER_URL: ตั้งเป็นที่อยู่ Redis เช่น CELERY_BROKER_URL=redis://127.0.0.1:6379/2 ทั้งที่เครื่องเว็บและเครื่องทำงานเบื้องหลัง",
            "CELERY_BROKER_URL is not set: set it to a Redis URL such as redis://127.0.0.1:6379/2, on the web servers and the workers alike.",
        )
