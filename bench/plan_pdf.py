"""Benchmark: the operational-plan PDF of a synthetic plan of 1,000 activities over 8 strategies
(every hundredth with a detail of about 2,400 characters, three pages long).

Prints, separately: the time to build the HTML (queries and templates) and its query count; the
time WeasyPrint takes to turn it into a PDF (parallel chunks, joined and numbered); the page count
and the peak memory; the re-render figures of the chunk cache (cold, after one activity is edited,
with nothing changed); and, side by side in the same run, the same document rendered naively
(twelve month cells a row, collapsed borders, one WeasyPrint call; BENCH_NAIVE=0 skips it).

    python -m bench.plan_pdf            # or: make bench
    BENCH_DATABASE_URL=postgres://…/opplan_bench python -m bench.plan_pdf   # on PostgreSQL (flushed first)
"""

from __future__ import annotations

import io
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
DATABASE = OUT / "bench.sqlite3"


def setup_django() -> None:
    os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{DATABASE}"
    os.environ.setdefault("SECRET_KEY", "bench-only")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def peak_mb() -> dict[str, float]:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"process_mb": round(own, 1), "largest_worker_mb": round(children, 1)}


def page_count(data: bytes) -> int:
    import pikepdf

    with pikepdf.Pdf.open(io.BytesIO(data)) as document:
        return len(document.pages)


def prepare(activities: int) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    DATABASE.unlink(missing_ok=True)
    setup_django()
    from django.core.management import call_command

    from bench.synthetic import make_plan

    call_command("migrate", verbosity=0)
    if os.environ.get("BENCH_DATABASE_URL"):  # a database of its own, emptied, with the reference data back
        import importlib

        from django.apps import apps

        call_command("flush", interactive=False, verbosity=0)
        importlib.import_module("plans.migrations.0002_reference_data").load(apps, None)
    make_plan(activities=activities, strategies=8, code="9990001", long_every=100)
    make_plan(activities=activities // 10, strategies=8, code="9990002", seed=7)


def measure_lean() -> dict:
    setup_django()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from lib import pdf
    from plans.models import OperationalPlan
    from projects import pdf as plan_pdf
    from projects.document import build_document

    result = {}
    for code in ("9990002", "9990001"):
        plan = OperationalPlan.objects.get(organisation__code=code)
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            doc = build_document(plan)
            plan_pdf.chunks(doc, pdf.workers() * 3)
            html_seconds = time.perf_counter() - started
        result[code] = {"rows": doc.row_count, "queries": len(queries), "html_s": round(html_seconds, 3)}
    # Warm the worker pool once (a server keeps it), then time the full PDF of the large plan:
    # cold (an empty chunk cache), after one activity is edited, and with nothing changed.
    from django.core.cache import cache

    pdf.render_all([("<p>ทดสอบ</p>", plan_pdf.stylesheet())] * pdf.workers() * 2, plan_pdf.roots())
    plan = OperationalPlan.objects.get(organisation__code="9990001")
    cache.clear()
    started = time.perf_counter()
    data = plan_pdf.render_plan_pdf(plan)
    total = time.perf_counter() - started
    activity = plan.activities.order_by("pk")[len(data) % 500]
    activity.details += " (แก้ไข)"
    activity.save()
    started = time.perf_counter()
    edited = plan_pdf.render_plan_pdf(plan)
    after_edit = time.perf_counter() - started
    started = time.perf_counter()
    again = plan_pdf.render_plan_pdf(plan)
    unchanged = time.perf_counter() - started
    (OUT / "plan-edited.pdf").write_bytes(edited)
    assert page_count(again) == page_count(edited)
    (OUT / "plan-lean.pdf").write_bytes(data)
    pages = page_count(data)
    html_s = result["9990001"]["html_s"]
    return {
        "small": result["9990002"],
        "large": result["9990001"],
        "total_s": round(total, 3),
        "after_edit_s": round(after_edit, 3),
        "unchanged_s": round(unchanged, 3),
        "weasyprint_s": round(total - html_s, 3),
        "pages": pages,
        "workers": pdf.workers(),
        "process_mb": peak_mb()["process_mb"],
        "largest_worker_mb": max(pdf.worker_peak_mb(), default=0),
    }


def measure_naive() -> dict:
    setup_django()
    from django.conf import settings

    settings.TEMPLATES[0]["DIRS"].insert(0, ROOT / "bench" / "templates")
    from django.template.loader import render_to_string
    from weasyprint import HTML

    from lib.pdf import THAI_DIGITS_COUNTER, LocalFetcher
    from plans.models import OperationalPlan
    from projects import pdf as plan_pdf
    from projects.document import build_document

    plan = OperationalPlan.objects.get(organisation__code="9990001")
    started = time.perf_counter()
    doc = build_document(plan)
    css = (
        THAI_DIGITS_COUNTER
        + plan_pdf.stylesheet()
        + ".document table { border-collapse: collapse; } .document table, .document th, .document td { border: 0.5pt solid #444; }"
    )
    html = render_to_string("naive.html", {"doc": doc, "css": css, "toc": None})
    html_seconds = time.perf_counter() - started
    roots = plan_pdf.roots()
    data = HTML(string=html, base_url=roots[0], url_fetcher=LocalFetcher(roots)).write_pdf()
    total = time.perf_counter() - started
    (OUT / "plan-naive.pdf").write_bytes(data)
    return {"html_s": round(html_seconds, 3), "total_s": round(total, 3), "pages": page_count(data), **peak_mb()}


def run(mode: str) -> dict:
    output = subprocess.run([sys.executable, "-m", "bench.plan_pdf", mode], cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(output.stdout.strip().splitlines()[-1])


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] in ("lean", "naive"):  # `python -m bench plan_pdf` passes its own argument
        print(json.dumps({"lean": measure_lean, "naive": measure_naive}[sys.argv[1]]()))
        return
    activities = int(os.environ.get("BENCH_ACTIVITIES", "1000"))
    print(f"Operational-plan PDF: {activities} activities over 8 strategies ({os.cpu_count()} cores)")
    prepare(activities)
    lean = run("lean")
    naive = run("naive") if os.environ.get("BENCH_NAIVE", "1") != "0" else None
    large, small = lean["large"], lean["small"]
    print(
        f"  HTML (queries + templates): {large['html_s']:.3f} s, {large['queries']} queries for {large['rows']} rows "
        f"({small['queries']} queries for {small['rows']} rows)"
    )
    print(f"  WeasyPrint, {lean['workers']} workers:   {lean['weasyprint_s']:.3f} s")
    print(
        f"  total:                      {lean['total_s']:.3f} s, {lean['pages']} pages; "
        f"our part {100 * large['html_s'] / lean['total_s']:.1f}% of the total"
    )
    print(f"  peak memory:                {lean['process_mb']} MB (web process), {lean['largest_worker_mb']} MB (largest worker)")
    print(
        f"  re-render (chunk cache):    cold {lean['total_s']:.3f} s; after one edit {lean['after_edit_s']:.3f} s "
        f"({100 * lean['after_edit_s'] / lean['total_s']:.0f}% of cold); nothing changed {lean['unchanged_s']:.3f} s"
    )
    if naive:
        print(f"  naive, one call:            {naive['total_s']:.3f} s, {naive['pages']} pages, peak {naive['process_mb']} MB")
        print(f"  ratio (ours / naive):       {lean['total_s'] / naive['total_s']:.2f}")
    print(f"  PDFs written to {OUT}")


if __name__ == "__main__":
    main()
