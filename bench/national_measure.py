"""The measuring half of bench.national: every kind of page at national size, uncached.

Each kind of page is a list of addresses over many organisations and provinces, which `wrk` goes
through in turn (so no process's small in-memory caches hold the next one); gunicorn runs with
PUBLIC_CACHE_SECONDS=0 (the public page cache off). Queries are counted in this process with
Django's test client on the first address of each kind.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
PORT = int(os.environ.get("BENCH_NATIONAL_PORT", "8105"))
SAMPLE = 40  # addresses per kind of page
WRK_SCRIPT = """
paths = {%s}
counter = 0
request = function()
  counter = counter + 1
  return wrk.format(nil, paths[(counter %% #paths) + 1])
end
done = function(summary, latency, requests)
  io.write(string.format('RESULT {"requests": %%d, "seconds": %%.3f, "errors": %%d, "non_2xx": %%d, '
    .. '"p50_ms": %%.2f, "p95_ms": %%.2f, "p99_ms": %%.2f, "max_ms": %%.2f}\\n',
    summary.requests, summary.duration / 1e6, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status, latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
"""


def _path(path: str, query: dict | None = None) -> str:
    return path + ("?" + urlencode(query) if query else "")  # reverse() has encoded the path already


def addresses(rng: random.Random) -> tuple[dict[str, list[str]], dict]:
    """Every kind of page measured, each at SAMPLE addresses; and the staff member whose pages are measured."""
    from django.urls import reverse

    from plans.models import OperationalPlan, Organisation, User
    from projects.models import Activity

    plans = list(
        OperationalPlan.objects.announced().select_related("organisation").order_by("?")[:SAMPLE]
    )  # a random sample of the country
    provinces = sorted(set(Organisation.objects.values_list("province", flat=True)))
    sampled_provinces = [rng.choice(provinces) for _ in range(SAMPLE)]
    orgs = [plan.organisation for plan in plans]
    strategy_of = dict(Activity.objects.filter(plan__in=plans).order_by().values_list("plan_id", "strategy_id").distinct())
    kinds = {
        "home": ["/"],
        "home, search by organisation name": [_path("/", {"q": org.name}) for org in orgs],
        "home, search by district": [_path("/", {"q": org.district}) for org in orgs],
        "home, search by province": [_path("/", {"q": province}) for province in sampled_provinces],
        "province page": [_path(reverse("public:province", args=[p])) for p in sampled_provinces],
        "province text search (ถนน)": [_path(reverse("public:province_search", args=[p]), {"q": "ถนน"}) for p in sampled_provinces],
        "organisation page": [_path(reverse("public:organisation", args=[org.code])) for org in orgs],
        "plan page": [_path(reverse("public:plan", args=[plan.organisation.code, plan.fiscal_year])) for plan in plans],
        "plan page with filters": [
            _path(reverse("public:plan", args=[plan.organisation.code, plan.fiscal_year]), {"strategy": strategy_of.get(plan.pk, ""), "month": 3, "q": "ถนน"})
            for plan in plans
        ],
    }  # fmt: skip
    # Staff of one organisation: its data is a small slice of the country's.
    plan = plans[0]
    staff, _ = User.objects.get_or_create(
        username=f"staff{plan.organisation.code}",
        defaults={"organisation": plan.organisation, "role": User.Role.STAFF, "first_name": "สมหญิง"},
    )
    staff_pages = {
        "staff: home": reverse("plans:home"),
        "staff: the plan's activities": reverse("projects:activity_list", args=[plan.pk]),
        "staff: strategies": reverse("plans:strategy_list", args=[plan.strategic_plan_id]),
        "staff: the plan's document (HTML)": reverse("projects:plan_document", args=[plan.pk]),
    }
    for name, url in staff_pages.items():
        kinds[name] = [url]
    return kinds, {"staff": staff, "organisation": plan.organisation.code, "staff_pages": set(staff_pages)}


def count_queries(kinds: dict[str, list[str]], staff) -> dict[str, dict]:
    """Queries and the time of one view, in this process (the second view: templates loaded)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    public, logged_in = Client(), Client()
    logged_in.force_login(staff)
    result = {}
    for name, urls in kinds.items():
        client = logged_in if name.startswith("staff") else public
        client.get(urls[0])
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as captured:
            response = client.get(urls[0])
        seconds = time.perf_counter() - started
        assert response.status_code == 200, (name, urls[0], response.status_code)
        result[name] = {"queries": len(captured), "one_view_ms": round(seconds * 1000, 1)}
    return result


class Gunicorn:
    def __enter__(self):
        command = [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{PORT}", "--access-logfile", "/dev/null",
                   "--log-level", "warning"]  # fmt: skip
        self.process = subprocess.Popen(command, env=os.environ.copy(), cwd=ROOT, start_new_session=True)
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=2):
                    return self
            except OSError:
                time.sleep(0.3)
        self.__exit__()
        sys.exit("gunicorn did not start")

    def __exit__(self, *exc):
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=30)


def wrk(paths: list[str], connections: int, seconds: int, cookie: str | None) -> dict:
    lua = WRK_SCRIPT % ", ".join(json.dumps(p) for p in paths)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(lua)
    command = ["wrk", "-t", "1", "-c", str(connections), "-d", f"{seconds}s", "--timeout", "20s", "-s", script.name,
               "-H", "Accept-Encoding: gzip"]  # fmt: skip
    if cookie:
        command += ["-H", f"Cookie: sessionid={cookie}"]
    output = subprocess.run([*command, f"http://127.0.0.1:{PORT}/"], capture_output=True, text=True, check=True).stdout
    os.unlink(script.name)
    result = json.loads(next(line[7:] for line in output.splitlines() if line.startswith("RESULT ")))
    result["rps"] = round(result["requests"] / result["seconds"], 1)
    return result


def database_size() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        return cursor.fetchone()[0]


def run(info: dict, seconds: int) -> None:
    import django

    os.environ["ALLOWED_HOSTS"] = "127.0.0.1,localhost,testserver"
    django.setup()
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed: run `make bench-national`, which installs it (apt-get install wrk)")
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    assert settings.PUBLIC_CACHE_SECONDS == 0
    call_command("collectstatic", "--noinput", verbosity=0)
    rng = random.Random(15)
    kinds, who = addresses(rng)
    counts = count_queries(kinds, who["staff"])
    client = Client()
    client.force_login(who["staff"])
    cookie = client.cookies["sessionid"].value
    results = {}
    with Gunicorn():
        for name, paths in kinds.items():
            staff = name in who["staff_pages"]
            for path in paths[:12]:  # warm every worker a little (templates, connections)
                urllib.request.urlopen(urllib.request.Request(f"http://127.0.0.1:{PORT}{path}", headers={"Cookie": f"sessionid={cookie}"} if staff else {}), timeout=60).read()  # fmt: skip
            one = wrk(paths, 1, seconds, cookie if staff else None)
            eight = wrk(paths, 8, seconds, cookie if staff else None)
            results[name] = {**counts[name], "one": one, "eight": eight}
            print(f"  measured {name}", flush=True)
    report(info, results)
    open_data_seconds()


def open_data_seconds() -> None:
    """Writing the year's open-data files (every announced plan's activities) from the snapshots."""
    from projects.open_data import open_data_publish

    started = time.perf_counter()
    entry = open_data_publish(2570)
    seconds = time.perf_counter() - started
    sizes = {kind: default_size(entry[kind]) for kind in ("csv", "jsonl")}
    print(f"open data 2570: {entry['organisations']:,} organisations, {entry['activities']:,} activities written in {seconds:.1f} s "
          f"(CSV {sizes['csv']:.0f} MB, JSON Lines {sizes['jsonl']:.0f} MB)")  # fmt: skip


def default_size(name: str) -> float:
    from django.core.files.storage import default_storage

    return default_storage.size(name) / 1e6


def report(info: dict, results: dict) -> None:
    size = database_size()
    print(f"\nbench.national: {info['organisations']:,} organisations, {info['activities']:,} activities, database {size}")
    header = f"{'page (uncached)':36} {'queries':>7} | {'1 visitor p50':>13} {'p95':>7} {'p99':>7} | {'8 at once p50':>13} {'p95':>7} {'p99':>7} {'req/s':>7} {'errors':>6}"
    print(header)
    for name, r in results.items():
        one, eight = r["one"], r["eight"]
        errors = sum(x["errors"] + x["non_2xx"] for x in (one, eight))
        print(f"{name:36} {r['queries']:7d} | {one['p50_ms']:13.1f} {one['p95_ms']:7.1f} {one['p99_ms']:7.1f} | "
              f"{eight['p50_ms']:13.1f} {eight['p95_ms']:7.1f} {eight['p99_ms']:7.1f} {eight['rps']:7.1f} {errors:6d}")  # fmt: skip
    worst = max(r["one"]["p95_ms"] for r in results.values())
    print(
        f"slowest p95, one visitor: {worst:.1f} ms (aim: under 300); median p95: {statistics.median(r['one']['p95_ms'] for r in results.values()):.1f} ms"
    )
    print(json.dumps({"database": {**info, "size": size}, "results": results}, ensure_ascii=False))
