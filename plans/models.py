"""Organisations, their people and the planning data that the operational plan is drawn from."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

from django.contrib.auth.models import AbstractUser
from django.db import models, transaction
from django.db.models import Q, Sum
from django.urls import reverse
from simple_history.models import HistoricalRecords

from lib import thai
from plans import words as vocabulary

MAX_AMOUNT = Decimal("9999999999.99")  # ten billion baht: more than any one line of any อปท. budget


class StaleEdit(Exception):
    """Someone else saved the record after this edit started."""


class OrganisationQuerySet(models.QuerySet):
    def for_organisation(self, organisation: Organisation):
        return self.filter(**{self.model.organisation_path: organisation.pk})


class Versioned(models.Model):
    """A record of plan data: its history is kept, and saving a form checks nobody saved in between.

    Subclasses name `organisation_path`, the lookup from the record to its organisation, which
    `for_organisation()` and every staff view use to keep organisations apart, and declare
    `history = HistoricalRecords()` (a test checks that every one does).
    """

    version = models.PositiveIntegerField(default=1, editable=False)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        abstract = True

    def save_checked(self, expected_version: int) -> None:
        """Save only if the stored version is still `expected_version`; raise StaleEdit otherwise.

        The conditional UPDATE takes the row lock, so of two concurrent saves exactly one wins.
        """
        with transaction.atomic():
            bumped = type(self).objects.filter(pk=self.pk, version=expected_version).update(version=models.F("version") + 1)
            if not bumped:
                raise StaleEdit
            self.version = expected_version + 1
            self.save()


# --- organisations --------------------------------------------------------------------------------


class Organisation(Versioned):
    class Kind(models.TextChoices):
        SAO = "sao", "องค์การบริหารส่วนตำบล (อบต.)"
        TAMBON = "tambon", "เทศบาลตำบล"
        TOWN = "town", "เทศบาลเมือง"
        CITY = "city", "เทศบาลนคร"
        PAO = "pao", "องค์การบริหารส่วนจังหวัด (อบจ.)"
        PATTAYA = "pattaya", "เมืองพัทยา"

    code = models.CharField("รหัส อปท.", max_length=7, unique=True, help_text="รหัส ๗ หลักที่กรมส่งเสริมการปกครองท้องถิ่นกำหนด")
    kind = models.CharField("ประเภท อปท.", max_length=10, choices=Kind.choices)
    name = models.CharField("ชื่อ", max_length=100, help_text="ชื่อท้องถิ่นโดยไม่มีคำนำหน้า เช่น “หนองบัว” (ระบบเติมคำนำหน้าตามประเภท อปท. ให้เอง)")
    district = models.CharField("อำเภอ", max_length=100)
    province = models.CharField("จังหวัด", max_length=100)
    executive_name = models.CharField("ชื่อผู้บริหารท้องถิ่น", max_length=200, blank=True)
    executive_title = models.CharField("ตำแหน่งผู้บริหาร", max_length=200, blank=True, help_text="เว้นว่างไว้เพื่อใช้ตำแหน่งตามประเภท อปท.")
    emblem = models.ImageField("ตราสัญลักษณ์", upload_to="emblems/", blank=True, help_text="ตราของ อปท. หรือตราครุฑ (PNG หรือ JPEG ไม่เกิน 2 MB)")
    digit_style = models.CharField("รูปแบบตัวเลขในเอกสาร", max_length=10, choices=thai.DIGIT_STYLES, default=thai.THAI)
    locality = models.CharField(
        "พื้นที่ย่อยเรียกว่า",
        max_length=10,
        choices=vocabulary.LOCALITY_CHOICES,
        blank=True,
        help_text="ตามประเภท อปท.: เทศบาลนครและเทศบาลเมืองเรียกชุมชน อปท. อื่นเรียกหมู่บ้าน (หมู่ที่)",
    )
    organisation_path = "pk"
    history = HistoricalRecords()

    class Meta:
        verbose_name = "องค์กรปกครองส่วนท้องถิ่น"
        verbose_name_plural = "องค์กรปกครองส่วนท้องถิ่น"
        ordering = ["province", "district", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[0-9]{7}$"),
                name="organisation_code_7_digits",
                violation_error_message="รหัส อปท. ต้องเป็นตัวเลข ๗ หลัก",
            )
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def words(self) -> vocabulary.Words:
        """What this organisation calls its ordinance, its areas, its executive and its council (plans/words.py)."""
        return vocabulary.Words.of(self.kind, self.name, self.locality)

    @property
    def full_name(self) -> str:
        return self.words.full_name

    @property
    def default_executive_title(self) -> str:
        return self.words.executive_title

    @property
    def signing_title(self) -> str:
        return self.executive_title or self.default_executive_title

    @property
    def ordinance_word(self) -> str:
        """อบต. and อบจ. enact a ข้อบัญญัติ, เทศบาล a เทศบัญญัติ, เมืองพัทยา a ข้อบัญญัติเมืองพัทยา."""
        return self.words.ordinance


class Unit(Versioned):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="units", verbose_name="อปท.")
    name = models.CharField("ชื่อหน่วยงาน", max_length=150, help_text="เช่น สำนักปลัด กองคลัง กองช่าง")
    order = models.PositiveSmallIntegerField("ลำดับ", default=0)
    organisation_path = "organisation"
    history = HistoricalRecords()

    class Meta:
        verbose_name = "หน่วยงาน (กอง/สำนัก)"
        verbose_name_plural = "หน่วยงาน (กอง/สำนัก)"
        ordering = ["organisation", "order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="unit_unique_name", violation_error_message="มีหน่วยงานชื่อนี้อยู่แล้ว")
        ]

    def __str__(self) -> str:
        return self.name


class Village(Versioned):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="villages", verbose_name="อปท.")
    number = models.PositiveSmallIntegerField("หมู่ที่")
    name = models.CharField("ชื่อหมู่บ้าน", max_length=150)
    organisation_path = "organisation"
    history = HistoricalRecords()

    class Meta:
        verbose_name = "หมู่บ้าน"
        verbose_name_plural = "หมู่บ้าน"
        ordering = ["organisation", "number"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "number"], name="village_unique_number", violation_error_message="มีหมู่ที่นี้อยู่แล้ว"),
            models.CheckConstraint(
                condition=Q(number__gte=1), name="village_number_positive", violation_error_message="หมู่ที่ต้องเป็นเลขตั้งแต่ ๑ ขึ้นไป"
            ),
        ]

    def __str__(self) -> str:
        return self.organisation.words.places.label(self.number, self.name)

    @property
    def place_name(self) -> str:
        """As printed among an activity's places: "หมู่ที่ 3", or a community by its name (load its organisation with it)."""
        return self.organisation.words.places.place(self.number, self.name)


