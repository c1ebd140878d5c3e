"""A <select> rendered in Python.

Django renders a select through its template engine with one template include per <option>: a
select of 1,000 development-plan projects costs a second, and the public filter form's six small
selects cost more than the twenty project cards beside them. `FastSelect` writes the same markup
(same attributes, optgroups, escaping) directly; everything else (choices, values, validation) is
Django's `Select`.
"""

from __future__ import annotations

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe


class FastSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [format_html('<select name="{}"{}>', widget["name"], flatatt(widget["attrs"]))]
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(format_html('<optgroup label="{}">', group_name))
            for option in options:
                option_value = "" if option["value"] is None else str(option["value"])
                parts.append(format_html('<option value="{}"{}>{}</option>', option_value, flatatt(option["attrs"]), option["label"]))
            if group_name:
                parts.append("</optgroup>")
        parts.append("</select>")
        return mark_safe("\n".join(parts))

    @classmethod
    def replacing(cls, widget: forms.Select) -> FastSelect:
        """The same select (attributes, choices, required), rendered fast."""
        fast = cls(attrs=widget.attrs, choices=widget.choices)
        fast.is_required = widget.is_required
        return fast


def speed_up_selects(fields) -> None:
    """Swap every plain Select of these form fields for a FastSelect (before their choices or
    querysets are narrowed: a field hands its choices to its current widget)."""
    for field in fields:
        if type(field.widget) is forms.Select:
            field.widget = FastSelect.replacing(field.widget)
