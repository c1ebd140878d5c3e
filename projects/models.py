"""The projects and activities of an operational plan (ผด.02), and what is computed from them."""

from __future__ import annotations

import uuid

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from lib import thai
from plans.models import (
    BudgetLine,
    ExpenseCategory,
    Guideline,
    OperationalPlan,
    OrganisationQuerySet,
    PlanProject,
    Programme,
    Strategy,
    Unit,
    Versioned,
    Village,
)


class FrozenPlan(Exception):
    """The plan is submitted, approved or announced: its activities no longer change."""


class ActivityQuerySet(OrganisationQuerySet):
    def own(self):
        return self.filter(other_agency="")

    def by_other_agencies(self):
        return self.exclude(other_agency="")

    def projects(self):
        """The organisation's own projects/activities (ผด.02), not equipment nor other agencies'."""
        return self.filter(other_agency="", is_equipment=False)

    def equipment(self):
        return self.filter(is_equipment=True)

    def in_month(self, index: int):
        """Activities that run in fiscal month `index` (0 = ต.ค. … 11 = ก.ย.)."""
        bit = 1 << index
        return self.alias(month_bit=models.F("months").bitand(bit)).filter(month_bit=bit)

    def with_related(self):
        return self.select_related("strategy", "guideline", "programme", "unit", "category").prefetch_related("villages")


