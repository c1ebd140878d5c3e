"""Approval and announcement of operational plans: what the executive decided, signed and posted."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from lib import thai
from plans.models import OperationalPlan, Organisation, OrganisationQuerySet, Versioned


class Review(models.Model):
    """One step of a plan through approval: submitted, returned (with the executive's comment), approved, announced."""

    class Action(models.TextChoices):
        SUBMIT = "submit", "เสนอผู้บริหาร"
        RETURN = "return", "ส่งกลับให้แก้ไข"
        APPROVE = "approve", "เห็นชอบ"
        ANNOUNCE = "announce", "ลงนามประกาศใช้"

    plan = models.ForeignKey(OperationalPlan, on_delete=models.CASCADE, related_name="reviews", verbose_name="แผนการดำเนินงาน")
    action = models.CharField("การดำเนินการ", max_length=10, choices=Action.choices)
    from_status = models.CharField("สถานะเดิม", max_length=10, choices=OperationalPlan.Status.choices)
    to_status = models.CharField("สถานะใหม่", max_length=10, choices=OperationalPlan.Status.choices)
    comment = models.TextField("ความเห็น", blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reviews", verbose_name="ผู้ดำเนินการ")
    at = models.DateTimeField("เมื่อ", auto_now_add=True)

    organisation_path = "plan__organisation"
    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = "การพิจารณาแผน"
        verbose_name_plural = "การพิจารณาแผน"
        ordering = ["plan", "at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(action="return") | ~Q(comment=""),
                name="review_return_has_comment",
                violation_error_message="การส่งกลับต้องมีความเห็นประกอบ",
            )  # fmt: skip
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.plan}"


def announcement_upload(announcement: Announcement, filename: str) -> str:
    return f"announcements/{announcement.organisation.code}/{announcement.fiscal_year}/{filename}"


class AnnouncementQuerySet(OrganisationQuerySet):
    def evaluations(self):
        return self.filter(kind=Announcement.Kind.EVALUATION)

    def six_month_reports(self):
        return self.filter(kind=Announcement.Kind.SIX_MONTH)

    def reports(self):
        """The monitoring reports: six-month and year-end."""
        return self.filter(kind__in=(Announcement.Kind.SIX_MONTH, Announcement.Kind.EVALUATION))


class Announcement(Versioned):
    """An announcement (ประกาศ) as signed on the day: text, signer, posting period, files.

    Of a plan (ประกาศใช้แผนการดำเนินงาน); or of a fiscal year's six-month monitoring report (รายงานการ
    กำกับติดตามการดำเนินงานประจำปี รอบ ๖ เดือน) or year-end evaluation (ประกาศผลการติดตามและประเมินผล
    แผนพัฒนาท้องถิ่น), which have no plan of their own.
    """

    class Kind(models.TextChoices):
        PLAN = "plan", "ประกาศใช้แผนการดำเนินงาน"
        SIX_MONTH = "six_month", "ประกาศรายงานการกำกับติดตามการดำเนินงาน รอบ ๖ เดือน"
        EVALUATION = "evaluation", "ประกาศผลการติดตามและประเมินผล"

    class Acting(models.TextChoices):
        SELF = "", "ผู้บริหารท้องถิ่นลงนามเอง"
        ON_BEHALF = "ปฏิบัติราชการแทน", "ปฏิบัติราชการแทน"
        ACTING = "รักษาราชการแทน", "รักษาราชการแทน"

    MIN_POSTING_DAYS = 30  # ข้อ 26 (2): posted for at least thirty days
    POST_WITHIN_DAYS = 15  # ... within fifteen days of the announcement
    REPORT_WITHIN_DAYS = 15  # ข้อ 30 (5): the evaluation is announced within fifteen days of its presentation

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="announcements", verbose_name="อปท.")
    kind = models.CharField("ประเภท", max_length=12, choices=Kind.choices, default=Kind.PLAN)
    fiscal_year = models.PositiveSmallIntegerField("ปีงบประมาณ (พ.ศ.)")
    plan = models.OneToOneField(
        OperationalPlan, on_delete=models.PROTECT, null=True, blank=True, related_name="announcement", verbose_name="แผนการดำเนินงาน"
    )
    number = models.CharField("เลขที่ประกาศ", max_length=20, help_text="เช่น 12/2569")
    announced_on = models.DateField("วันที่ประกาศ")
    heading = models.CharField("เรื่อง", max_length=300)
    body = models.TextField("ข้อความประกาศ")
    signer_name = models.CharField("ชื่อผู้ลงนาม", max_length=200)
    signer_title = models.CharField("ตำแหน่งผู้ลงนาม", max_length=200)
    acting = models.CharField("การลงนามแทน", max_length=20, choices=Acting.choices, blank=True)
    acting_for = models.CharField("ลงนามแทนตำแหน่ง", max_length=200, blank=True, help_text="ตำแหน่งของผู้บริหารที่ลงนามแทน")
    presented_to_council_on = models.DateField(
        "วันที่เสนอต่อสภาท้องถิ่น", null=True, blank=True, help_text="ผลการติดตามและประเมินผล: วันที่ผู้บริหารเสนอต่อสภาท้องถิ่น (ข้อ ๓๐ (๕))"
    )
    presented_to_committee_on = models.DateField(
        "วันที่เสนอต่อคณะกรรมการพัฒนาท้องถิ่น", null=True, blank=True, help_text="ผลการติดตามและประเมินผล: วันที่ผู้บริหารเสนอต่อคณะกรรมการพัฒนาท้องถิ่น"
    )
    posted_on = models.DateField("วันที่ปิดประกาศ")
    posted_until = models.DateField("ปิดประกาศถึงวันที่")
    announced_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="บันทึกโดย")
    announced_at = models.DateTimeField("บันทึกเมื่อ", auto_now_add=True)
    pdf = models.FileField("ประกาศ (PDF)", upload_to=announcement_upload, blank=True)
    plan_pdf = models.FileField("เอกสารแนบท้ายประกาศ (PDF)", upload_to=announcement_upload, blank=True,
                                help_text="แผนฉบับประกาศ หรือรายงานผลการติดตามและประเมินผล พร้อมประกาศที่หน้าแรก")  # fmt: skip
    signed_scan = models.FileField(
        "สำเนาประกาศที่ลงนามแล้ว", upload_to=announcement_upload, blank=True, help_text="ไฟล์สแกน PDF, PNG หรือ JPEG ไม่เกิน 10 MB"
    )

    organisation_path = "organisation"
    objects = AnnouncementQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "ประกาศ"
        verbose_name_plural = "ประกาศ"
        ordering = ["organisation", "-announced_on", "-pk"]
        # The home page's latest announcements of the whole country.
        indexes = [models.Index(fields=["-announced_on", "-id"], name="announcement_latest")]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "number"], name="announcement_unique_number", violation_error_message="มีประกาศเลขที่นี้แล้ว"
            ),  # fmt: skip
            models.CheckConstraint(
                condition=Q(posted_until__gte=models.F("posted_on") + dt.timedelta(days=30)),
                name="announcement_posted_thirty_days",
                violation_error_message="ต้องปิดประกาศไว้อย่างน้อย ๓๐ วัน",
            ),  # fmt: skip
            models.CheckConstraint(
                condition=Q(posted_on__gte=models.F("announced_on")),
                name="announcement_posted_after_announced",
                violation_error_message="วันที่ปิดประกาศต้องไม่ก่อนวันที่ประกาศ",
            ),  # fmt: skip
        ]

    def __str__(self) -> str:
        return f"ประกาศ{self.organisation} {self.heading}"

    @property
    def is_report(self) -> bool:
        return self.kind in (self.Kind.SIX_MONTH, self.Kind.EVALUATION)

    @property
    def slug(self) -> str:
        """Its place in file names: "2570-original", "2569-six-month", "2569-evaluation"."""
        if self.plan_id:
            return f"{self.fiscal_year}-{self.plan.edition_slug}"
        return f"{self.fiscal_year}-{'six-month' if self.kind == self.Kind.SIX_MONTH else 'evaluation'}"

    @property
    def signature_lines(self) -> list[str]:
        """The lines under the signature: name, then title; or the acting signer's title, the capacity and for whom."""
        lines = [f"({self.signer_name})", self.signer_title]
        if self.acting:
            lines += [self.acting, self.acting_for]
        return lines


