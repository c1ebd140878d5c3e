"""A Celery prefork worker is a daemonic process, which may not start processes of its own: a plan's
chunks must still render there (one after another; the queue spreads a plan's parts over workers)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = """
import multiprocessing

def chunks(results):
    import django
    django.setup()
    from lib import pdf
    from projects.pdf import roots, stylesheet
    rendered = pdf.render_all([("<p>ส่วนที่ ๑</p>", stylesheet()), ("<p>ส่วนที่ ๒</p>", stylesheet())], roots())
    results.put([len(part.pdf) for part in rendered])

if __name__ == "__main__":
    results = multiprocessing.Queue()
    worker = multiprocessing.Process(target=chunks, args=(results,), daemon=True)
    worker.start()
    print(results.get(timeout=120))
    worker.join()
    print(worker.exitcode)
"""


def test_a_daemonic_worker_renders_a_plans_chunks():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "1", "PDF_WORKERS": "2"}
    result = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr[-2000:]
    sizes, exitcode = result.stdout.split("\n")[:2]
    assert exitcode == "0", result.stderr[-2000:]
    assert all(size > 1000 for size in eval(sizes))  # noqa: S307 - our own script's printed list
