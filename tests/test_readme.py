"""Every command the README shows works as typed, on a fresh clone of the project after `make run`.

The commands are read from the README itself, so a command added there is tested here without
editing this file. The convention (the README says it under "Set up and run"):

- every fenced `sh` block holds commands a newcomer types, one per line (a line ending in `\\` and a
  here-document go on), in the project folder, in the order the README shows them;
- a command whose comment says `serves http://…` starts a server: the test starts it on a free port
  (through the environment's `PORT`, which `make run` reads), waits until the address answers,
  and stops it;
- a command whose comment says `exit status N` may end with N as well as 0;
- a block whose first line is `# needs: …` needs what the test machine lacks (a server's systemd,
  nginx, its production database): it is reported as skipped with that reason, never run; so is a
  `make test` line (it runs the suite this test belongs to: CI runs it).

Each command runs in a copy of the work tree as a clone would have it (the files git tracks and new
ones it does not ignore), with this machine's environment less the project's own variables, as a
newcomer's shell has it. The pip and npm caches of the machine are reused. It takes minutes:
`make test PYTEST_ARGS="-m 'not readme'"` leaves it out while you work; `make test` runs it.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
SHELLS = {"sh", "bash", "shell"}
COMMAND_SECONDS = 15 * 60  # `make run` on a new machine installs everything before it serves
FENCE = re.compile(r"^\s*(`{3,}|~{3,})\s*([\w+-]*)")
NEEDS = re.compile(r"^#\s*needs:\s*(.+)$")
SERVES = re.compile(r"\bserves (https?://[^\s,;)]+)")
EXIT_STATUS = re.compile(r"\bexit status (\d+)\b")
HEREDOC = re.compile(r"<<-?\s*['\"]?(\w+)['\"]?")
MAKE_TEST = re.compile(r"(^|[\s;&|])make test\b")
PLACEHOLDER = re.compile(r"\[--|…|<[^\s<>'\"]+>")
TRACEBACK = "Traceback (most recent call last)"


@dataclass(frozen=True)
class Command:
    line: int  # where it starts in the README
    text: str  # as typed, with its continuation lines or here-document
    needs: str = ""  # what its block needs that the test machine lacks

    @property
    def typed(self) -> str:
        """The command without its comments."""
        return "\n".join(line.partition(" #")[0] for line in self.text.splitlines())

    @property
    def comment(self) -> str:
        return self.text.splitlines()[0].partition(" #")[2].strip()

    @property
    def serves(self) -> str | None:
        match = SERVES.search(self.comment)
        return match.group(1) if match else None

    @property
    def exit_statuses(self) -> set[int]:
        return {0, *(int(status) for status in EXIT_STATUS.findall(self.comment))}

    @property
    def skip_reason(self) -> str | None:
        if self.needs:
            return f"needs {self.needs}"
        if MAKE_TEST.search(self.typed):
            return "runs the whole suite, this test among it (CI runs it)"
        return None

    def __str__(self) -> str:
        return f"README line {self.line}: {self.typed.splitlines()[0].strip()}"


def readme_commands(markdown: str) -> list[Command]:
    """The commands of the fenced shell blocks, in the order the README shows them."""
    lines = markdown.splitlines()
    commands: list[Command] = []
    index = 0
    while index < len(lines):
        fence = FENCE.match(lines[index])
        if not fence:
            index += 1
            continue
        end = index + 1
        while end < len(lines) and not lines[end].strip().startswith(fence.group(1)):
            end += 1
        if fence.group(2) in SHELLS:
            commands += block_commands(lines[index + 1 : end], first_line=index + 2)
        index = end + 1
    return commands


def block_commands(body: list[str], first_line: int) -> list[Command]:
    first = next((line.strip() for line in body if line.strip()), "")
    needs = NEEDS.match(first)
    commands = []
    index = 0
    while index < len(body):
        if not body[index].strip() or body[index].strip().startswith("#"):
            index += 1
            continue
        start = index
        while body[index].rstrip().endswith("\\") and index + 1 < len(body):
            index += 1
        heredoc = HEREDOC.search(body[start])
        while heredoc and index + 1 < len(body):
            index += 1
            if body[index].strip() == heredoc.group(1):
                break
        commands.append(Command(first_line + start, "\n".join(body[start : index + 1]), needs.group(1) if needs else ""))
        index += 1
    return commands


def configuration_variables(markdown: str) -> set[str]:
    """The variables the README's configuration table names."""
    section = markdown.partition("\n## Configuration")[2].partition("\n## ")[0]
    rows = "\n".join(line for line in section.splitlines() if line.startswith("|"))
    return set(re.findall(r"`([A-Z][A-Z0-9_]+)`", rows))