class Activity(Versioned):
    """One row of the operational plan: a project/activity, an equipment purchase or another agency's project.

    `key` is the activity's identity across editions: an amending edition copies the row with the
    same key, so amendments can be compared and progress follows the activity.
    """

    plan = models.ForeignKey(OperationalPlan, on_delete=models.CASCADE, related_name="activities", verbose_name="แผนการดำเนินงาน")
    key = models.UUIDField("รหัสอ้างอิงโครงการ", default=uuid.uuid4, editable=False)
    order = models.PositiveIntegerField("ลำดับ", default=0)
    strategy = models.ForeignKey(Strategy, on_delete=models.PROTECT, related_name="activities", verbose_name="ยุทธศาสตร์")
    guideline = models.ForeignKey(
        Guideline, on_delete=models.PROTECT, null=True, blank=True, related_name="activities", verbose_name="แนวทางการพัฒนา"
    )
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="activities", verbose_name="แผนงาน")
    name = models.CharField("โครงการ/กิจกรรม", max_length=400)
    details = models.TextField("รายละเอียดของกิจกรรมที่เกิดขึ้นจากโครงการ", blank=True)
    budget = models.DecimalField("งบประมาณ (บาท)", max_digits=15, decimal_places=2)
    location = models.CharField("สถานที่ดำเนินการ", max_length=300, blank=True)
    villages = models.ManyToManyField(Village, blank=True, related_name="activities", verbose_name="หมู่บ้านที่ดำเนินการ")
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="activities", verbose_name="หน่วยงานรับผิดชอบหลัก"
    )
    months = models.PositiveSmallIntegerField("ระยะเวลาดำเนินการ", default=0, help_text="เดือนในปีงบประมาณที่ดำเนินการ (ต.ค. ถึง ก.ย.)")
    other_agency = models.CharField(
        "หน่วยงานอื่นที่ดำเนินการ", max_length=200, blank=True, help_text="กรอกเฉพาะโครงการของหน่วยงานอื่นที่เข้ามาดำเนินการในพื้นที่"
    )
    is_equipment = models.BooleanField("เป็นการจัดซื้อครุภัณฑ์", default=False, help_text="ครุภัณฑ์ที่ไม่ได้อยู่ในโครงการ แสดงใน ผด.02/1")
    category = models.ForeignKey(
        ExpenseCategory, on_delete=models.PROTECT, null=True, blank=True, related_name="activities", verbose_name="หมวด"
    )
    item_type = models.CharField("ประเภท", max_length=200, blank=True, help_text="สำหรับครุภัณฑ์ เช่น ครุภัณฑ์สำนักงาน")
    budget_line = models.ForeignKey(
        BudgetLine, on_delete=models.SET_NULL, null=True, blank=True, related_name="activities", verbose_name="รายการในข้อบัญญัติ"
    )
    plan_project = models.ForeignKey(
        PlanProject, on_delete=models.SET_NULL, null=True, blank=True, related_name="activities", verbose_name="โครงการในแผนพัฒนา"
    )

    organisation_path = "plan__organisation"
    objects = ActivityQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[villages])

    class Meta:
        verbose_name = "โครงการ/กิจกรรม"
        verbose_name_plural = "โครงการ/กิจกรรม"
        ordering = ["plan", "strategy__number", "programme__code", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "key"], name="activity_unique_key_in_plan", violation_error_message="โครงการนี้อยู่ในแผนแล้ว"
            ),
            models.CheckConstraint(
                condition=Q(budget__gte=0), name="activity_budget_not_negative", violation_error_message="งบประมาณต้องไม่ติดลบ"
            ),
            models.CheckConstraint(
                condition=Q(months__gte=0, months__lte=thai.ALL_MONTHS_MASK),
                name="activity_months_in_fiscal_year",
                violation_error_message="เลือกได้เฉพาะเดือนในปีงบประมาณ (ต.ค. ถึง ก.ย.)",
            ),
            models.CheckConstraint(
                condition=Q(is_equipment=False) | Q(other_agency=""),
                name="activity_equipment_is_own",
                violation_error_message="ครุภัณฑ์ต้องเป็นของ อปท. เอง ไม่ใช่ของหน่วยงานอื่น",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("projects:activity_update", args=[self.pk])

    def _refuse_if_frozen(self) -> None:
        plan = OperationalPlan.objects.only("status").get(pk=self.plan_id)
        if not plan.is_editable:
            raise FrozenPlan(f"แผนนี้อยู่ในสถานะ “{plan.get_status_display()}” จึงแก้ไขโครงการ/กิจกรรมไม่ได้ ให้จัดทำฉบับแก้ไขหรือเพิ่มเติมแทน")

    def save(self, *args, **kwargs):
        self._refuse_if_frozen()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._refuse_if_frozen()
        return super().delete(*args, **kwargs)

    @property
    def month_indexes(self) -> list[int]:
        return thai.mask_to_months(self.months)

    @property
    def is_other_agency(self) -> bool:
        return bool(self.other_agency)

    def village_list(self) -> list[Village]:
        """Its villages: as the document loader attached them (one query for a whole plan), else
        as prefetched or queried."""
        attached = getattr(self, "_villages", None)
        return attached if attached is not None else list(self.villages.all())

    @property
    def place(self) -> str:
        """The place as printed: free text, then the villages it names."""
        villages = ", ".join(v.place_name for v in self.village_list())
        return ", ".join(part for part in (self.location, villages) if part)


class Progress(Versioned):
    """How an activity is going: kept by its lasting key, so it follows the activity from edition to edition.

    Progress is not plan data: it is recorded while the plan is frozen, all through the year.
    """

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "ยังไม่ดำเนินการ"
        IN_PROGRESS = "in_progress", "อยู่ระหว่างดำเนินการ"
        COMPLETED = "completed", "ดำเนินการแล้วเสร็จ"
        DELAYED = "delayed", "ล่าช้า"
        CANCELLED = "cancelled", "ยกเลิก"

    organisation = models.ForeignKey("plans.Organisation", on_delete=models.CASCADE, related_name="progress", verbose_name="อปท.")
    fiscal_year = models.PositiveSmallIntegerField("ปีงบประมาณ (พ.ศ.)")
    key = models.UUIDField("รหัสอ้างอิงโครงการ")
    status = models.CharField("สถานะ", max_length=12, choices=Status.choices, default=Status.NOT_STARTED)
    actual_start = models.PositiveSmallIntegerField("เดือนที่เริ่มจริง", null=True, blank=True, choices=thai.fiscal_month_choices())
    actual_end = models.PositiveSmallIntegerField("เดือนที่เสร็จจริง", null=True, blank=True, choices=thai.fiscal_month_choices())
    contract_amount = models.DecimalField("วงเงินตามสัญญา (บาท)", max_digits=15, decimal_places=2, null=True, blank=True)
    disbursed = models.DecimalField("เบิกจ่ายแล้ว (บาท)", max_digits=15, decimal_places=2, null=True, blank=True)
    percent = models.PositiveSmallIntegerField("ความก้าวหน้า (ร้อยละ)", default=0)
    note = models.CharField("หมายเหตุ", max_length=500, blank=True)
    updated_at = models.DateTimeField("ปรับปรุงเมื่อ", auto_now=True)

    organisation_path = "organisation"
    history = HistoricalRecords()

    class Meta:
        verbose_name = "ความก้าวหน้าของโครงการ"
        verbose_name_plural = "ความก้าวหน้าของโครงการ"
        ordering = ["organisation", "fiscal_year", "key"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "fiscal_year", "key"],
                name="progress_one_per_activity",
                violation_error_message="โครงการนี้มีข้อมูลความก้าวหน้าแล้ว",
            ),  # fmt: skip
            models.CheckConstraint(
                condition=Q(percent__lte=100), name="progress_percent_to_100", violation_error_message="ความก้าวหน้าต้องไม่เกินร้อยละ ๑๐๐"
            ),  # fmt: skip
            models.CheckConstraint(
                condition=Q(contract_amount__gte=0) | Q(contract_amount__isnull=True),
                name="progress_contract_not_negative",
                violation_error_message="วงเงินตามสัญญาต้องไม่ติดลบ",
            ),  # fmt: skip
            models.CheckConstraint(
                condition=Q(disbursed__gte=0) | Q(disbursed__isnull=True),
                name="progress_disbursed_not_negative",
                violation_error_message="ยอดเบิกจ่ายต้องไม่ติดลบ",
            ),  # fmt: skip
            models.CheckConstraint(
                condition=Q(actual_start__isnull=True) | Q(actual_end__isnull=True) | Q(actual_end__gte=models.F("actual_start")),
                name="progress_end_after_start",
                violation_error_message="เดือนที่เสร็จต้องไม่ก่อนเดือนที่เริ่ม",
            ),  # fmt: skip
            models.CheckConstraint(
                condition=Q(actual_start__lte=11) | Q(actual_start__isnull=True),
                name="progress_start_in_year",
                violation_error_message="เดือนต้องอยู่ในปีงบประมาณ",
            ),  # fmt: skip
            models.CheckConstraint(
                condition=Q(actual_end__lte=11) | Q(actual_end__isnull=True),
                name="progress_end_in_year",
                violation_error_message="เดือนต้องอยู่ในปีงบประมาณ",
            ),  # fmt: skip
        ]

    def __str__(self) -> str:
        return f"{self.get_status_display()} {self.percent}%"


