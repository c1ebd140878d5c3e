"""The operational plan's forms: one row of it (an activity), the plan record, and its Part 1."""

from __future__ import annotations

from crispy_forms.bootstrap import InlineCheckboxes
from crispy_forms.layout import Column, Fieldset, Layout, Row
from django import forms
from django.core.exceptions import ValidationError

from lib.fields import AmountField, BEYearField, MonthsField, ThaiDateField
from plans.forms import RecordForm, StrategyChoicesMixin
from plans.models import OperationalPlan
from projects.models import Activity


class ActivityForm(StrategyChoicesMixin, RecordForm):
    budget = AmountField(label="งบประมาณ (บาท)")
    months = MonthsField(label="ระยะเวลาดำเนินการ (เดือน)", required=False)

    class Meta:
        model = Activity
        fields = [
            "strategy", "guideline", "programme", "name", "details", "budget", "location", "villages", "unit",
            "months", "other_agency", "is_equipment", "category", "item_type", "budget_line", "plan_project",
        ]  # fmt: skip
        widgets = {
            "details": forms.Textarea(attrs={"rows": 3}),
            "villages": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        plan: OperationalPlan = self.instance.plan
        self.limit_strategies(plan.strategic_plan)
        self.fields["months"].set_fiscal_year(plan.fiscal_year, self.organisation.digit_style)
        self.fields["budget_line"].queryset = (
            self.fields["budget_line"].queryset.filter(ordinance__fiscal_year=plan.fiscal_year).select_related("ordinance__organisation")
        )
        self.fields["budget_line"].label_from_instance = lambda line: f"{line.item} ({line.amount:,.2f} บาท)"
        projects = self.fields["plan_project"].queryset
        self.fields["plan_project"].queryset = (
            projects.filter(development_plan=plan.development_plan) if plan.development_plan_id else projects.none()
        )
        self.fields["category"].queryset = self.fields["category"].queryset.select_related("group")
        places = self.organisation.words.places
        self.fields["villages"].label_from_instance = lambda village: places.label(village.number, village.name)
        self.helper.layout = Layout(
            Fieldset(
                "ยุทธศาสตร์และแผนงาน",
                Row(Column("strategy", css_class="col-md-6"), Column("guideline", css_class="col-md-6")),
                "programme",
            ),
            Fieldset(
                "โครงการ/กิจกรรม", "name", "details", Row(Column("budget", css_class="col-md-4"), Column("unit", css_class="col-md-8"))
            ),
            Fieldset("สถานที่และระยะเวลา", "location", InlineCheckboxes("villages"), "months"),
            Fieldset(
                "ประเภทและที่มา",
                "other_agency",
                "is_equipment",
                Row(Column("category", css_class="col-md-6"), Column("item_type", css_class="col-md-6")),
                Row(Column("budget_line", css_class="col-md-6"), Column("plan_project", css_class="col-md-6")),
            ),
            "version",
            "plan",
        )

    def clean(self):
        cleaned = super().clean()
        self.check_guideline(cleaned)
        if cleaned.get("is_equipment") and cleaned.get("other_agency"):
            self.add_error("other_agency", "ครุภัณฑ์ต้องเป็นของ อปท. เอง เว้นช่องนี้ว่าง หรือเอาเครื่องหมาย “เป็นการจัดซื้อครุภัณฑ์” ออก")
        return cleaned


class DeadlineExtensionForm(RecordForm):
    deadline_extended_to = ThaiDateField(label="ขยายกำหนดประกาศใช้ถึงวันที่", required=False, help_text="เว้นว่างเพื่อยกเลิกการขยายเวลา")

    class Meta:
        model = OperationalPlan
        fields = ["deadline_extended_to", "deadline_extension_reason"]

    def clean(self):
        cleaned = super().clean()
        if self.instance.is_announced:
            raise ValidationError("แผนนี้ประกาศใช้แล้ว กำหนดเวลาที่บันทึกไว้เป็นส่วนหนึ่งของแผนที่ประกาศ จึงเปลี่ยนไม่ได้")
        extended = cleaned.get("deadline_extended_to")
        ordinance = self.instance.ordinance
        if extended and ordinance and ordinance.enacted_on and extended <= ordinance.enacted_on:
            self.add_error("deadline_extended_to", "วันที่ขยายต้องอยู่หลังวันที่ข้อบัญญัติประกาศใช้")
        if extended and not cleaned.get("deadline_extension_reason"):
            self.add_error("deadline_extension_reason", "กรุณาระบุเหตุผลที่ขยายเวลา")
        return cleaned


# --- operational plans ------------------------------------------------------------------------


class OperationalPlanForm(RecordForm):
    fiscal_year = BEYearField(label="ปีงบประมาณ (พ.ศ.)")

    class Meta:
        model = OperationalPlan
        fields = ["fiscal_year", "strategic_plan", "development_plan", "ordinance"]

    def clean(self):
        cleaned = super().clean()
        year = cleaned.get("fiscal_year")
        if not year:
            return cleaned
        for name in ("strategic_plan", "development_plan"):
            plan = cleaned.get(name)
            if plan is not None and not plan.covers(year):
                self.add_error(name, f"แผนนี้ไม่ครอบคลุมปีงบประมาณ {year}")
        ordinance = cleaned.get("ordinance")
        if ordinance is not None and ordinance.fiscal_year != year:
            self.add_error("ordinance", f"ข้อบัญญัตินี้เป็นของปีงบประมาณ {ordinance.fiscal_year}")
        return cleaned


class IntroductionForm(RecordForm):
    """ส่วนที่ 1 บทนำ of one plan: starts from the product's default text, editable per plan."""

    class Meta:
        model = OperationalPlan
        fields = ["intro_nature", "intro_objectives", "intro_steps", "intro_benefits"]
        widgets = {f: forms.Textarea(attrs={"rows": 8}) for f in fields}
