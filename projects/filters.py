"""Filters for the activity list of an operational plan."""

from __future__ import annotations

import django_filters

from lib import thai
from plans.filters import RecordFilterSet, search_text
from plans.models import Programme, Strategy, Unit, Village
from projects.models import Activity


class ActivityFilter(RecordFilterSet):
    KINDS = (("own", "โครงการ/กิจกรรมของ อปท."), ("equipment", "ครุภัณฑ์ (ผด.02/1)"), ("other", "โครงการของหน่วยงานอื่น"))

    q = django_filters.CharFilter(label="ค้นหา", method=search_text(("name", "details", "location", "other_agency")))
    strategy = django_filters.ModelChoiceFilter(label="ยุทธศาสตร์", queryset=Strategy.objects.all())
    programme = django_filters.ModelChoiceFilter(label="แผนงาน", queryset=Programme.objects.all())
    unit = django_filters.ModelChoiceFilter(label="หน่วยงาน", queryset=Unit.objects.all())
    village = django_filters.ModelChoiceFilter(label="หมู่บ้าน", field_name="villages", queryset=Village.objects.all())
    month = django_filters.ChoiceFilter(label="เดือน", choices=thai.fiscal_month_choices(), method="in_month")
    kind = django_filters.ChoiceFilter(label="ประเภท", choices=KINDS, method="of_kind")
    MISSING = (("months", "ยังไม่ระบุเดือน"), ("place", "ยังไม่ระบุสถานที่"), ("unit", "ยังไม่ระบุหน่วยงาน"))
    missing = django_filters.ChoiceFilter(label="ข้อมูลที่ยังขาด", choices=MISSING, method="lacking")

    class Meta:
        model = Activity
        fields = ["q", "strategy", "programme", "unit", "village", "month", "kind", "missing"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.parent is not None:
            self.filters["strategy"].queryset = self.filters["strategy"].queryset.filter(strategic_plan=self.parent.strategic_plan_id)
        self.filters["village"].queryset = self.filters["village"].queryset.select_related("organisation")  # named in its words

    def in_month(self, queryset, name, value):
        return queryset.in_month(int(value))

    def of_kind(self, queryset, name, value):
        return {"own": queryset.projects, "equipment": queryset.equipment, "other": queryset.by_other_agencies}[value]()

    def lacking(self, queryset, name, value):
        if value == "months":
            return queryset.filter(months=0)
        if value == "place":
            return queryset.filter(location="").exclude(villages__isnull=False)
        return queryset.filter(unit__isnull=True, other_agency="")