class User(AbstractUser):
    class Role(models.TextChoices):
        STAFF = "staff", "เจ้าหน้าที่ฝ่ายแผน"
        EXECUTIVE = "executive", "ผู้บริหารท้องถิ่น"
        ADMIN = "admin", "ผู้ดูแลระบบของ อปท."

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="users", verbose_name="อปท."
    )
    role = models.CharField("บทบาท", max_length=10, choices=Role.choices, blank=True)

    class Meta:
        verbose_name = "ผู้ใช้"
        verbose_name_plural = "ผู้ใช้"
        ordering = ["organisation", "username"]
        constraints = [
            # A member of an organisation always has a role; system administrators have neither.
            models.CheckConstraint(
                condition=Q(organisation__isnull=True, role="") | (Q(organisation__isnull=False) & ~Q(role="")),
                name="user_role_with_organisation",
                violation_error_message="ผู้ใช้ของ อปท. ต้องมีบทบาท",
            )
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def can_edit_data(self) -> bool:
        return self.role in (self.Role.STAFF, self.Role.ADMIN)

    @property
    def is_org_admin(self) -> bool:
        return self.role == self.Role.ADMIN

    @property
    def is_executive(self) -> bool:
        return self.role == self.Role.EXECUTIVE

    def save(self, *args, **kwargs):
        """Every change of a member's role or organisation is kept in RoleChange (who, when, from → to)."""
        update_fields = kwargs.get("update_fields")
        watched = update_fields is None or {"role", "organisation"} & set(update_fields)
        before = None
        if watched and not self._state.adding:
            before = User.objects.filter(pk=self.pk).values_list("role", "organisation_id").first()
        super().save(*args, **kwargs)
        if watched and (before or ("", None)) != (self.role, self.organisation_id):
            RoleChange.objects.create(
                user=self,
                organisation_id=self.organisation_id or (before[1] if before else None),
                from_role=before[0] if before else "",
                to_role=self.role,
                changed_by=getattr(self, "role_changed_by", None) or acting_user(),
            )


def acting_user() -> User | None:
    """The logged-in user of the request being served (simple-history's middleware keeps it), if any:
    None for a manage.py command."""
    request = getattr(HistoricalRecords.thread, "request", None)
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


class RoleChange(models.Model):
    """One change of a user's role: approval roles are granted only by the system administrator, and
    the organisation's administrator can read every change."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_changes", verbose_name="ผู้ใช้")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="role_changes", verbose_name="อปท."
    )
    from_role = models.CharField("บทบาทเดิม", max_length=10, choices=User.Role.choices, blank=True)
    to_role = models.CharField("บทบาทใหม่", max_length=10, choices=User.Role.choices, blank=True)
    changed_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="ผู้เปลี่ยน",
        help_text="ว่าง: ผู้ดูแลระบบเปลี่ยนด้วยคำสั่ง manage.py",
    )  # fmt: skip
    changed_at = models.DateTimeField("เมื่อ", auto_now_add=True)

    class Meta:
        verbose_name = "การเปลี่ยนบทบาท"
        verbose_name_plural = "ประวัติการเปลี่ยนบทบาท"
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.user.username}: {self.get_from_role_display() or '—'} → {self.get_to_role_display() or '—'}"


# --- reference data (loaded by migration 0002) -----------------------------------------------------


class CodeManager(models.Manager):
    """Reference data is the same in every database but its primary keys are not: its code names it (natural key)."""

    def get_by_natural_key(self, code: str):
        return self.get(code=code)


class Sector(models.Model):
    code = models.CharField("รหัส", max_length=5, unique=True)
    name = models.CharField("ด้าน", max_length=100)

    objects = CodeManager()

    class Meta:
        verbose_name = "ด้าน"
        verbose_name_plural = "ด้าน"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def natural_key(self) -> tuple[str]:
        return (self.code,)


class Programme(models.Model):
    """แผนงาน: the 12 standard programmes of the local budget classification."""

    code = models.CharField("รหัส", max_length=5, unique=True)
    sector = models.ForeignKey(Sector, on_delete=models.PROTECT, related_name="programmes", verbose_name="ด้าน")
    name = models.CharField("แผนงาน", max_length=100, unique=True)

    objects = CodeManager()

    class Meta:
        verbose_name = "แผนงาน"
        verbose_name_plural = "แผนงาน"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def natural_key(self) -> tuple[str]:
        return (self.code,)


class ExpenseGroup(models.Model):
    """งบ: งบกลาง, งบบุคลากร, งบดำเนินงาน, งบลงทุน, งบเงินอุดหนุน, งบรายจ่ายอื่น."""

    code = models.CharField("รหัส", max_length=3, unique=True)
    name = models.CharField("งบ", max_length=100, unique=True)

    objects = CodeManager()

    class Meta:
        verbose_name = "งบ"
        verbose_name_plural = "งบ"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def natural_key(self) -> tuple[str]:
        return (self.code,)


class ExpenseCategory(models.Model):
    """หมวด within a งบ, with what its lines become when the operational plan is drafted."""

    class Drafting(models.TextChoices):
        ACTIVITY = "activity", "เป็นโครงการ/กิจกรรม"
        PROJECT_ITEMS = "project_items", "เฉพาะรายการที่เป็นโครงการ"
        EQUIPMENT = "equipment", "เป็นครุภัณฑ์ (ผด.02/1)"
        NONE = "none", "ไม่นำเข้าแผนการดำเนินงาน"

    code = models.CharField("รหัส", max_length=5, unique=True)
    group = models.ForeignKey(ExpenseGroup, on_delete=models.PROTECT, related_name="categories", verbose_name="งบ")
    name = models.CharField("หมวด", max_length=100)
    drafting = models.CharField("เมื่อจัดทำแผนการดำเนินงาน", max_length=15, choices=Drafting.choices)

    objects = CodeManager()

    class Meta:
        verbose_name = "หมวดรายจ่าย"
        verbose_name_plural = "หมวดรายจ่าย"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def natural_key(self) -> tuple[str]:
        return (self.code,)


# --- strategies -----------------------------------------------------------------------------------


class StrategicPlan(Versioned):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="strategic_plans", verbose_name="อปท.")
    title = models.CharField("ชื่อแผน", max_length=200, default="แผนยุทธศาสตร์การพัฒนา")
    first_year = models.PositiveSmallIntegerField("ตั้งแต่ปี พ.ศ.")
    last_year = models.PositiveSmallIntegerField("ถึงปี พ.ศ.")
    vision = models.TextField("วิสัยทัศน์", blank=True)
    missions = models.TextField("พันธกิจ", blank=True, help_text="บรรทัดละหนึ่งข้อ")
    goals = models.TextField("เป้าประสงค์", blank=True, help_text="บรรทัดละหนึ่งข้อ")

    organisation_path = "organisation"
    history = HistoricalRecords()

    class Meta:
        verbose_name = "แผนยุทธศาสตร์การพัฒนา"
        verbose_name_plural = "แผนยุทธศาสตร์การพัฒนา"
        ordering = ["organisation", "-first_year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(last_year__gte=models.F("first_year")),
                name="strategic_plan_period_order",
                violation_error_message="ปีสิ้นสุดต้องไม่ก่อนปีเริ่มต้น",
            ),
            models.CheckConstraint(
                condition=Q(first_year__gte=2500, last_year__lte=2700),
                name="strategic_plan_years_be",
                violation_error_message="กรุณากรอกปีเป็นพุทธศักราช เช่น 2566",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} (พ.ศ. {self.first_year}–{self.last_year})"

    def get_absolute_url(self) -> str:
        return reverse("plans:strategy_list", args=[self.pk])

    def covers(self, fiscal_year: int) -> bool:
        return self.first_year <= fiscal_year <= self.last_year


class Strategy(Versioned):
    strategic_plan = models.ForeignKey(StrategicPlan, on_delete=models.PROTECT, related_name="strategies", verbose_name="แผนยุทธศาสตร์")
    number = models.PositiveSmallIntegerField("ยุทธศาสตร์ที่")
    name = models.CharField("ชื่อยุทธศาสตร์", max_length=300)

    organisation_path = "strategic_plan__organisation"
    history = HistoricalRecords()

    class Meta:
        verbose_name = "ยุทธศาสตร์"
        verbose_name_plural = "ยุทธศาสตร์"
        ordering = ["strategic_plan", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["strategic_plan", "number"],
                name="strategy_unique_number",
                violation_error_message="มียุทธศาสตร์ลำดับนี้ในแผนยุทธศาสตร์นี้อยู่แล้ว",
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1), name="strategy_number_positive", violation_error_message="ลำดับยุทธศาสตร์ต้องเริ่มที่ ๑"
            ),
        ]

    def __str__(self) -> str:
        return f"ยุทธศาสตร์ที่ {self.number} {self.name}"


class Guideline(Versioned):
    strategy = models.ForeignKey(Strategy, on_delete=models.PROTECT, related_name="guidelines", verbose_name="ยุทธศาสตร์")
    number = models.PositiveSmallIntegerField("แนวทางที่")
    name = models.CharField("แนวทางการพัฒนา", max_length=300)

    organisation_path = "strategy__strategic_plan__organisation"
    history = HistoricalRecords()

    class Meta:
        verbose_name = "แนวทางการพัฒนา"
        verbose_name_plural = "แนวทางการพัฒนา"
        ordering = ["strategy", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["strategy", "number"], name="guideline_unique_number", violation_error_message="มีแนวทางการพัฒนาลำดับนี้ในยุทธศาสตร์นี้อยู่แล้ว"
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1), name="guideline_number_positive", violation_error_message="ลำดับแนวทางต้องเริ่มที่ ๑"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.strategy.number}.{self.number} {self.name}"


# --- the multi-year development plan --------------------------------------------------------------


class DevelopmentPlan(Versioned):
    LABELS = {3: "แผนพัฒนาสามปี", 4: "แผนพัฒนาสี่ปี", 5: "แผนพัฒนาท้องถิ่น"}

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="development_plans", verbose_name="อปท.")
    strategic_plan = models.ForeignKey(
        StrategicPlan, on_delete=models.PROTECT, related_name="development_plans", verbose_name="ตามแผนยุทธศาสตร์"
    )
    first_year = models.PositiveSmallIntegerField("ปีงบประมาณแรก (พ.ศ.)")
    length = models.PositiveSmallIntegerField(
        "ระยะเวลา (ปี)",
        choices=[(3, "๓ ปี (แผนพัฒนาสามปี)"), (4, "๔ ปี (แผนพัฒนาสี่ปี, ฉบับแก้ไข ๒๕๕๙)"), (5, "๕ ปี (แผนพัฒนาท้องถิ่น, ฉบับแก้ไข ๒๕๖๑)")],
        default=5,
    )
    approved_on = models.DateField("วันที่อนุมัติ/ประกาศใช้", null=True, blank=True)

    organisation_path = "organisation"
    history = HistoricalRecords()

    class Meta:
        verbose_name = "แผนพัฒนา"
        verbose_name_plural = "แผนพัฒนา"
        ordering = ["organisation", "-first_year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(length__in=[3, 4, 5]),
                name="development_plan_length_3_to_5",
                violation_error_message="แผนพัฒนามีระยะเวลา ๓, ๔ หรือ ๕ ปี",
            ),
            models.CheckConstraint(
                condition=Q(first_year__gte=2500, first_year__lte=2700),
                name="development_plan_year_be",
                violation_error_message="กรุณากรอกปีเป็นพุทธศักราช เช่น 2566",
            ),
            models.UniqueConstraint(
                fields=["organisation", "first_year", "length"],
                name="development_plan_unique_period",
                violation_error_message="มีแผนพัฒนาช่วงปีนี้อยู่แล้ว",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind_label} (พ.ศ. {self.first_year}–{self.last_year})"

    def get_absolute_url(self) -> str:
        return reverse("plans:planproject_list", args=[self.pk])

    @property
    def kind_label(self) -> str:
        return self.LABELS.get(self.length, "แผนพัฒนา")

    @property
    def last_year(self) -> int:
        return self.first_year + self.length - 1

    @property
    def years(self) -> list[int]:
        return list(range(self.first_year, self.last_year + 1))

    def covers(self, fiscal_year: int) -> bool:
        return self.first_year <= fiscal_year <= self.last_year


class PlanAmendment(Versioned):
    """An approved addition to or change of the development plan (เพิ่มเติม/เปลี่ยนแปลง ฉบับที่ k)."""

    class Kind(models.TextChoices):
        ADDITION = "addition", "เพิ่มเติม"
        CHANGE = "change", "เปลี่ยนแปลง"

    development_plan = models.ForeignKey(DevelopmentPlan, on_delete=models.PROTECT, related_name="amendments", verbose_name="แผนพัฒนา")
    kind = models.CharField("ประเภท", max_length=10, choices=Kind.choices, default=Kind.ADDITION)
    number = models.PositiveSmallIntegerField("ฉบับที่")
    approved_on = models.DateField("วันที่อนุมัติ/ประกาศใช้", null=True, blank=True)

    organisation_path = "development_plan__organisation"
    history = HistoricalRecords()

    class Meta:
        verbose_name = "การเพิ่มเติม/เปลี่ยนแปลงแผนพัฒนา"
        verbose_name_plural = "การเพิ่มเติม/เปลี่ยนแปลงแผนพัฒนา"
        ordering = ["development_plan", "kind", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["development_plan", "kind", "number"],
                name="plan_amendment_unique_number",
                violation_error_message="มีการเพิ่มเติม/เปลี่ยนแปลงฉบับที่นี้อยู่แล้ว",
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1), name="plan_amendment_number_positive", violation_error_message="ฉบับที่ต้องเริ่มที่ ๑"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.development_plan.kind_label} {self.get_kind_display()} ฉบับที่ {self.number}"


class PlanProjectQuerySet(OrganisationQuerySet):
    def budgeted_in(self, fiscal_year: int):
        return self.filter(budgets__fiscal_year=fiscal_year, budgets__amount__gt=0)


class PlanProject(Versioned):
    """A project of the development plan (the ผ.02 form), with a budget for each year of the plan."""

    development_plan = models.ForeignKey(DevelopmentPlan, on_delete=models.PROTECT, related_name="projects", verbose_name="แผนพัฒนา")
    number = models.PositiveIntegerField("ลำดับ", default=0)
    strategy = models.ForeignKey(Strategy, on_delete=models.PROTECT, related_name="plan_projects", verbose_name="ยุทธศาสตร์")
    guideline = models.ForeignKey(
        Guideline, on_delete=models.PROTECT, null=True, blank=True, related_name="plan_projects", verbose_name="แนวทางการพัฒนา"
    )
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="plan_projects", verbose_name="แผนงาน")
    name = models.CharField("ชื่อโครงการ", max_length=300)
    objective = models.TextField("วัตถุประสงค์", blank=True)
    target = models.TextField("เป้าหมาย (ผลผลิตของโครงการ)", blank=True)
    kpi = models.CharField("ตัวชี้วัด (KPI)", max_length=300, blank=True)
    expected_result = models.TextField("ผลที่คาดว่าจะได้รับ", blank=True)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="plan_projects", verbose_name="หน่วยงานรับผิดชอบหลัก"
    )
    unit_detail = models.CharField(
        "ส่วนงานที่รับผิดชอบ", max_length=300, blank=True, help_text="เช่น ฝ่ายแบบแผนและก่อสร้าง (บรรทัดถัดจากชื่อหน่วยงานในแบบ ผ.02)"
    )
    amendment = models.ForeignKey(
        PlanAmendment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name="เพิ่มโดยการแก้ไขแผน",
        help_text="เว้นว่างถ้าโครงการอยู่ในแผนพัฒนาตั้งแต่แรก",
    )

    organisation_path = "development_plan__organisation"
    objects = PlanProjectQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "โครงการในแผนพัฒนา"
        verbose_name_plural = "โครงการในแผนพัฒนา"
        ordering = ["development_plan", "strategy__number", "number", "pk"]

    def __str__(self) -> str:
        return self.name

    def budget_for(self, fiscal_year: int) -> Decimal | None:
        for budget in self.budgets.all():
            if budget.fiscal_year == fiscal_year:
                return budget.amount
        return None


class PlanProjectBudget(Versioned):
    project = models.ForeignKey(PlanProject, on_delete=models.CASCADE, related_name="budgets", verbose_name="โครงการ")
    fiscal_year = models.PositiveSmallIntegerField("ปีงบประมาณ (พ.ศ.)")
    amount = models.DecimalField("งบประมาณ (บาท)", max_digits=15, decimal_places=2)
    source = models.CharField("ที่มาของงบประมาณ", max_length=150, blank=True, help_text="เช่น งบประมาณ อบต. เงินอุดหนุนเฉพาะกิจ")

    organisation_path = "project__development_plan__organisation"
    history = HistoricalRecords()

    class Meta:
        verbose_name = "งบประมาณรายปีของโครงการ"
        verbose_name_plural = "งบประมาณรายปีของโครงการ"
        ordering = ["project", "fiscal_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "fiscal_year"], name="plan_project_budget_unique_year", violation_error_message="มีงบประมาณของปีนี้อยู่แล้ว"
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="plan_project_budget_not_negative", violation_error_message="งบประมาณต้องไม่ติดลบ"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project} พ.ศ. {self.fiscal_year}: {self.amount}"


# --- the budget ordinance -------------------------------------------------------------------------


class BudgetOrdinance(Versioned):
    class Kind(models.TextChoices):
        MAIN = "main", "งบประมาณรายจ่ายประจำปี"
        ADDITIONAL = "additional", "งบประมาณรายจ่ายเพิ่มเติม"
        ACCUMULATED = "accumulated", "จ่ายขาดเงินสะสม"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="ordinances", verbose_name="อปท.")
    fiscal_year = models.PositiveSmallIntegerField("ปีงบประมาณ (พ.ศ.)")
    kind = models.CharField("ประเภท", max_length=12, choices=Kind.choices, default=Kind.MAIN)
    number = models.PositiveSmallIntegerField("ฉบับที่/ครั้งที่", default=1)
    enacted_on = models.DateField("วันที่ประกาศใช้", null=True, blank=True, help_text="เว้นว่างถ้ายังไม่ได้ประกาศใช้")

    organisation_path = "organisation"
    history = HistoricalRecords()

    class Meta:
        verbose_name = "ข้อบัญญัติงบประมาณ"
        verbose_name_plural = "ข้อบัญญัติงบประมาณ"
        ordering = ["organisation", "-fiscal_year", "kind", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "fiscal_year", "kind", "number"],
                name="ordinance_unique_number",
                violation_error_message="มีข้อบัญญัติประเภทและฉบับที่นี้ในปีงบประมาณนี้อยู่แล้ว",
            ),
            models.UniqueConstraint(
                fields=["organisation", "fiscal_year"],
                condition=Q(kind="main"),
                name="ordinance_one_main_per_year",
                violation_error_message="ปีงบประมาณนี้มีข้อบัญญัติงบประมาณรายจ่ายประจำปีอยู่แล้ว",
            ),
            models.CheckConstraint(
                condition=Q(fiscal_year__gte=2500, fiscal_year__lte=2700),
                name="ordinance_year_be",
                violation_error_message="กรุณากรอกปีงบประมาณเป็นพุทธศักราช เช่น 2570",
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="ordinance_number_positive", violation_error_message="ฉบับที่ต้องเริ่มที่ ๑"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("plans:budgetline_list", args=[self.pk])

    @property
    def title(self) -> str:
        words = self.organisation.words
        if self.kind == self.Kind.MAIN:
            return words.ordinance_on(f"งบประมาณรายจ่ายประจำปีงบประมาณ พ.ศ. {self.fiscal_year}")
        if self.kind == self.Kind.ADDITIONAL:
            return words.ordinance_on(f"งบประมาณรายจ่ายเพิ่มเติม (ฉบับที่ {self.number}) ประจำปีงบประมาณ พ.ศ. {self.fiscal_year}")
        return f"อนุมัติจ่ายขาดเงินสะสม ครั้งที่ {self.number}/{self.fiscal_year}"

    @property
    def is_enacted(self) -> bool:
        return self.enacted_on is not None

    def total(self) -> Decimal:
        return self.lines.aggregate(total=Sum("amount"))["total"] or Decimal("0")


class BudgetLine(Versioned):
    class Drafting(models.TextChoices):
        AUTO = "auto", "ตามหมวดรายจ่าย (ค่าเริ่มต้น)"
        ACTIVITY = "activity", "เป็นโครงการ/กิจกรรม"
        EQUIPMENT = "equipment", "เป็นครุภัณฑ์ (ผด.02/1)"
        SKIP = "skip", "ไม่นำเข้าแผนการดำเนินงาน"

    ordinance = models.ForeignKey(BudgetOrdinance, on_delete=models.CASCADE, related_name="lines", verbose_name="ข้อบัญญัติ")
    order = models.PositiveIntegerField("ลำดับ", default=0)
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="budget_lines", verbose_name="แผนงาน")
    work = models.CharField("งาน", max_length=150, help_text="เช่น งานบริหารทั่วไป งานก่อสร้างโครงสร้างพื้นฐาน")
    category = models.ForeignKey(ExpenseCategory, on_delete=models.PROTECT, related_name="budget_lines", verbose_name="หมวด")
    item_type = models.CharField("ประเภท", max_length=200, blank=True, help_text="เช่น ค่าก่อสร้างสิ่งสาธารณูปโภค ครุภัณฑ์สำนักงาน")
    item = models.CharField("รายการ/โครงการ", max_length=400)
    amount = models.DecimalField("จำนวนเงิน (บาท)", max_digits=15, decimal_places=2)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="budget_lines", verbose_name="หน่วยงานเจ้าของงบ"
    )
    plan_project = models.ForeignKey(
        PlanProject,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="budget_lines",
        verbose_name="โครงการในแผนพัฒนา",
        help_text="โครงการในแผนพัฒนาที่รายการนี้ตั้งงบประมาณไว้",
    )
    drafting = models.CharField("นำเข้าแผนการดำเนินงาน", max_length=10, choices=Drafting.choices, default=Drafting.AUTO)

    organisation_path = "ordinance__organisation"
    history = HistoricalRecords()

    class Meta:
        verbose_name = "รายการงบประมาณ"
        verbose_name_plural = "รายการงบประมาณ"
        ordering = ["ordinance", "programme__code", "order", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="budget_line_not_negative", violation_error_message="จำนวนเงินต้องไม่ติดลบ")
        ]

    def __str__(self) -> str:
        return self.item

    def drafting_role(self) -> str | None:
        """What this line becomes in the operational plan: "activity", "equipment" or None.

        Staff may override per line; otherwise its หมวด decides (ค่าใช้สอย: only project items,
        that is lines funding a development-plan project or named โครงการ…).
        """
        if self.drafting == self.Drafting.ACTIVITY:
            return "activity"
        if self.drafting == self.Drafting.EQUIPMENT:
            return "equipment"
        if self.drafting == self.Drafting.SKIP:
            return None
        rule = self.category.drafting
        if rule == ExpenseCategory.Drafting.ACTIVITY:
            return "activity"
        if rule == ExpenseCategory.Drafting.EQUIPMENT:
            return "equipment"
        if rule == ExpenseCategory.Drafting.PROJECT_ITEMS and (self.plan_project_id or self.item.strip().startswith("โครงการ")):
            return "activity"
        return None

    def get_drafting_role_display(self) -> str:
        return {"activity": "โครงการ/กิจกรรม", "equipment": "ครุภัณฑ์"}.get(self.drafting_role(), "ไม่นำเข้า")


# --- the operational plan record ------------------------------------------------------------------


class OperationalPlanQuerySet(OrganisationQuerySet):
    def announced(self):
        return self.filter(status="announced")

    def open_editions(self):
        """Editions on their way to announcement (one at a time per fiscal year)."""
        return self.exclude(status="announced")

    def in_force(self, organisation: Organisation, fiscal_year: int) -> OperationalPlan | None:
        """The announced edition that carries the consolidated plan of the year: the latest one."""
        return self.announced().filter(organisation=organisation, fiscal_year=fiscal_year).order_by("-pk").first()


class OperationalPlan(Versioned):
    class Edition(models.TextChoices):
        ORIGINAL = "original", "ฉบับประจำปี"
        ADDITIONAL = "additional", "เพิ่มเติม"
        AMENDING = "amending", "แก้ไข"

    class Status(models.TextChoices):
        DRAFT = "draft", "ร่าง"
        SUBMITTED = "submitted", "เสนอผู้บริหารแล้ว"
        RETURNED = "returned", "ส่งกลับให้แก้ไข"
        APPROVED = "approved", "ผู้บริหารเห็นชอบแล้ว"
        ANNOUNCED = "announced", "ประกาศใช้แล้ว"

    EDITABLE_STATUSES = (Status.DRAFT, Status.RETURNED)

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="operational_plans", verbose_name="อปท.")
    fiscal_year = models.PositiveSmallIntegerField("ปีงบประมาณ (พ.ศ.)")
    edition_kind = models.CharField("ฉบับ", max_length=10, choices=Edition.choices, default=Edition.ORIGINAL)
    edition_number = models.PositiveSmallIntegerField("ครั้งที่", default=0)
    status = models.CharField("สถานะ", max_length=10, choices=Status.choices, default=Status.DRAFT)
    strategic_plan = models.ForeignKey(
        StrategicPlan, on_delete=models.PROTECT, related_name="operational_plans", verbose_name="แผนยุทธศาสตร์ที่ใช้จัดกลุ่ม"
    )
    development_plan = models.ForeignKey(
        DevelopmentPlan, on_delete=models.PROTECT, null=True, blank=True, related_name="operational_plans", verbose_name="แผนพัฒนา"
    )
    ordinance = models.ForeignKey(
        BudgetOrdinance,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="operational_plans",
        verbose_name="ข้อบัญญัติงบประมาณ",
    )
    based_on = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="later_editions", verbose_name="ต่อจากฉบับ"
    )
    intro_nature = models.TextField("ลักษณะของแผนการดำเนินงาน", blank=True)
    intro_objectives = models.TextField("วัตถุประสงค์ของการจัดทำแผนการดำเนินงาน", blank=True)
    intro_steps = models.TextField("ขั้นตอนการจัดทำแผนการดำเนินงาน", blank=True)
    intro_benefits = models.TextField("ประโยชน์ของแผนการดำเนินงาน", blank=True)
    deadline_extended_to = models.DateField("ขยายกำหนดส่งถึง", null=True, blank=True, help_text="ผู้บริหารบันทึกเมื่อขยายระยะเวลาจัดทำแผนเกิน ๓๐ วัน")
    deadline_extension_reason = models.CharField("เหตุผลที่ขยายเวลา", max_length=300, blank=True)

    organisation_path = "organisation"
    objects = OperationalPlanQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "แผนการดำเนินงาน"
        verbose_name_plural = "แผนการดำเนินงาน"
        ordering = ["organisation", "-fiscal_year", "edition_kind", "-edition_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "fiscal_year", "edition_kind", "edition_number"],
                name="operational_plan_unique_edition",
                violation_error_message="มีแผนการดำเนินงานปีงบประมาณและฉบับนี้อยู่แล้ว",
            ),
            models.CheckConstraint(
                condition=(Q(edition_kind="original") & Q(edition_number=0)) | (~Q(edition_kind="original") & Q(edition_number__gte=1)),
                name="operational_plan_edition_number",
                violation_error_message="ฉบับประจำปีไม่มีครั้งที่ ส่วนฉบับเพิ่มเติม/แก้ไขต้องมีครั้งที่ตั้งแต่ ๑",
            ),
            models.CheckConstraint(
                condition=Q(fiscal_year__gte=2500, fiscal_year__lte=2700),
                name="operational_plan_year_be",
                violation_error_message="กรุณากรอกปีงบประมาณเป็นพุทธศักราช เช่น 2570",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def edition_label(self) -> str:
        """'' for the yearly plan, else 'เพิ่มเติม ครั้งที่ 1/2570' or 'แก้ไข ครั้งที่ 2/2570'."""
        if self.edition_kind == self.Edition.ORIGINAL:
            return ""
        return f"{self.get_edition_kind_display()} ครั้งที่ {self.edition_number}/{self.fiscal_year}"

    @property
    def title(self) -> str:
        title = f"แผนการดำเนินงาน ประจำปีงบประมาณ พ.ศ. {self.fiscal_year}"
        return f"{title} {self.edition_label}" if self.edition_label else title

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE_STATUSES

    @property
    def is_announced(self) -> bool:
        return self.status == self.Status.ANNOUNCED

    @property
    def is_edition(self) -> bool:
        return self.edition_kind != self.Edition.ORIGINAL

    @property
    def edition_slug(self) -> str:
        """ "original", "additional-1", "amending-2": the edition's place in the public addresses."""
        return "original" if not self.is_edition else f"{self.edition_kind}-{self.edition_number}"

    @property
    def period(self):
        return thai.fiscal_period(self.fiscal_year)

    DAYS_TO_PREPARE = 30  # ข้อ 27: within 30 days of the budget ordinance's enactment

    @property
    def due_on(self) -> dt.date | None:
        """The day the plan is due: 30 days counted from the day after the ordinance's enactment, or the extension."""
        if self.deadline_extended_to:
            return self.deadline_extended_to
        if self.ordinance_id and self.ordinance.enacted_on:
            return self.ordinance.enacted_on + dt.timedelta(days=self.DAYS_TO_PREPARE)
        return None

    def days_left(self, today: dt.date) -> int | None:
        """Days until the due date (negative: days late); None without an enacted ordinance."""
        due = self.due_on
        return None if due is None else (due - today).days


# --- imports ----------------------------------------------------------------------------------------


class NameMapping(Versioned):
    """A name as an organisation's files write it, and the record staff said it means.

    Chosen once at an import's mapping step, it maps the same name in every later file of the
    organisation ("แผนงานเคหะ" → แผนงานเคหะและชุมชน, "สำนักปลัดเทศบาล" → สำนักปลัด).
    """

    class Kind(models.TextChoices):
        STRATEGY = "strategy", "ยุทธศาสตร์"
        GUIDELINE = "guideline", "กลยุทธ์/แนวทางการพัฒนา"
        PROGRAMME = "programme", "แผนงาน"
        UNIT = "unit", "หน่วยงาน"
        VILLAGE = "village", "หมู่บ้าน"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="name_mappings", verbose_name="อปท.")
    kind = models.CharField("ประเภท", max_length=10, choices=Kind.choices)
    key = models.CharField("ชื่อที่ใช้เทียบ", max_length=300, help_text="ชื่อในไฟล์ที่ตัดช่องว่างและคำนำหน้าออกแล้ว")
    text = models.CharField("ชื่อตามที่เขียนในไฟล์", max_length=300)
    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name="ยุทธศาสตร์")
    guideline = models.ForeignKey(
        Guideline, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name="แนวทางการพัฒนา"
    )
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name="แผนงาน")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name="หน่วยงาน")
    village = models.ForeignKey(Village, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name="หมู่บ้าน")

    organisation_path = "organisation"
    history = HistoricalRecords()

    class Meta:
        verbose_name = "การจับคู่ชื่อในไฟล์นำเข้า"
        verbose_name_plural = "การจับคู่ชื่อในไฟล์นำเข้า"
        ordering = ["organisation", "kind", "key"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "kind", "key"], name="name_mapping_unique_key", violation_error_message="จับคู่ชื่อนี้ไว้แล้ว"
            ),
            models.CheckConstraint(
                condition=Q(kind="strategy", strategy__isnull=False, guideline=None, programme=None, unit=None, village=None)
                | Q(kind="guideline", guideline__isnull=False, strategy=None, programme=None, unit=None, village=None)
                | Q(kind="programme", programme__isnull=False, strategy=None, guideline=None, unit=None, village=None)
                | Q(kind="unit", unit__isnull=False, strategy=None, guideline=None, programme=None, village=None)
                | Q(kind="village", village__isnull=False, strategy=None, guideline=None, programme=None, unit=None),
                name="name_mapping_one_target_of_its_kind",
                violation_error_message="การจับคู่ต้องชี้ไปยังรายการประเภทเดียวกันหนึ่งรายการ",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} “{self.text}” → {self.target}"

    @property
    def target(self):
        return getattr(self, self.kind)


