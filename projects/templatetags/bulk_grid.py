"""The cells of the bulk-editing grid, written in Python: twelve month boxes a row for a thousand rows
would make the template engine the slowest part of the page. Every value written here is an integer
(keys, versions, month numbers, the encoded values), so the markup needs no escaping, but for the
place typed as text, which is escaped."""

from __future__ import annotations

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from projects.bulk import Row

register = template.Library()


def _ints(row: Row) -> tuple[int, str, str, str, str]:
    values = row.values
    villages = ",".join(str(int(v)) for v in sorted(values.villages))
    return int(row.activity.pk), row.original.encode(), villages, str(int(values.unit)) if values.unit else "", str(int(values.programme))


@register.simple_tag
def grid_hidden(row: Row) -> SafeString:
    """What the grid posts about a row besides its month boxes: the version and values it was built
    from, and the villages, unit and แผนงาน as they stand now (the panel above sets them)."""
    pk, original, villages, unit, programme = _ints(row)
    return mark_safe(
        f'<input type="hidden" name="row" value="{pk}"><input type="hidden" name="ver{pk}" value="{int(row.version)}">'
        f'<input type="hidden" name="o{pk}" value="{original}"><input type="hidden" name="v{pk}" value="{villages}">'
        f'<input type="hidden" name="u{pk}" value="{unit}"><input type="hidden" name="p{pk}" value="{programme}">'
        f'<input type="hidden" name="ol{pk}" value="{escape(row.original.location)}"><input type="hidden" name="l{pk}" value="{escape(row.values.location)}">'
    )


@register.simple_tag
def grid_months(row: Row) -> SafeString:
    """Twelve cells, ต.ค. … ก.ย.; each box is named by its month's column header and the row's name."""
    pk, months = int(row.activity.pk), row.values.months
    return mark_safe(
        "".join(
            f'<td class="m"><input type="checkbox" class="mbox" name="m{pk}" value="{i}" aria-labelledby="mh{i} n{pk}"'
            f"{' checked' if months & (1 << i) else ''}></td>"
            for i in range(12)
        )
    )


@register.simple_tag
def review_hidden(row: Row) -> SafeString:
    """Everything the grid posted about a row, carried through the review so that going back loses nothing."""
    pk = int(row.activity.pk)
    months = "".join(f'<input type="hidden" name="m{pk}" value="{i}">' for i in range(12) if row.values.months & (1 << i))
    selected = f'<input type="hidden" name="sel" value="{pk}">' if row.selected else ""
    return mark_safe(grid_hidden(row) + months + selected)
