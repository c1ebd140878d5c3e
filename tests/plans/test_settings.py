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


def test_a_yes_no_setting_it_cannot_read_stops_start_up_naming_it():
    result = run_check(SECRET_KEY="a-real-secret-from-the-environment", BEHIND_PROXY="ture")
    assert result.returncode != 0
    assert "BEHIND_PROXY='ture' is not a yes/no value" in result.stderr


def test_a_number_setting_it_cannot_read_stops_start_up_naming_it():
    result = run_check(SECRET_KEY="a-real-secret-from-the-environment", SESSION_COOKIE_AGE="8h")
    assert result.returncode != 0
    assert "SESSION_COOKIE_AGE='8h' is not a whole number" in result.stderr


def test_yes_and_no_are_read_in_any_of_their_spellings(monkeypatch):
    from config.settings import envbool, envint

    for value, expected in [("1", True), ("Yes", True), (" on ", True), ("TRUE", True), ("0", False), ("off", False), ("No", False)]:
        monkeypatch.setenv("SOME_FLAG", value)
        assert envbool("SOME_FLAG", default=not expected) is expected
    monkeypatch.setenv("SOME_FLAG", "")
    assert envbool("SOME_FLAG", default=True) is True
    monkeypatch.setenv("SOME_NUMBER", " 42 ")
    assert envint("SOME_NUMBER", 7) == 42
    monkeypatch.delenv("SOME_NUMBER")
    assert envint("SOME_NUMBER", 7) == 7