def newcomer_environment() -> dict[str, str]:
    """This machine's environment less the project's own variables (and this test run's), as the
    shell of someone who has just cloned the project has it."""
    project = configuration_variables(README.read_text(encoding="utf-8")) | {
        "ENV_FILE", "DJANGO_SETTINGS_MODULE", "VIRTUAL_ENV", "PYTHONPATH", "PORT", "HOST", "MAKEFLAGS", "MAKELEVEL", "MFLAGS",
    }  # fmt: skip
    env = {name: value for name, value in os.environ.items() if name not in project and not name.startswith("PYTEST_")}
    env["PATH"] = os.pathsep.join(part for part in env.get("PATH", "").split(os.pathsep) if not part.startswith(str(ROOT)))
    return env


def copy_as_cloned(into: Path) -> None:
    """The work tree as a clone of it would be: the files git tracks and the new ones it does not ignore."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT, capture_output=True, check=True
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():
            (into / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, into / name)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


class Newcomer:
    """A fresh clone and the shell of its newcomer."""

    def __init__(self, folder: Path, logs: Path):
        self.folder, self.logs, self.env = folder, logs, newcomer_environment()

    def run(self, command: Command) -> None:
        result = subprocess.run(
            ["bash", "-c", command.text], cwd=self.folder, env=self.env, capture_output=True, text=True, timeout=COMMAND_SECONDS
        )
        output = f"{result.stdout}\n{result.stderr}"
        assert result.returncode in command.exit_statuses, f"{command}\nexit status {result.returncode}:\n{output[-4000:]}"
        assert TRACEBACK not in output, f"{command}\nprinted a traceback:\n{output[-4000:]}"

    def serve(self, command: Command, url: str) -> None:
        """Start the server, wait until it answers at `url` (on a port of its own), stop it."""
        port = free_port()
        url = urlsplit(url)._replace(netloc=f"127.0.0.1:{port}").geturl()
        log = self.logs / f"server-{command.line}.log"
        with log.open("w") as output:
            server = subprocess.Popen(
                ["bash", "-c", command.text], cwd=self.folder, env={**self.env, "PORT": str(port)},
                stdout=output, stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip
            try:
                deadline = time.monotonic() + COMMAND_SECONDS
                while not answers(url):
                    assert server.poll() is None, (
                        f"{command}\nstopped (exit status {server.returncode}) before {url} answered:\n{tail(log)}"
                    )
                    assert time.monotonic() < deadline, f"{command}\n{url} did not answer in {COMMAND_SECONDS} s:\n{tail(log)}"
                    time.sleep(1)
            finally:
                stop(server)
        assert TRACEBACK not in log.read_text(), f"{command}\nprinted a traceback:\n{tail(log)}"


def tail(path: Path) -> str:
    return path.read_text(errors="replace")[-4000:]


def stop(process: subprocess.Popen) -> None:
    """Stop the command and everything it started (make, the server, its autoreloader)."""
    for sent in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(process.pid, sent)
            process.wait(timeout=30)
            return
        except ProcessLookupError:
            return
        except subprocess.TimeoutExpired:
            continue


@pytest.fixture(scope="module")
def newcomer() -> Iterator[Newcomer]:
    if os.environ.get("DATABASE_URL"):
        pytest.skip("the README's commands run on a newcomer's SQLite: they run in the pass without DATABASE_URL")
    folder = Path(tempfile.mkdtemp(prefix="newcomer-"))
    try:
        (folder / "project").mkdir()
        (folder / "logs").mkdir()
        copy_as_cloned(folder / "project")
        yield Newcomer(folder / "project", folder / "logs")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


COMMANDS = readme_commands(README.read_text(encoding="utf-8"))


@pytest.mark.readme
@pytest.mark.parametrize("command", COMMANDS, ids=[f"README:{command.line}" for command in COMMANDS])
def test_the_readme_command_works_as_typed_after_make_run(command: Command, request) -> None:
    if command.skip_reason:
        pytest.skip(f"{command} — {command.skip_reason}")
    assert not PLACEHOLDER.search(command.typed), f"{command}\nis not a command as typed: show one that runs, options in a comment"
    clone: Newcomer = request.getfixturevalue("newcomer")
    if command.serves:
        clone.serve(command, command.serves)
    else:
        clone.run(command)


# The convention itself, quickly (these run in every pass).

SAMPLE = """
Text with `make bench` inline.

