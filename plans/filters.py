"""Filters for the staff lists (django-filter); every choice is limited to the user's organisation."""

from __future__ import annotations

import django_filters
from django.db.models import Q

from lib import thai
from plans.models import BudgetLine, ExpenseCategory, PlanAmendment, PlanProject, Programme, Strategy, Unit


class RecordFilterSet(django_filters.FilterSet):
    def __init__(self, *args, parent=None, **kwargs):
        self.parent = parent
        super().__init__(*args, **kwargs)
        organisation = self.request.user.organisation
        for item in self.filters.values():
            queryset = getattr(item, "queryset", None)
            if queryset is not None and hasattr(queryset.model, "organisation_path"):
                item.queryset = queryset.for_organisation(organisation)
            item.label = organisation.words.speak(str(item.label))  # a city's villages are ชุมชน


def search_text(fields: tuple[str, ...]):
    """A filter method: every word typed must appear in one of `fields` (substring, so Thai works)."""

    def search(queryset, name, value):
        for word in thai.arabic_digits(value).split():
            condition = Q()
            for field in fields:
                condition |= Q(**{f"{field}__icontains": word})
            queryset = queryset.filter(condition)
        return queryset

    return search


class PlanProjectFilter(RecordFilterSet):
    q = django_filters.CharFilter(label="ค้นหา", method=search_text(("name", "objective", "target")))
    strategy = django_filters.ModelChoiceFilter(label="ยุทธศาสตร์", queryset=Strategy.objects.all())
    programme = django_filters.ModelChoiceFilter(label="แผนงาน", queryset=Programme.objects.all())
    unit = django_filters.ModelChoiceFilter(label="หน่วยงาน", queryset=Unit.objects.all())
    amendment = django_filters.ModelChoiceFilter(label="เพิ่มโดยการแก้ไขแผน", queryset=PlanAmendment.objects.all())

    class Meta:
        model = PlanProject
        fields = ["q", "strategy", "programme", "unit", "amendment"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.parent is not None:
            self.filters["strategy"].queryset = self.filters["strategy"].queryset.filter(strategic_plan=self.parent.strategic_plan_id)
            self.filters["amendment"].queryset = self.filters["amendment"].queryset.filter(development_plan=self.parent)


class BudgetLineFilter(RecordFilterSet):
    q = django_filters.CharFilter(label="ค้นหา", method=search_text(("item", "item_type", "work")))
    programme = django_filters.ModelChoiceFilter(label="แผนงาน", queryset=Programme.objects.all())
    category = django_filters.ModelChoiceFilter(label="หมวด", queryset=ExpenseCategory.objects.all())
    unit = django_filters.ModelChoiceFilter(label="หน่วยงาน", queryset=Unit.objects.all())
    drafting = django_filters.ChoiceFilter(label="นำเข้าแผนการดำเนินงาน", choices=BudgetLine.Drafting.choices)

    class Meta:
        model = BudgetLine
        fields = ["q", "programme", "category", "unit", "drafting"]
