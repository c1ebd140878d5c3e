"""Staff forms for organisations and planning data. Every label and message is Thai."""

from __future__ import annotations

from decimal import Decimal

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row
from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import ValidationError
from django.db.models import F

from lib import thai
from lib.fields import AmountField, BEYearField, MonthsField, ThaiDateField
from lib.uploads import validate_image_upload
from lib.widgets import speed_up_selects
from plans import words as vocabulary
from plans.models import (
    BudgetLine,
    BudgetOrdinance,
    DevelopmentPlan,
    Guideline,
    Organisation,
    PlanAmendment,
    PlanProject,
    PlanProjectBudget,
    StrategicPlan,
    Strategy,
    Unit,
    User,
    Village,
)


def speak_thai(field: forms.Field) -> None:
    """Messages that name the field, in plain Thai, instead of Django's generic translations."""
    label = str(field.label or "ช่องนี้")
    if isinstance(field, MonthsField):
        return  # it says which months are allowed
    if isinstance(field, forms.ChoiceField) or isinstance(field, forms.ModelChoiceField):
        field.error_messages["required"] = f"กรุณาเลือก{label}"
        field.error_messages["invalid_choice"] = f"{label}: ตัวเลือกนี้ใช้ไม่ได้ กรุณาเลือกจากรายการ"
    elif "required" in field.error_messages and not field.error_messages["required"].startswith("กรุณา"):
        field.error_messages["required"] = f"กรุณากรอก{label}"
    if isinstance(field, forms.IntegerField):
        field.error_messages["invalid"] = f"{label}: กรุณากรอกเป็นตัวเลขจำนวนเต็ม"
    if isinstance(field, forms.ImageField):
        field.error_messages["invalid_image"] = "ไฟล์นี้ไม่ใช่รูปภาพ กรุณาเลือกไฟล์ PNG หรือ JPEG"


class RecordForm(forms.ModelForm):
    """Base of every staff form for plan data.

    Choices are limited to the user's organisation; the parent record (organisation, plan,
    ordinance ...) is set by the view and kept as a disabled field so that uniqueness within it is
    checked like any other; `version` carries the version the edit started from.
    """

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, organisation: Organisation, parent=None, parent_field: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        speed_up_selects(self.fields.values())
        self.organisation = organisation
        self.parent = parent
        self.parent_field = parent_field
        if parent_field and parent_field not in self.fields:
            model_field = self._meta.model._meta.get_field(parent_field)
            self.fields[parent_field] = model_field.formfield(disabled=True, widget=forms.HiddenInput, required=False)
        words = organisation.words
        for field in self.fields.values():
            queryset = getattr(field, "queryset", None)
            if queryset is not None and hasattr(queryset.model, "organisation_path"):
                field.queryset = queryset.for_organisation(organisation)
            field.label, field.help_text = words.speak(str(field.label or "")) or None, words.speak(str(field.help_text or ""))
            speak_thai(field)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def full_clean(self):
        """Every message in the organisation's words (the models' constraints speak an อบต.'s)."""
        super().full_clean()
        speak = self.organisation.words.speak
        for errors in (self._errors or {}).values():
            errors.data = [speak(message) for message in errors]

    def _get_validation_exclusions(self):
        exclude = super()._get_validation_exclusions()
        exclude.discard(self.parent_field)  # not in Meta.fields, yet part of uniqueness
        return exclude

    def save_checked(self):
        """Save a new record, or an edit only if nobody saved since the form was opened."""
        obj = self.save(commit=False)
        if obj.pk is None:
            obj.save()
        else:
            obj.save_checked(self.cleaned_data.get("version") or 0)
        self.save_m2m()
        return obj


# --- organisation -----------------------------------------------------------------------------


