"""gunicorn settings for production (read automatically when gunicorn starts in this directory):

    gunicorn config.wsgi

Every value can be changed with gunicorn's own environment variable GUNICORN_CMD_ARGS, e.g.
GUNICORN_CMD_ARGS="--bind 0.0.0.0:8000 --workers 8".
"""

import gc
import multiprocessing
import os
import sys

# Read the settings here, in gunicorn's first process: a missing or invalid one stops gunicorn with
# its one line before any worker starts (a worker stopping on it would be started again and again).
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from config.settings import envint  # noqa: E402

bind = os.environ.get("BIND", "127.0.0.1:8000")
# Threads let one worker serve many quick requests while another waits on the database; a plan's
# PDF is rendered in separate processes (lib/pdf.py), so a worker is never busy for long.
workers = envint("WEB_WORKERS", multiprocessing.cpu_count() + 1)
worker_class = "gthread"
threads = envint("WEB_THREADS", 4)
timeout = 120  # the first download of a 1,000-activity plan's PDF renders it (about 20 s)
graceful_timeout = 30
keepalive = 5
max_requests = 5000  # recycle workers now and then, with jitter so they do not all restart at once
max_requests_jitter = 500
accesslog = os.environ.get("ACCESS_LOG", "-")
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def post_fork(server, worker):
    """Fewer, cheaper garbage collections: a page of a 1,000-activity plan allocates enough objects
    to trigger Python's default full collection every few requests, a visible latency spike. The
    modules loaded at start are frozen out of the collector's view (they live forever anyway)."""
    gc.freeze()
    gc.set_threshold(50_000, 20, 20)
