"""Benchmark: the public site under load, served as in production.

Builds a synthetic town with an announced plan of 1,000 activities (its PDFs rendered and stored)
and a second of 100, collects the static files, starts gunicorn (gthread workers, WhiteNoise for
static files) on 127.0.0.1 with DEBUG off, and loads it from a second process with `wrk` (Debian's
package; `make bench` installs it). Database: PostgreSQL when 127.0.0.1:5432 answers (a fresh
`opplan_bench` database), else SQLite; cache: Redis when 127.0.0.1:6379 answers, else memory (one
worker then, so the cache is shared).

For each address it prints requests per second, p50/p95/p99 and the maximum latency:
- a static file (the ceiling: WhiteNoise, no Django view, no database);
- the public plan page of the 1,000-activity plan: first view (nothing cached: a server started
  with PUBLIC_CACHE_SECONDS=0), one visitor at a time and 8 at once; repeat views (served from the
  page cache); other pages and filters (a different address every request, so never from the page
  cache, with the plan's summary cached);
- the public home page (repeat views);
- the stored plan PDF (read from the media directory, no rendering).

    python -m bench.load         # or: make bench (every benchmark)
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out" / "load"
CODE = "9990101"
PORT = int(os.environ.get("BENCH_PORT", "8765"))
DATABASE = os.environ.get("BENCH_DATABASE", "opplan_bench")
DURATION = int(os.environ.get("BENCH_SECONDS", "10"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "8"))
WRK_SCRIPT = """
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format('RESULT {"requests": %d, "seconds": %.3f, "errors": %d, "non_2xx": %d, "bytes": %d, '
    .. '"p50_ms": %.2f, "p95_ms": %.2f, "p99_ms": %.2f, "max_ms": %.2f}\\n',
    summary.requests, summary.duration / 1e6, errors, summary.errors.status, summary.bytes,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
"""


def answers(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DEBUG", "REDIS_URL")}
    if answers(5432) and not os.environ.get("BENCH_SQLITE"):
        import psycopg2

        admin = psycopg2.connect(host="127.0.0.1", user="postgres", dbname="postgres")
        admin.autocommit = True
        with admin.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
            cursor.execute(f"CREATE DATABASE {DATABASE}")
        admin.close()
        database = f"postgres://postgres@127.0.0.1:5432/{DATABASE}"
    else:
        (OUT / "load.sqlite3").unlink(missing_ok=True)
        database = f"sqlite:///{OUT / 'load.sqlite3'}"
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings", DEBUG="0", HTTPS="0", SECRET_KEY="bench-only-" + "x" * 40,
        ALLOWED_HOSTS="127.0.0.1,localhost", DATABASE_URL=database, MEDIA_ROOT=str(OUT / "media"),
        STATIC_ROOT=str(OUT / "static"), PYTHONPATH=str(ROOT),
    )  # fmt: skip
    if answers(6379):
        env["REDIS_URL"] = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/3")
    return env


def prepare(env: dict[str, str]) -> dict:
    """Migrate, build and announce the plans, collect static files (in a child process: the
    benchmark's own process stays free of Django)."""
    shutil.rmtree(OUT / "media", ignore_errors=True)
    script = f"""
import datetime as dt, django, json
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
call_command("collectstatic", "--noinput", verbosity=0)
from django.core.cache import cache
cache.clear()
from announcements.services import announcement_draft, plan_announce
from bench.synthetic import make_plan
from plans.models import User
for code, size in (("{CODE}", 1000), ("9990102", 100)):
    plan = make_plan(activities=size, strategies=8, code=code)
    plan.organisation.executive_name = "นายสมชาย ใจดี"
    plan.organisation.save()
    boss = User.objects.create_user(f"boss{{code}}", organisation=plan.organisation, role=User.Role.EXECUTIVE)
    # The synthetic plan has no development plan behind it, so the checks would refuse submitting it;
    # approval is not what is measured: take it as approved.
    type(plan).objects.filter(pk=plan.pk).update(status="approved")
    plan.refresh_from_db()
    plan_announce(plan=plan, user=boss, draft=announcement_draft(plan, dt.date(2026, 10, 15)))
manifest = json.load(open("{OUT / "static" / "staticfiles.json"}"))
print("STATIC", manifest["paths"]["css/app.css"])
"""
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", script], env=env, cwd=ROOT, capture_output=True, text=True)
    if result.returncode:
        sys.exit(f"preparing failed ({result.returncode}):\n{result.stdout}{result.stderr}")
    static = next(line.split(" ", 1)[1] for line in result.stdout.splitlines() if line.startswith("STATIC "))
    return {"static_path": static, "prepare_seconds": round(time.perf_counter() - started, 1)}


class Server:
    def __init__(self, env: dict[str, str], workers: int, cache_seconds: int):
        self.env = {**env, "PUBLIC_CACHE_SECONDS": str(cache_seconds)}
        self.workers = workers

    def __enter__(self):
        # gunicorn.conf.py (the production settings, workers recycled after max_requests included)
        # applies; only the address, workers and logs differ.
        command = [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{PORT}", "--workers", str(self.workers),
                   "--access-logfile", "/dev/null", "--log-level", "warning"]  # fmt: skip
        self.process = subprocess.Popen(command, env=self.env, cwd=ROOT, start_new_session=True)
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=2) as response:
                    if response.status == 200:
                        return self
            except OSError:
                time.sleep(0.2)
        self.__exit__()
        sys.exit("gunicorn did not start")

    def __exit__(self, *exc):
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=30)