def evaluation_due_on(fiscal_year: int, council_on: dt.date | None, committee_on: dt.date | None) -> dt.date:
    """The last day to announce the year-end evaluation (ข้อ ๓๐ (๕) as amended in 2561): fifteen days
    after the executive has presented it to both the council and the development committee (the
    later of the two dates), and within December of the year the fiscal year ends in whatever happens."""
    december = dt.date(thai.ce_year(fiscal_year), 12, 31)
    presented = [day for day in (council_on, committee_on) if day]
    if not presented:
        return december
    return min(max(presented) + dt.timedelta(days=Announcement.REPORT_WITHIN_DAYS), december)


def due_warning(due: dt.date, today: dt.date, soon_days: int = 5) -> tuple[str, str]:
    """('…', 'ok' | 'soon' | 'late') for the announce page."""
    due_text = thai.format_date(due, thai.ARABIC)
    days = (due - today).days
    if days < 0:
        return f"เลยกำหนดประกาศผลมาแล้ว {-days} วัน (ครบกำหนด {due_text}) ให้ประกาศโดยเร็ว", "late"
    if days == 0:
        return f"ครบกำหนดประกาศผลวันนี้ ({due_text})", "soon"
    return f"ต้องประกาศผลภายใน {due_text} (อีก {days} วัน)", "soon" if days <= soon_days else "ok"
