"""Citizens filter a plan's projects by strategy, แผนงาน, village, unit, month and words."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q

from lib import thai
from lib.widgets import speed_up_selects
from plans.models import OperationalPlan, Programme, Strategy, Unit, Village
from projects.models import Activity


class PublicActivityFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="ค้นหาคำ", method="search")
    village = django_filters.ModelChoiceFilter(label="หมู่บ้าน", field_name="villages", queryset=Village.objects.none(), empty_label="ทุกหมู่บ้าน")
    month = django_filters.ChoiceFilter(label="เดือน", choices=thai.fiscal_month_choices(), method="in_month", empty_label="ทุกเดือน")
    strategy = django_filters.ModelChoiceFilter(label="ยุทธศาสตร์", queryset=Strategy.objects.none(), empty_label="ทุกยุทธศาสตร์")
    programme = django_filters.ModelChoiceFilter(label="แผนงาน", queryset=Programme.objects.all(), empty_label="ทุกแผนงาน")
    unit = django_filters.ModelChoiceFilter(label="หน่วยงาน", queryset=Unit.objects.none(), empty_label="ทุกหน่วยงาน")

    class Meta:
        model = Activity
        fields = ["q", "village", "month", "strategy", "programme", "unit"]

    def __init__(self, *args, plan: OperationalPlan, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["village"].queryset = Village.objects.filter(organisation=plan.organisation_id)
        self.filters["strategy"].queryset = Strategy.objects.filter(strategic_plan=plan.strategic_plan_id)
        self.filters["unit"].queryset = Unit.objects.filter(organisation=plan.organisation_id)
        months = self.filters["month"]
        months.extra["choices"] = [
            (i, f"{label} {thai.fiscal_month_be_year(plan.fiscal_year, i)}") for i, label in thai.fiscal_month_choices()
        ]

    @property
    def form(self):
        form = super().form
        speed_up_selects(form.fields.values())
        for field in form.fields.values():
            field.widget.attrs.setdefault("class", "form-select" if isinstance(field.widget, forms.Select) else "form-control")
        return form

    def search(self, queryset, name, value):
        """Substring search, so a Thai word is found inside longer text (Thai has no spaces between words)."""
        for word in thai.arabic_digits(value).split():
            queryset = queryset.filter(
                Q(name__icontains=word) | Q(details__icontains=word) | Q(location__icontains=word)
                | Q(other_agency__icontains=word) | Q(unit__name__icontains=word)
            )  # fmt: skip
        return queryset

    def in_month(self, queryset, name, value):
        return queryset.in_month(int(value))
