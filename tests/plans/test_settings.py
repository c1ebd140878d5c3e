"""Settings come from the environment (and, on a development machine, its `.env`); production
refuses to start without a secret key; a setting missing or unreadable stops any program that reads
the settings with one line in Thai and English, never a traceback."""

import os
import socket
import stat
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).parent / "gunicorn"
SHOW_SETTINGS = """
import django
django.setup()
from django.conf import settings
print(settings.DEBUG, settings.SECRET_KEY, settings.PUBLIC_CACHE_SECONDS)
"""


def environment(**env) -> dict[str, str]:
    """This process's environment without the settings under test (ENV_FILE stays /dev/null, as
    config/settings_test.py sets it, unless a test names a file)."""
    names = ("SECRET_KEY", "DEBUG", "DATABASE_URL", "PUBLIC_CACHE_SECONDS", "DJANGO_SETTINGS_MODULE")
    return {**{k: v for k, v in os.environ.items() if k not in names}, **env}


def run_check(**env):
    return subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=environment(**env), capture_output=True, text=True)


def show_settings(**env) -> subprocess.CompletedProcess:
    """What a program that sets up Django (a worker, a script) reads."""
    env = environment(DJANGO_SETTINGS_MODULE="config.settings", **env)
    return subprocess.run([sys.executable, "-c", SHOW_SETTINGS], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)


def assert_one_line_naming(result: subprocess.CompletedProcess, name: str) -> str:
    """Exit status 1 and one line on stderr naming the variable in its Thai half and its English half."""
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    line = result.stderr.strip()
    assert "\n" not in line, line
    thai, _, english = line.partition(" / ")
    assert name in thai and name in english, line
    assert any("\u0e00" <= character <= "\u0e7f" for character in thai), line
    return line


@pytest.fixture
def env_file(tmp_path):
    def write(*lines: str) -> str:
        path = tmp_path / ".env"
        path.write_text("\n".join(lines) + "\n")
        return str(path)

    return write


def test_without_debug_a_missing_secret_key_stops_start_up_with_a_clear_message():
    result = run_check()
    line = assert_one_line_naming(result, "SECRET_KEY")
    assert "SECRET_KEY is not set" in line
    assert "make run" in line  # how a newcomer gets a development key


def test_with_a_secret_key_it_starts():
    assert run_check(SECRET_KEY="a-real-secret-from-the-environment").returncode == 0


def test_debug_runs_without_a_secret_key():
    assert run_check(DEBUG="1").returncode == 0


def test_language_and_time_zone_are_thai(settings):
    assert settings.LANGUAGE_CODE == "th"
    assert settings.TIME_ZONE == "Asia/Bangkok"


def test_a_yes_no_setting_it_cannot_read_stops_start_up_naming_it():
    result = run_check(SECRET_KEY="a-real-secret-from-the-environment", BEHIND_PROXY="ture")
    assert "BEHIND_PROXY='ture' is not a yes/no value" in assert_one_line_naming(result, "BEHIND_PROXY")


def test_a_number_setting_it_cannot_read_stops_start_up_naming_it():
    result = run_check(SECRET_KEY="a-real-secret-from-the-environment", SESSION_COOKIE_AGE="8h")
    line = assert_one_line_naming(result, "SESSION_COOKIE_AGE")
    assert "SESSION_COOKIE_AGE='8h' is not a whole number: use digits only, e.g. SESSION_COOKIE_AGE=28800." in line


def test_a_database_url_it_cannot_read_stops_start_up_without_repeating_the_password():
    result = run_check(SECRET_KEY="a-real-secret-from-the-environment", DATABASE_URL="postgress://opplan:s3cret@db:5432/opplan")
    assert "s3cret" not in assert_one_line_naming(result, "DATABASE_URL")


def test_an_unknown_log_level_stops_start_up_naming_it():
    result = run_check(SECRET_KEY="a-real-secret-from-the-environment", LOG_LEVEL="loud")
    assert "is not a log level" in assert_one_line_naming(result, "LOG_LEVEL")