class PendingImport(models.Model):
    """An uploaded file waiting at its preview (and mapping) step until staff confirm or cancel it.

    Kept in the database so that any server of the site can show the preview and save it; removed
    when it is saved or cancelled, and a day after it was uploaded in any case.
    """

    class Kind(models.TextChoices):
        PLAN_PROJECTS = "plan_projects", "โครงการในแผนพัฒนา"
        BUDGET_LINES = "budget_lines", "รายการงบประมาณ"
        ACTIVITIES = "activities", "โครงการ/กิจกรรมของแผนการดำเนินงาน"
        PROGRESS = "progress", "ความก้าวหน้าของโครงการ"

    KEEP_FOR = dt.timedelta(days=1)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+", verbose_name="อปท.")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+", verbose_name="ผู้นำเข้า")
    kind = models.CharField("นำเข้า", max_length=15, choices=Kind.choices)
    target_id = models.PositiveIntegerField("รายการปลายทาง", null=True, blank=True, help_text="แผนพัฒนา ข้อบัญญัติ หรือแผนการดำเนินงานที่นำเข้า")
    options = models.JSONField("ตัวเลือก", default=dict, blank=True)
    choices = models.JSONField("การจับคู่และการเลือก", default=dict, blank=True)
    filename = models.CharField("ชื่อไฟล์", max_length=200)
    content = models.BinaryField("ไฟล์")
    created_at = models.DateTimeField("อัปโหลดเมื่อ", auto_now_add=True)

    class Meta:
        verbose_name = "ไฟล์ที่รอยืนยันการนำเข้า"
        verbose_name_plural = "ไฟล์ที่รอยืนยันการนำเข้า"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.filename}"

    @classmethod
    def forget_old(cls) -> None:
        from django.utils import timezone

        cls.objects.filter(created_at__lt=timezone.now() - cls.KEEP_FOR).delete()