class OrganisationForm(RecordForm):
    class Meta:
        model = Organisation
        fields = ["kind", "name", "locality", "district", "province", "executive_name", "executive_title", "emblem", "digit_style"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        words = self.instance.words  # the help speaks of this kind of อปท., not of an อบต. whatever the kind
        name = self.instance.name or "หนองบัว"
        self.fields["name"].help_text = f"ชื่อท้องถิ่นโดยไม่มีคำนำหน้า เช่น “{name}” (ระบบเติม “{words.kind.prefix}” ตามประเภท อปท. ให้เอง)"
        self.fields["executive_title"].widget.attrs["placeholder"] = words.executive_title
        self.fields["executive_title"].help_text = f"เว้นว่างไว้เพื่อใช้ตำแหน่งตามประเภท อปท. คือ “{words.executive_title}”"
        by_kind = vocabulary.LOCALITIES[words.kind.locality].noun
        self.fields["locality"].choices = [("", f"ตามประเภท อปท. ({by_kind})"), *vocabulary.LOCALITY_CHOICES[1:]]
        self.fields["locality"].help_text = (
            f"ท้องถิ่นของท่านเรียกพื้นที่ย่อยว่า{words.locality}"
            if self.instance.locality
            else f"{words.kind.prefix}เรียกพื้นที่ย่อยว่า{by_kind} เลือกเองได้ถ้าท้องถิ่นของท่านเรียกต่างไป"
        )

    def clean_emblem(self):
        emblem = self.cleaned_data.get("emblem")
        validate_image_upload(emblem)
        return emblem


class UnitForm(RecordForm):
    class Meta:
        model = Unit
        fields = ["name", "order"]


class VillageForm(RecordForm):
    class Meta:
        model = Village
        fields = ["number", "name"]
        help_texts = {"name": "เช่น บ้านหนองบัว"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.organisation.words.locality == "ชุมชน":
            self.fields["name"].help_text = "เช่น ชุมชนตลาดเก่า"


# --- users ------------------------------------------------------------------------------------


# Approval roles (approve, return and announce a plan) are granted by the system administrator only
# (Django admin or manage.py grant_role), so that no one person both enters a plan and approves it.
APPROVAL_ROLES = (User.Role.EXECUTIVE,)
ORG_ADMIN_ROLES = [("", "---------"), *((value, label) for value, label in User.Role.choices if value not in APPROVAL_ROLES)]
APPROVAL_ROLE_HELP = "บทบาทผู้บริหารท้องถิ่น (เห็นชอบและประกาศใช้แผน) กำหนดได้โดยผู้ดูแลระบบเท่านั้น"


class UserCreateForm(forms.ModelForm):
    password = forms.CharField(label="รหัสผ่านเริ่มต้น", widget=forms.PasswordInput(render_value=False), strip=False)

    class Meta:
        model = User
        fields = ["username", "first_name", "last_name", "role"]
        labels = {"username": "ชื่อผู้ใช้ (ใช้เข้าสู่ระบบ)", "first_name": "ชื่อ", "last_name": "นามสกุล"}

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["role"].required = True
        self.fields["role"].choices = ORG_ADMIN_ROLES
        self.fields["role"].help_text = APPROVAL_ROLE_HELP
        self.fields["password"].help_text = password_validation.password_validators_help_text_html()
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def clean(self):
        cleaned = super().clean()
        password = cleaned.get("password")
        if password:
            candidate = User(
                username=cleaned.get("username", ""), first_name=cleaned.get("first_name", ""), last_name=cleaned.get("last_name", "")
            )
            try:
                password_validation.validate_password(password, candidate)
            except ValidationError as error:
                self.add_error("password", error)
        return cleaned

    def save(self, commit=True):
        user = super().save(commit=False)
        user.organisation = self.organisation
        user.set_password(self.cleaned_data["password"])
        if commit:
            user.save()
        return user


class UserUpdateForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "role", "is_active"]
        labels = {"first_name": "ชื่อ", "last_name": "นามสกุล", "is_active": "ใช้งานได้"}
        help_texts = {"is_active": "เอาเครื่องหมายออกเพื่อระงับบัญชี (ประวัติการทำงานของผู้ใช้ยังอยู่ครบ)"}

    def __init__(self, *args, acting_user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.acting_user = acting_user
        self.fields["role"].required = True
        if self.instance.role in APPROVAL_ROLES:
            # An executive stays one until the system administrator says otherwise.
            self.fields["role"].disabled = True
            self.fields["role"].help_text = "บทบาทผู้บริหารกำหนดหรือยกเลิกได้โดยผู้ดูแลระบบเท่านั้น"
        else:
            self.fields["role"].choices = ORG_ADMIN_ROLES
            self.fields["role"].help_text = APPROVAL_ROLE_HELP
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk == self.acting_user.pk:
            if not cleaned.get("is_active", True):
                self.add_error("is_active", "ระงับบัญชีของตนเองไม่ได้")
            if cleaned.get("role") and cleaned["role"] != User.Role.ADMIN:
                self.add_error("role", "เปลี่ยนบทบาทของตนเองไม่ได้ เพื่อไม่ให้ อปท. ไม่มีผู้ดูแล")
        return cleaned


class OwnPasswordForm(PasswordChangeForm):
    """A user changes their own password, knowing the old one: nobody else sets it."""

    error_messages = {
        **PasswordChangeForm.error_messages,
        "password_incorrect": "รหัสผ่านเดิมไม่ถูกต้อง",
        "password_mismatch": "รหัสผ่านใหม่ทั้งสองช่องไม่ตรงกัน",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = "รหัสผ่านเดิม"
        self.fields["new_password1"].label = "รหัสผ่านใหม่"
        self.fields["new_password2"].label = "ยืนยันรหัสผ่านใหม่"
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True


# --- strategies -------------------------------------------------------------------------------


class StrategicPlanForm(RecordForm):
    first_year = BEYearField(label="ตั้งแต่ปี พ.ศ.")
    last_year = BEYearField(label="ถึงปี พ.ศ.")

    class Meta:
        model = StrategicPlan
        fields = ["title", "first_year", "last_year", "vision", "missions", "goals"]
        widgets = {f: forms.Textarea(attrs={"rows": 3}) for f in ("vision", "missions", "goals")}

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("first_year"), cleaned.get("last_year")
        if first and last and last < first:
            self.add_error("last_year", "ปีสิ้นสุดต้องไม่ก่อนปีเริ่มต้น")
        return cleaned


class StrategyForm(RecordForm):
    class Meta:
        model = Strategy
        fields = ["number", "name"]


class GuidelineForm(RecordForm):
    class Meta:
        model = Guideline
        fields = ["number", "name"]


# --- development plans ------------------------------------------------------------------------


class DevelopmentPlanForm(RecordForm):
    first_year = BEYearField(label="ปีงบประมาณแรก (พ.ศ.)")
    approved_on = ThaiDateField(label="วันที่อนุมัติ/ประกาศใช้", required=False)

    class Meta:
        model = DevelopmentPlan
        fields = ["strategic_plan", "first_year", "length", "approved_on"]


class PlanAmendmentForm(RecordForm):
    approved_on = ThaiDateField(label="วันที่อนุมัติ/ประกาศใช้", required=False)

    class Meta:
        model = PlanAmendment
        fields = ["kind", "number", "approved_on"]


class StrategyChoicesMixin:
    """Strategy and guideline choices come from one strategic plan; a guideline must be of the chosen strategy."""

    def limit_strategies(self, strategic_plan: StrategicPlan | None) -> None:
        if strategic_plan is not None:
            self.fields["strategy"].queryset = self.fields["strategy"].queryset.filter(strategic_plan=strategic_plan)
            self.fields["guideline"].queryset = (
                self.fields["guideline"].queryset.filter(strategy__strategic_plan=strategic_plan).select_related("strategy")
            )
        else:
            self.fields["guideline"].queryset = self.fields["guideline"].queryset.select_related("strategy")

    def check_guideline(self, cleaned: dict) -> None:
        strategy, guideline = cleaned.get("strategy"), cleaned.get("guideline")
        if strategy and guideline and guideline.strategy_id != strategy.pk:
            self.add_error("guideline", f"แนวทางนี้อยู่ในยุทธศาสตร์ที่ {guideline.strategy.number} ไม่ใช่ยุทธศาสตร์ที่เลือก")


class PlanProjectForm(StrategyChoicesMixin, RecordForm):
    """A development-plan project, with one budget and source field for each year of the plan."""

    class Meta:
        model = PlanProject
        fields = [
            "number",
            "strategy",
            "guideline",
            "programme",
            "name",
            "objective",
            "target",
            "kpi",
            "expected_result",
            "unit",
            "amendment",
        ]
        widgets = {f: forms.Textarea(attrs={"rows": 2}) for f in ("objective", "target", "expected_result")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        plan: DevelopmentPlan = self.instance.development_plan
        self.limit_strategies(plan.strategic_plan)
        self.fields["amendment"].queryset = plan.amendments.all()
        existing = {b.fiscal_year: b for b in self.instance.budgets.all()} if self.instance.pk else {}
        self.years = plan.years
        for year in self.years:
            budget = existing.get(year)
            self.fields[f"budget_{year}"] = AmountField(
                label=f"งบประมาณปี {year} (บาท)", required=False, initial=budget.amount if budget else None
            )
            self.fields[f"source_{year}"] = forms.CharField(
                label=f"ที่มางบประมาณปี {year}", required=False, max_length=150, initial=budget.source if budget else ""
            )
        self.helper.layout = Layout(
            Fieldset(
                "โครงการ",
                Row(Column("number", css_class="col-md-2"), Column("name", css_class="col-md-10")),
                Row(Column("strategy", css_class="col-md-6"), Column("guideline", css_class="col-md-6")),
                Row(Column("programme", css_class="col-md-6"), Column("unit", css_class="col-md-6")),
                "objective",
                "target",
                "kpi",
                "expected_result",
                "amendment",
            ),
            Fieldset(
                f"งบประมาณรายปีของ{plan.kind_label}",
                *[Row(Column(f"budget_{y}", css_class="col-md-5"), Column(f"source_{y}", css_class="col-md-7")) for y in self.years],
            ),
            "version",
            "development_plan",
        )

    def clean(self):
        cleaned = super().clean()
        self.check_guideline(cleaned)
        if not any(cleaned.get(f"budget_{year}") for year in self.years):
            self.add_error(None, "กรุณากรอกงบประมาณอย่างน้อยหนึ่งปี")
        return cleaned

    def save_checked(self):
        project = super().save_checked()
        for year in self.years:
            amount: Decimal | None = self.cleaned_data.get(f"budget_{year}")
            if amount is None:
                PlanProjectBudget.objects.filter(project=project, fiscal_year=year).delete()
            else:
                PlanProjectBudget.objects.update_or_create(
                    project=project, fiscal_year=year, defaults={"amount": amount, "source": self.cleaned_data.get(f"source_{year}", "")}
                )
        return project


# --- budget ordinances ------------------------------------------------------------------------


class BudgetOrdinanceForm(RecordForm):
    fiscal_year = BEYearField(label="ปีงบประมาณ (พ.ศ.)")
    enacted_on = ThaiDateField(label="วันที่ประกาศใช้", required=False, help_text="เว้นว่างถ้ายังไม่ได้ประกาศใช้")

    class Meta:
        model = BudgetOrdinance
        fields = ["fiscal_year", "kind", "number", "enacted_on"]

    def clean(self):
        cleaned = super().clean()
        year, enacted = cleaned.get("fiscal_year"), cleaned.get("enacted_on")
        if year and enacted:
            start, end = thai.fiscal_period(year)
            earliest = start.replace(year=start.year - 1)
            if not earliest <= enacted <= end:
                self.add_error("enacted_on", f"วันที่ประกาศใช้ต้องอยู่ระหว่างปีงบประมาณ {year - 1} ถึง {year}")
        return cleaned


class BudgetLineForm(RecordForm):
    amount = AmountField(label="จำนวนเงิน (บาท)")

    class Meta:
        model = BudgetLine
        fields = ["order", "programme", "work", "category", "item_type", "item", "amount", "unit", "plan_project", "drafting"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        year = self.instance.ordinance.fiscal_year
        self.fields["plan_project"].queryset = (
            self.fields["plan_project"]
            .queryset.filter(
                development_plan__first_year__lte=year,
                development_plan__first_year__gt=year - F("development_plan__length"),
            )
            .select_related("development_plan")
            .order_by("development_plan", "strategy__number", "number")
        )
        self.fields["category"].queryset = self.fields["category"].queryset.select_related("group")
        self.fields["category"].label_from_instance = lambda c: f"{c.group.name} › {c.name}"
