"""A process that rendered a PDF in-process exits cleanly (it once crashed at exit when a Redis
client was loaded too: the cached Pango fonts outlived the libraries they need)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = """
import django
django.setup()
from django.core.cache import cache
cache.set("exit-test", 1)
from lib import pdf
from projects.pdf import roots, stylesheet
print(len(pdf.render("<p>สวัสดี ภาษาไทย</p>", roots(), stylesheet()).pdf))
"""


def test_rendering_in_process_then_exiting_does_not_crash():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "1"}
    # With REDIS_URL (as .ci/run sets it), the cache is Redis: the combination that crashed.
    result = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, f"exit code {result.returncode}: {result.stderr[-2000:]}"
    assert int(result.stdout.strip()) > 1000