def get(path: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(f"http://127.0.0.1:{PORT}{path}", timeout=60) as response:
        return response.status, response.read()


# Pages 1–50 of the list (the counter, not a key of the filter form, is dropped before the view),
# on a server that caches no address with a query: what citizens paging and filtering cost, with
# the plan's summary cached.
DISTINCT_SCRIPT = """
counter = 0
request = function()
  counter = counter + 1
  return wrk.format(nil, wrk.path .. "?page=" .. (counter % 50 + 1) .. "&visit=" .. counter)
end
"""


def load(path: str, connections: int = CONNECTIONS, distinct: bool = False) -> dict:
    for _ in range(12):  # warm every worker (a process's first request loads templates and connects)
        status, body = get(path)
        assert status == 200, (path, status)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT + (DISTINCT_SCRIPT if distinct else ""))
    command = [
        "wrk",
        "-t",
        "1",
        "-c",
        str(connections),
        "-d",
        f"{DURATION}s",
        "--timeout",
        "10s",
        "-s",
        script.name,
        "-H",
        "Accept-Encoding: gzip",
        f"http://127.0.0.1:{PORT}{path}",
    ]  # fmt: skip  (as every browser sends)
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    os.unlink(script.name)
    result = json.loads(next(line[7:] for line in output.splitlines() if line.startswith("RESULT ")))
    result["rps"] = round(result["requests"] / result["seconds"], 1)
    result["kb_per_response"] = round(result["bytes"] / max(result["requests"], 1) / 1024, 1)  # as sent, headers included
    return result


def main() -> None:
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed: run `make bench`, which installs it (apt-get install wrk)")
    OUT.mkdir(parents=True, exist_ok=True)
    env = environment()
    info = prepare(env)
    workers = 3 if "REDIS_URL" in env else 1
    plan_page, home, pdf = f"/o/{CODE}/2570/", "/", f"/o/{CODE}/2570/original/plan.pdf"
    results: dict[str, dict] = {}
    with Server(env, workers, cache_seconds=0):
        results["plan page, first view, 8 at once (nothing cached)"] = load(plan_page)
        results["plan page, first view, one visitor at a time"] = load(plan_page, connections=1)
    with Server(env, workers, cache_seconds=86400):
        results["static file (ceiling)"] = load("/static/" + info["static_path"])
        results["plan page, repeat views (cached)"] = load(plan_page)
        results["home page, repeat views (cached)"] = load(home)
        results["stored plan PDF"] = load(pdf)
    # Addresses with a query are cached too (up to PUBLIC_CACHE_VARIANTS per page): none here, so
    # that every page of the list is built, as a page nobody has asked for yet is.
    with Server({**env, "PUBLIC_CACHE_VARIANTS": "0"}, workers, cache_seconds=86400):
        results["plan page, other pages and filters (not cached)"] = load(plan_page, distinct=True)
    ceiling = results["static file (ceiling)"]["rps"]
    cached = results["plan page, repeat views (cached)"]["rps"]
    summary = {
        "database": env["DATABASE_URL"].split(":", 1)[0], "cache": "redis" if "REDIS_URL" in env else "memory",
        "gunicorn_workers": workers, "threads_per_worker": 4, "wrk_connections": CONNECTIONS, "seconds_per_run": DURATION,
        "cores": os.cpu_count(), **info,
        "cached_plan_page_vs_static": f"{cached / ceiling:.2f} of the static throughput (goal: at least 0.5)",
        "cached_plan_page_tail_ms": {
            "p99": results["plan page, repeat views (cached)"]["p99_ms"], "max": results["plan page, repeat views (cached)"]["max_ms"], "goal_p99": 50,
        },
        "uncached_plan_page_p95_ms": {
            "first view, one visitor at a time": results["plan page, first view, one visitor at a time"]["p95_ms"],
            "other pages and filters, 8 at once": results["plan page, other pages and filters (not cached)"]["p95_ms"],
            "goal": 300,
        },
    }  # fmt: skip
    print(f"{'address':48} {'req/s':>9} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8} {'errors':>7} {'KB':>7}")
    for name, r in results.items():
        print(
            f"{name:48} {r['rps']:9.1f} {r['p50_ms']:8.1f} {r['p95_ms']:8.1f} {r['p99_ms']:8.1f} {r['max_ms']:8.1f} "
            f"{r['errors'] + r['non_2xx']:7d} {r['kb_per_response']:7.1f}"
        )
    print(json.dumps({"summary": summary, "results": results}, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
