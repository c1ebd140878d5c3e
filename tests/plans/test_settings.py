"""Settings come from the environment; production refuses to start without a secret key."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_check(**env):
    environment = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG")}
    environment.update(env)
    return subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=environment, capture_output=True, text=True)


def test_without_debug_a_missing_secret_key_stops_start_up_with_a_clear_message():
    result = run_check()
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_with_a_secret_key_it_starts():
    assert run_check(SECRET_KEY="a-real-secret-from-the-environment").returncode == 0


def test_debug_runs_without_a_secret_key():
    assert run_check(DEBUG="1").returncode == 0


def test_language_and_time_zone_are_thai(settings):
    assert settings.LANGUAGE_CODE == "th"
    assert settings.TIME_ZONE == "Asia/Bangkok"
