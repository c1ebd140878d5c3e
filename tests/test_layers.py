"""The apps depend one way: plans ← projects ← announcements ← public ← operations, and lib uses none.

A lower app imports no higher app, and none of its templates or Python (views, forms, template
tags …) names a URL namespace, a template or a template-tag library of a higher app: a page of a
lower app that shows something of a higher one has a slot the higher app fills (lib/slots.py).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ("plans", "projects", "announcements", "public", "operations")  # lowest first
RANK = {app: rank for rank, app in enumerate(APPS)}
SHARED_TEMPLATES = ("includes", "records")  # used by every app's pages, so they may name only the lowest

NAMESPACE = re.compile(r"""["'](\w+):\w+["']""")
TEMPLATE = re.compile(r"""["'](\w+)/[\w/.-]+\.html["']""")
LOAD = re.compile(r"{%\s*load\s+([\w ]+?)\s*%}")


def tag_libraries() -> dict[str, str]:
    """Template-tag library → the app that provides it."""
    return {module.stem: app for app in APPS for module in (ROOT / app).glob("templatetags/*.py") if module.stem != "__init__"}


def back_edges(text: str, rank: int, libraries: dict[str, str]) -> list[str]:
    """What `text`, of an app of `rank`, names of a higher app."""
    found = [f"URL {m.group(0)}" for m in NAMESPACE.finditer(text) if RANK.get(m.group(1), -1) > rank]
    found += [f"template {m.group(0)}" for m in TEMPLATE.finditer(text) if RANK.get(m.group(1), -1) > rank]
    for m in LOAD.finditer(text):
        found += [f"tag library {name}" for name in m.group(1).split() if RANK.get(libraries.get(name, ""), -1) > rank]
    return found


def imports_above(path: Path, rank: int) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.append(node.module)
    return [f"import {name}" for name in names if RANK.get(name.split(".")[0], -1) > rank]


def sources() -> list[tuple[Path, int]]:
    """Every template and Python module of an app (migrations aside), with the app's rank; lib ranks below every app."""
    files = [(path, RANK[app]) for app in APPS for path in (ROOT / app).rglob("*.py") if "migrations" not in path.parts]
    files += [(path, RANK[app]) for app in APPS for path in (ROOT / "templates" / app).rglob("*.html")]
    files += [(path, 0) for folder in SHARED_TEMPLATES for path in (ROOT / "templates" / folder).rglob("*.html")]
    files += [(path, -1) for path in (ROOT / "lib").rglob("*.py")]
    return files


def test_no_app_names_an_app_above_it():
    libraries = tag_libraries()
    problems = []
    for path, rank in sources():
        found = back_edges(path.read_text(), rank, libraries)
        if path.suffix == ".py":
            found += imports_above(path, rank)
        problems += [f"{path.relative_to(ROOT)}: {what}" for what in found]
    assert not problems, "a lower app names a higher one:\n" + "\n".join(problems)


@pytest.mark.parametrize(
    "text, rank",
    [
        ("""<a href="{% url 'public:plan' code year %}">""", RANK["projects"]),
        ("""return redirect("announcements:plan_history", plan.pk)""", RANK["plans"]),
        ("""render(request, "announcements/history.html", context)""", RANK["projects"]),
        ("""{% load records panels %}""", RANK["plans"]),
    ],
)
def test_the_check_sees_a_name_pointing_up(text, rank):
    assert back_edges(text, rank, {"records": "plans", "panels": "announcements"})


def test_the_check_sees_an_import_pointing_up(tmp_path):
    module = tmp_path / "views.py"
    module.write_text("from public.cache import cached_page\nfrom plans.models import Organisation\n")
    assert imports_above(module, RANK["projects"]) == ["import public.cache"]


def test_names_pointing_down_are_allowed():
    text = """{% load records %}<a href="{% url 'projects:activity_list' pk %}">{% include "plans/x.html" %}"""
    assert back_edges(text, RANK["announcements"], {"records": "plans"}) == []
