"""A real Celery worker for the tests that use the queue: this machine's Redis as broker and result
backend (a database of its own, next to the cache's), the worker's threads in this process so that
they see the test database (as the live server does). The tests that use it need `transactional_db`:
the worker reads what the request committed."""

from __future__ import annotations

import os
from contextlib import contextmanager
from urllib.parse import urlsplit

import redis
from celery.contrib.testing.worker import start_worker

from config.celery import app


def broker_url() -> str:
    """The cache's Redis server, database +8 (the cache's database is emptied between tests)."""
    url = urlsplit(os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/1")
    db = int(url.path.strip("/") or 0)
    return f"redis://{url.netloc}/{(db + 8) % 16}"


@contextmanager
def queue(settings):
    """Tasks go to this machine's Redis (CELERY_TASK_ALWAYS_EAGER off); no worker takes them yet."""
    url = broker_url()
    redis.Redis.from_url(url).flushdb()
    saved = {key: app.conf[key] for key in ("broker_url", "result_backend", "task_always_eager")}
    settings.CELERY_TASK_ALWAYS_EAGER = False
    app.conf.update(broker_url=url, result_backend=url, task_always_eager=False)
    try:
        yield url
    finally:
        app.conf.update(saved)
        redis.Redis.from_url(url).flushdb()


@contextmanager
def celery_worker(settings, concurrency: int = 2):
    """Tasks go to the queue and a real worker consumes them."""
    with (
        queue(settings),
        start_worker(app, pool="threads", concurrency=concurrency, perform_ping_check=False, shutdown_timeout=30) as worker,
    ):
        yield worker