def job_upload(job: Job, filename: str) -> str:
    return f"jobs/{job.organisation_id}/{job.pk}/{filename}"


class Job(models.Model):
    """Long work (a plan's PDF, a large import, an archive) done by a Celery task: its state, its
    progress in steps and, when done, its file. Any server of the site reads it; plans/jobs.py
    starts, runs and reports jobs."""

    class Status(models.TextChoices):
        QUEUED = "queued", "รอคิว"
        RUNNING = "running", "กำลังทำงาน"
        DONE = "done", "เสร็จแล้ว"
        FAILED = "failed", "ไม่สำเร็จ"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+", verbose_name="อปท.")
    user = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="ผู้สั่ง")
    kind = models.CharField("งาน", max_length=30)
    subject_id = models.CharField("รายการ", max_length=64, blank=True, help_text="สิ่งที่งานทำ เช่น แผนการดำเนินงานหรือไฟล์นำเข้า")
    title = models.CharField("ชื่องาน", max_length=200)
    status = models.CharField("สถานะ", max_length=10, choices=Status.choices, default=Status.QUEUED)
    steps_done = models.PositiveIntegerField("ขั้นที่เสร็จ", default=0)
    steps_total = models.PositiveIntegerField("ขั้นทั้งหมด", default=0)
    attempts = models.PositiveSmallIntegerField("จำนวนครั้งที่ทำ", default=0)
    message = models.TextField("ข้อความ", blank=True)
    result = models.FileField("ผลลัพธ์", upload_to=job_upload, blank=True, max_length=300)
    result_name = models.CharField("ชื่อไฟล์ผลลัพธ์", max_length=200, blank=True)
    result_url = models.CharField("หน้าที่ไปต่อ", max_length=300, blank=True)
    created_at = models.DateTimeField("สั่งเมื่อ", auto_now_add=True)
    updated_at = models.DateTimeField("ความเคลื่อนไหวล่าสุด", auto_now=True)
    finished_at = models.DateTimeField("เสร็จเมื่อ", null=True, blank=True)

    class Meta:
        verbose_name = "งานเบื้องหลัง"
        verbose_name_plural = "งานเบื้องหลัง"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["organisation", "kind", "subject_id", "status"], name="job_in_flight")]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_status_display()})"
