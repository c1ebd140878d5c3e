"""Citizens filter a plan's projects by strategy, แผนงาน, village, unit, month and words.

The filter runs over the edition as it was announced (projects.snapshot), not over today's
records: its choices are the villages, strategies and units the edition named, even one since
renamed or deleted.
"""

from __future__ import annotations

from django import forms

from lib import thai
from lib.widgets import speed_up_selects
from plans.models import OperationalPlan
from projects.models import Activity
from projects.snapshot import Frozen


def _choices(everything: str, records) -> list[tuple[str, str]]:
    return [("", everything), *((str(record.pk), str(record)) for record in records)]


class PublicActivityForm(forms.Form):
    q = forms.CharField(label="ค้นหาคำ", required=False)
    village = forms.ChoiceField(label="หมู่บ้าน", required=False)
    month = forms.ChoiceField(label="เดือน", required=False)
    strategy = forms.ChoiceField(label="ยุทธศาสตร์", required=False)
    programme = forms.ChoiceField(label="แผนงาน", required=False)
    unit = forms.ChoiceField(label="หน่วยงาน", required=False)

    def __init__(self, *args, announced: Frozen, plan: OperationalPlan, **kwargs):
        super().__init__(*args, **kwargs)
        words = announced.organisation.words  # as announced: the villages or communities the edition named
        self.fields["village"].label = words.locality
        self.fields["village"].choices = [
            ("", words.every_locality),
            *((str(v.pk), words.places.label(v.number, v.name)) for v in announced.villages),
        ]
        months = [(str(i), f"{label} {thai.fiscal_month_be_year(plan.fiscal_year, i)}") for i, label in thai.fiscal_month_choices()]
        self.fields["month"].choices = [("", "ทุกเดือน"), *months]
        self.fields["strategy"].choices = _choices("ทุกยุทธศาสตร์", announced.strategies)
        self.fields["programme"].choices = _choices("ทุกแผนงาน", announced.programmes)
        self.fields["unit"].choices = _choices("ทุกหน่วยงาน", announced.units)
        speed_up_selects(self.fields.values())
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-select" if isinstance(field.widget, forms.Select) else "form-control")


def _text(activity: Activity) -> str:
    unit = activity.unit.name if activity.unit else ""
    return " ".join((activity.name, activity.details, activity.location, activity.other_agency, unit)).casefold()


def _matches(activity: Activity, chosen: dict) -> bool:
    if chosen.get("village") and int(chosen["village"]) not in {v.pk for v in activity.village_list()}:
        return False
    if chosen.get("month") and not activity.months & (1 << int(chosen["month"])):
        return False
    for name in ("strategy", "programme", "unit"):
        if chosen.get(name) and getattr(activity, f"{name}_id") != int(chosen[name]):
            return False
    # Substring search, so a Thai word is found inside longer text (Thai has no spaces between words).
    words = thai.arabic_digits(chosen.get("q", "")).casefold().split()
    return not words or all(word in _text(activity) for word in words)


class PublicActivityFilter:
    """The filter form and the activities it lets through; a value the form refuses filters nothing."""

    def __init__(self, data, *, announced: Frozen, plan: OperationalPlan):
        self.form = PublicActivityForm(data, announced=announced, plan=plan)

    def filter(self, activities: list[Activity]) -> list[Activity]:
        if not self.form.is_bound:
            return activities
        self.form.is_valid()
        chosen = self.form.cleaned_data
        return [activity for activity in activities if _matches(activity, chosen)]
