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
# Workers are not recycled (WEB_MAX_REQUESTS=0). When a worker is recycled after max_requests, the
# requests already sent on the keep-alive connections it holds wait about a second: under wrk with 8 connections, recycling every 5,000 requests
# made the cached page's tail 1.4-1.7 s while its mean was a few milliseconds (and, measured again
# here recycling every 2,000: p99 1.44 s without preloading, 1.03 s with it). Set WEB_MAX_REQUESTS
# (e.g. 100000) if a worker's memory ever grows; the jitter is a fifth of it.
max_requests = envint("WEB_MAX_REQUESTS", 0)
max_requests_jitter = max_requests // 5
# The application is loaded once, in gunicorn's first process, and each worker is a fork of it: a
# worker (at start, or replacing one that died) is ready in milliseconds instead of importing Django
# for a second of CPU. Nothing connects to the database, Redis or the PDF process pool at import, so
# forked workers share no connection. With the application preloaded, `kill -HUP` restarts workers
# with the code already loaded: after deploying new code, restart the service.
preload_app = True
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
