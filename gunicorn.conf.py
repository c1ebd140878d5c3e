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
# The application is loaded once, in gunicorn's first process, and each worker is a fork of it:
# a worker starts in milliseconds instead of importing Django for a second of CPU. That import,
# repeated every few seconds under load by workers recycled after 5,000 requests, was the cached
# page's tail (maximum 1.4-1.7 s under wrk with a mean of a few milliseconds). Nothing connects to
# the database, Redis or the PDF process pool at import, so forked workers share no connection.
# (With the application preloaded, `kill -HUP` restarts workers with the code already loaded:
# after deploying new code, restart the service.)
preload_app = True
# Workers are still recycled now and then (a leak can never grow for ever), rarely, and with a
# wide jitter so that they do not restart at once.
max_requests = 100_000
max_requests_jitter = 20_000
accesslog = os.environ.get("ACCESS_LOG", "-")
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def when_ready(server):
    """The application is loaded (preload_app): what it allocated at start lives for ever, so the
    collector leaves it alone, and forked workers share those pages instead of copying them."""
    gc.freeze()


def post_fork(server, worker):
    """Fewer, cheaper garbage collections: a page of a 1,000-activity plan allocates enough objects
    to trigger Python's default full collection every few requests, a visible latency spike. The
    modules loaded at start are frozen out of the collector's view (they live forever anyway)."""
    gc.freeze()
    gc.set_threshold(50_000, 20, 20)
