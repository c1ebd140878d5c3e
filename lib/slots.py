"""Places on a page of a lower app that an app above it fills, so that templates and links point down.

The lower app's template marks the place and knows nothing of what goes there:
`{% slot "projects.plan_page" plan=parent %}` (a builtin tag). An app above says what it shows
there when it starts (in its AppConfig.ready): `slots.fill("projects.plan_page", approval_panel)`,
where `approval_panel(context, plan=…)` returns HTML. A place nobody fills shows nothing; several
fillers show in the order their apps start (INSTALLED_APPS).
"""

from __future__ import annotations

from collections.abc import Callable

from django.template import Context
from django.utils.safestring import SafeString, mark_safe

Filler = Callable[..., str]  # (the page's template context, the place's arguments) → HTML

_fillers: dict[str, list[Filler]] = {}


def fill(place: str, filler: Filler) -> None:
    """Show what `filler` renders at `place` (once, however often the app starts)."""
    fillers = _fillers.setdefault(place, [])
    if filler not in fillers:
        fillers.append(filler)


def render(place: str, context: Context, **arguments) -> SafeString:
    return mark_safe("".join(filler(context, **arguments) for filler in _fillers.get(place, ())))


def include(context: Context, template_name: str, **values) -> SafeString:
    """Render `template_name` within the page's context with `values` added, as `{% include %}` does:
    what a filler usually returns."""
    template = context.template.engine.get_template(template_name)
    with context.push(**values):
        return template.render(context)
