"""Forms of approval and announcement: the executive's comment, the announcement, the signed scan, a new edition."""

from __future__ import annotations

import datetime as dt

import pikepdf
from crispy_forms.helper import FormHelper
from django import forms
from django.core.exceptions import ValidationError

from announcements import text
from announcements.models import Announcement
from lib import thai
from lib.fields import ThaiDateField
from lib.uploads import validate_image_upload, with_extension
from plans.models import BudgetOrdinance, OperationalPlan

MAX_SCAN_BYTES = 10 * 1024 * 1024


def _helper() -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    return helper


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label="ความเห็นที่ให้แก้ไข", widget=forms.Textarea(attrs={"rows": 3}), error_messages={"required": "กรุณาระบุความเห็นว่าให้แก้ไขอะไร"}
    )


class AnnounceForm(forms.Form):
    announced_on = ThaiDateField(label="วันที่ประกาศ")
    heading = forms.CharField(label="เรื่อง", max_length=300)
    body = forms.CharField(label="ข้อความประกาศ", widget=forms.Textarea(attrs={"rows": 8}), help_text="ย่อหน้าละหนึ่งบรรทัด")
    signer_name = forms.CharField(label="ชื่อผู้ลงนาม", max_length=200)
    signer_title = forms.CharField(label="ตำแหน่งผู้ลงนาม", max_length=200)
    acting = forms.ChoiceField(label="การลงนามแทน", choices=Announcement.Acting.choices, required=False)
    acting_for = forms.CharField(label="ลงนามแทนตำแหน่ง", max_length=200, required=False, help_text="กรอกเมื่อลงนามแทน: ตำแหน่งของผู้บริหารท้องถิ่น")
    posted_on = ThaiDateField(label="วันที่ปิดประกาศ", help_text="ภายใน ๑๕ วันนับแต่วันที่ประกาศ")
    posted_until = ThaiDateField(label="ปิดประกาศถึงวันที่", help_text="อย่างน้อย ๓๐ วัน")

    def __init__(self, *args, plan: OperationalPlan, today: dt.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.fiscal_year = plan.fiscal_year
        self.today = today
        ordinance, words = plan.ordinance, plan.organisation.words
        self.earliest = (
            (ordinance.enacted_on, f"วันที่ประกาศต้องไม่ก่อนวันที่{words.ordinance}ประกาศใช้") if ordinance and ordinance.enacted_on else None
        )
        self.fields["acting_for"].help_text = f"กรอกเมื่อลงนามแทน เช่น {plan.organisation.signing_title}"
        self.helper = _helper()

    def clean_announced_on(self):
        day = self.cleaned_data["announced_on"]
        if day > self.today:
            raise ValidationError("วันที่ประกาศต้องไม่เป็นวันในอนาคต")
        if self.earliest and day < self.earliest[0]:
            raise ValidationError(self.earliest[1])
        return day

    def clean(self):
        cleaned = super().clean()
        for name in ("heading", "body"):
            if wrong := text.foreign_years(cleaned.get(name, ""), self.fiscal_year):
                self.add_error(name, f"ปี {', '.join(map(str, wrong))} ไม่ตรงกับปีงบประมาณ ({self.fiscal_year}) กรุณาตรวจสอบ")
        announced, posted, until = cleaned.get("announced_on"), cleaned.get("posted_on"), cleaned.get("posted_until")
        if announced and posted:
            if posted < announced:
                self.add_error("posted_on", "วันที่ปิดประกาศต้องไม่ก่อนวันที่ประกาศ")
            elif posted > announced + dt.timedelta(days=Announcement.POST_WITHIN_DAYS):
                self.add_error("posted_on", "ต้องปิดประกาศภายใน ๑๕ วันนับแต่วันที่ประกาศ")
        if posted and until and until < posted + dt.timedelta(days=Announcement.MIN_POSTING_DAYS):
            self.add_error("posted_until", "ต้องปิดประกาศไว้อย่างน้อย ๓๐ วัน")
        if cleaned.get("acting") and not cleaned.get("acting_for"):
            self.add_error("acting_for", "กรุณาระบุตำแหน่งของผู้บริหารที่ลงนามแทน")
        if not cleaned.get("acting"):
            cleaned["acting_for"] = ""
        return cleaned


class ReportAnnounceForm(AnnounceForm):
    """A monitoring report of a fiscal year is announced once its period has ended."""

    def __init__(self, *args, organisation, fiscal_year: int, today: dt.date, **kwargs):
        forms.Form.__init__(self, *args, **kwargs)
        self.organisation = organisation
        self.fiscal_year = fiscal_year
        self.today = today
        self.fields["acting_for"].help_text = f"กรอกเมื่อลงนามแทน เช่น {organisation.signing_title}"
        self.helper = _helper()


class SixMonthAnnounceForm(ReportAnnounceForm):
    """The six-month report covers 1 October to 31 March: it is announced from 1 April."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        end = dt.date(thai.ce_year(self.fiscal_year), 3, 31)
        self.earliest = (end + dt.timedelta(days=1), f"ประกาศรายงานรอบ ๖ เดือนได้เมื่อสิ้นรอบแล้ว (หลัง {thai.format_date(end, thai.ARABIC)})")


class EvaluationAnnounceForm(ReportAnnounceForm):
    """The year-end evaluation (ข้อ ๓๐ (๕) as amended in 2561): presented to the council and to the
    development committee, announced after the fiscal year, and posted within December."""

    presented_to_council_on = ThaiDateField(label="วันที่เสนอต่อสภาท้องถิ่น")
    presented_to_committee_on = ThaiDateField(label="วันที่เสนอต่อคณะกรรมการพัฒนาท้องถิ่น")

    field_order = ["presented_to_council_on", "presented_to_committee_on"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        end = thai.fiscal_period(self.fiscal_year)[1]
        self.fiscal_year_end = end
        self.earliest = (end + dt.timedelta(days=1), f"ประกาศผลได้เมื่อสิ้นปีงบประมาณแล้ว (หลัง {thai.format_date(end, thai.ARABIC)})")
        words = self.organisation.words
        self.fields["presented_to_council_on"].label = f"วันที่เสนอต่อ{words.council}"
        self.fields["presented_to_committee_on"].label = f"วันที่เสนอต่อคณะกรรมการพัฒนา{words.full_name}"
        for name in ("presented_to_council_on", "presented_to_committee_on"):
            field = self.fields[name]
            field.error_messages["required"] = f"กรุณากรอก{field.label}"
        self.fields["presented_to_committee_on"].help_text = "ต้องประกาศผลภายใน ๑๕ วันนับแต่วันที่เสนอครบทั้งสองแห่ง และภายในเดือนธันวาคม"

    def _presented(self, name: str):
        day = self.cleaned_data[name]
        if day > self.today:
            raise ValidationError("วันที่เสนอต้องไม่เป็นวันในอนาคต")
        if day <= self.fiscal_year_end:
            raise ValidationError(f"เสนอผลได้เมื่อสิ้นปีงบประมาณแล้ว (หลัง {thai.format_date(self.fiscal_year_end, thai.ARABIC)})")
        return day

    def clean_presented_to_council_on(self):
        return self._presented("presented_to_council_on")

    def clean_presented_to_committee_on(self):
        return self._presented("presented_to_committee_on")

    def clean(self):
        cleaned = super().clean()
        posted, announced = cleaned.get("posted_on"), cleaned.get("announced_on")
        december = thai.ce_year(self.fiscal_year)
        if posted and (posted.month != 12 or posted.year != december):
            self.add_error("posted_on", f"ต้องปิดประกาศภายในเดือนธันวาคม {thai.be_year(december)}")
        for name in ("presented_to_council_on", "presented_to_committee_on"):
            presented = cleaned.get(name)
            if announced and presented and announced < presented:
                self.add_error("announced_on", f"วันที่ประกาศต้องไม่ก่อน{self.fields[name].label}")
        return cleaned


def validate_scan(upload) -> None:
    """A signed scan is a PDF or an image, checked by its content, not its name."""
    if upload.size > MAX_SCAN_BYTES:
        raise ValidationError("ไฟล์ใหญ่เกินไป (ไม่เกิน 10 MB)")
    upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    if head == b"%PDF-":
        try:
            with pikepdf.open(upload):
                pass
        except pikepdf.PdfError:
            raise ValidationError("ไฟล์ PDF นี้เสียหายหรือเปิดไม่ได้") from None
        finally:
            upload.seek(0)
        upload.name = with_extension(upload.name, "pdf")
        return
    try:
        validate_image_upload(upload)
    except ValidationError:
        raise ValidationError("ไฟล์นี้ไม่ใช่ PDF หรือรูปภาพ กรุณาเลือกไฟล์สแกนประกาศที่ลงนามแล้ว (PDF, PNG หรือ JPEG)") from None


class SignedScanForm(forms.Form):
    signed_scan = forms.FileField(label="สำเนาประกาศที่ลงนามแล้ว (PDF หรือรูปภาพ)", error_messages={"required": "กรุณาเลือกไฟล์"})

    def clean_signed_scan(self):
        """The upload, renamed to .pdf, .png, .jpg … by what its content is."""
        upload = self.cleaned_data["signed_scan"]
        validate_scan(upload)
        return upload


class EditionForm(forms.Form):
    kind = forms.ChoiceField(
        label="ฉบับ", choices=[(OperationalPlan.Edition.ADDITIONAL, "เพิ่มเติม"), (OperationalPlan.Edition.AMENDING, "แก้ไข")],
        error_messages={"required": "กรุณาเลือกฉบับ"},
    )  # fmt: skip
    ordinance = forms.ModelChoiceField(
        label="จากข้อบัญญัติงบประมาณเพิ่มเติม/จ่ายขาดเงินสะสม", queryset=BudgetOrdinance.objects.none(), required=False,
        help_text="เลือกเมื่อเพิ่มเติมตามงบประมาณที่ได้รับเพิ่ม: ระบบดึงรายการโครงการจากข้อบัญญัตินั้นให้",
    )  # fmt: skip

    def __init__(self, *args, plan: OperationalPlan, **kwargs):
        super().__init__(*args, **kwargs)
        words = plan.organisation.words
        self.fields["ordinance"].label = f"จาก{words.ordinance}งบประมาณเพิ่มเติม/จ่ายขาดเงินสะสม"
        self.fields["ordinance"].help_text = f"เลือกเมื่อเพิ่มเติมตามงบประมาณที่ได้รับเพิ่ม: ระบบดึงรายการโครงการจาก{words.ordinance}นั้นให้"
        self.fields["ordinance"].queryset = (
            BudgetOrdinance.objects.filter(organisation=plan.organisation_id, fiscal_year=plan.fiscal_year, enacted_on__isnull=False)
            .exclude(kind=BudgetOrdinance.Kind.MAIN)
            .select_related("organisation")
        )
        self.helper = _helper()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("ordinance") and cleaned.get("kind") != OperationalPlan.Edition.ADDITIONAL:
            self.add_error("ordinance", "งบประมาณที่ได้รับเพิ่มทำเป็นฉบับเพิ่มเติม")
        return cleaned