```sh
make run     # installs everything, serves http://127.0.0.1:8000
make test    # the whole suite
```

```sh
.venv/bin/python manage.py export_activities a.xlsx \\
    --organisation 6390105 --year 2570
.venv/bin/python manage.py check_plan --organisation 6390105 --year 2570   # exit status 1 while an error remains
```

```nginx
location / { proxy_pass http://app; }
```

```sh
# needs: a production server (systemd)
cat > /etc/opplan.env <<'ENV'
SECRET_KEY=x
ENV
systemctl restart opplan
```
"""


def test_the_commands_are_the_lines_of_the_shell_blocks_in_order():
    commands = readme_commands(SAMPLE)
    assert [command.text.split()[0:2] for command in commands] == [
        ["make", "run"],
        ["make", "test"],
        [".venv/bin/python", "manage.py"],
        [".venv/bin/python", "manage.py"],
        ["cat", ">"],
        ["systemctl", "restart"],
    ]
    assert commands[2].text.endswith("--organisation 6390105 --year 2570")  # the continuation line belongs to it
    assert commands[4].text.splitlines()[-1] == "ENV"  # so does the here-document
    assert commands[0].line == 5


def test_a_server_is_recognised_by_the_address_it_serves():
    run, make_test, *_ = readme_commands(SAMPLE)
    assert run.serves == "http://127.0.0.1:8000"
    assert make_test.serves is None


def test_a_named_exit_status_is_accepted_besides_zero():
    commands = readme_commands(SAMPLE)
    assert commands[3].exit_statuses == {0, 1}
    assert commands[2].exit_statuses == {0}


def test_blocks_that_need_what_the_machine_lacks_and_make_test_are_skipped_with_their_reason():
    reasons = [command.skip_reason for command in readme_commands(SAMPLE)]
    assert reasons == [
        None,
        "runs the whole suite, this test among it (CI runs it)",
        None,
        None,
        "needs a production server (systemd)",
        "needs a production server (systemd)",
    ]


def test_the_readme_starts_with_make_run_which_serves_the_demo():
    first = next(command for command in COMMANDS if not command.skip_reason)
    assert first.text.split("#")[0].strip() == "make run"
    assert first.serves


def test_every_command_the_readme_runs_is_written_as_typed():
    templates = [str(command) for command in COMMANDS if not command.skip_reason and PLACEHOLDER.search(command.typed)]
    assert not templates, "show commands that run as typed (options in a comment):\n" + "\n".join(templates)


def test_the_newcomer_has_none_of_the_projects_variables(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "from-this-shell")
    monkeypatch.setenv("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/opplan")
    monkeypatch.setenv("ENV_FILE", os.devnull)
    env = newcomer_environment()
    assert not {"SECRET_KEY", "DEBUG", "DATABASE_URL", "REDIS_URL", "ENV_FILE"} & env.keys()
    assert env["HOME"] == os.environ["HOME"]  # the pip and npm caches are reused