def progress_photo_upload(photo: ProgressPhoto, filename: str) -> str:
    return f"progress/{photo.progress.organisation.code}/{photo.progress.fiscal_year}/{filename}"


class ProgressPhoto(models.Model):
    progress = models.ForeignKey(Progress, on_delete=models.CASCADE, related_name="photos", verbose_name="ความก้าวหน้า")
    image = models.ImageField("รูปภาพ", upload_to=progress_photo_upload)
    caption = models.CharField("คำอธิบายภาพ", max_length=200, blank=True)
    uploaded_at = models.DateTimeField("อัปโหลดเมื่อ", auto_now_add=True)

    organisation_path = "progress__organisation"
    objects = OrganisationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "ภาพความก้าวหน้า"
        verbose_name_plural = "ภาพความก้าวหน้า"
        ordering = ["progress", "uploaded_at"]

    def __str__(self) -> str:
        return self.caption or self.image.name


class EditionSnapshot(models.Model):
    """What an announced edition says, as it was printed the moment it was announced.

    An announced edition is a legal document: its page, exports and PDF never change, whatever later
    happens to the strategies, units, villages or organisation it names (projects/snapshot.py writes
    and reads `content`). Written once, in the transaction that announces the plan; never edited.
    """

    plan = models.OneToOneField(OperationalPlan, on_delete=models.CASCADE, related_name="snapshot", verbose_name="แผนการดำเนินงาน")
    content = models.JSONField("เนื้อหาฉบับประกาศ", encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField("บันทึกเมื่อ", auto_now_add=True)

    organisation_path = "plan__organisation"
    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = "เนื้อหาแผนฉบับประกาศ"
        verbose_name_plural = "เนื้อหาแผนฉบับประกาศ"
        ordering = ["plan"]

    def __str__(self) -> str:
        return f"ฉบับประกาศของ {self.plan}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise FrozenPlan("เนื้อหาแผนฉบับที่ประกาศใช้แล้วแก้ไขไม่ได้")
        super().save(*args, **kwargs)