def test_a_worker_that_sets_up_django_stops_with_the_same_one_line():
    assert "SECRET_KEY is not set" in assert_one_line_naming(show_settings(), "SECRET_KEY")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def gunicorn(port: int, **env) -> subprocess.Popen:
    command = [str(GUNICORN), "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1"]
    return subprocess.Popen(command, cwd=ROOT, env=environment(**env), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_gunicorn_stops_with_the_one_line_before_any_worker_starts():
    server = gunicorn(free_port())
    stdout, stderr = server.communicate(timeout=60)
    result = subprocess.CompletedProcess(server.args, server.returncode, stdout, stderr)
    assert "SECRET_KEY is not set" in assert_one_line_naming(result, "SECRET_KEY")
    assert "Booting worker" not in stdout + stderr


def test_gunicorn_reads_its_own_numbers_through_the_same_check():
    server = gunicorn(free_port(), SECRET_KEY="a-real-secret-from-the-environment", WEB_THREADS="four")
    stdout, stderr = server.communicate(timeout=60)
    assert_one_line_naming(subprocess.CompletedProcess(server.args, server.returncode, stdout, stderr), "WEB_THREADS")


def test_gunicorn_serves_with_good_settings(tmp_path):
    port = free_port()
    server = gunicorn(
        port, SECRET_KEY="a-real-secret-from-the-environment", HTTPS="0", ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while True:
            assert server.poll() is None, server.communicate()[1]
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as response:
                    assert response.status == 200
                    break
            except OSError:
                assert time.monotonic() < deadline, "gunicorn did not answer"
                time.sleep(0.5)
    finally:
        server.terminate()
        server.communicate(timeout=30)


# The development machine's own settings file (.env, written by `make run`).


def test_with_the_local_file_manage_py_runs_without_variables_and_uses_its_key(env_file):
    result = show_settings(ENV_FILE=env_file("# written by make run", "DEBUG=1", "SECRET_KEY=the-file-s-development-key"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[:2] == ["True", "the-file-s-development-key"]


def test_the_environment_overrides_the_file(env_file):
    path = env_file("DEBUG=1", "SECRET_KEY=the-file-s-development-key", "PUBLIC_CACHE_SECONDS=5")
    result = show_settings(ENV_FILE=path, SECRET_KEY="the-environment-s-key", PUBLIC_CACHE_SECONDS="7")
    assert result.stdout.split() == ["True", "the-environment-s-key", "7"]


def test_with_debug_0_in_the_environment_the_files_development_key_is_never_used(env_file):
    path = env_file("DEBUG=1", "SECRET_KEY=the-file-s-development-key", "PUBLIC_CACHE_SECONDS=5")
    assert "SECRET_KEY is not set" in assert_one_line_naming(show_settings(ENV_FILE=path, DEBUG="0"), "SECRET_KEY")
    # With a key of its own, production starts, and nothing of the file is used.
    result = show_settings(ENV_FILE=path, DEBUG="0", SECRET_KEY="the-server-s-key")
    assert result.stdout.split() == ["False", "the-server-s-key", "86400"]


def test_a_file_that_does_not_turn_debug_on_is_not_used(env_file):
    path = env_file("SECRET_KEY=the-file-s-development-key")
    assert_one_line_naming(show_settings(ENV_FILE=path), "SECRET_KEY")


def test_without_the_file_production_still_refuses_to_start(tmp_path):
    assert_one_line_naming(show_settings(ENV_FILE=str(tmp_path / "absent" / ".env")), "ENV_FILE")
    assert_one_line_naming(show_settings(ENV_FILE=os.devnull), "SECRET_KEY")


def test_a_line_of_the_file_it_cannot_read_is_named_by_its_number(env_file):
    path = env_file("DEBUG=1", "this is not a setting")
    line = assert_one_line_naming(show_settings(ENV_FILE=path), path)
    assert f"{path} line 2 cannot be read" in line


def test_an_unreadable_debug_in_the_file_names_the_file(env_file):
    path = env_file("DEBUG=perhaps")
    assert f"DEBUG='perhaps' ({path}) is not a yes/no value" in assert_one_line_naming(show_settings(ENV_FILE=path), "DEBUG")


def test_make_writes_a_private_git_ignored_file_with_a_key_of_its_own(tmp_path):
    keys = []
    for folder in (tmp_path / "one", tmp_path / "two"):
        folder.mkdir()
        (folder / "Makefile").write_bytes((ROOT / "Makefile").read_bytes())
        subprocess.run(["make", "-s", ".env", f"PYTHON={sys.executable}"], cwd=folder, check=True, capture_output=True)
        written = folder / ".env"
        assert stat.S_IMODE(written.stat().st_mode) == 0o600
        lines = [line for line in written.read_text().splitlines() if not line.startswith("#")]
        assert lines[0] == "DEBUG=1"
        keys.append(lines[1].removeprefix("SECRET_KEY="))
    assert keys[0] != keys[1] and min(map(len, keys)) >= 50
    assert subprocess.run(["git", "check-ignore", "-q", ".env"], cwd=ROOT).returncode == 0


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


def test_the_file_is_read_as_a_shell_would_write_it(tmp_path):
    from config.settings import read_env_file

    path = tmp_path / ".env"
    path.write_text("# a comment\n\nexport DEBUG=1\nSECRET_KEY='quoted key'\nALLOWED_HOSTS = a.example, b.example\n")
    assert read_env_file(path) == {"DEBUG": "1", "SECRET_KEY": "quoted key", "ALLOWED_HOSTS": "a.example, b.example"}
