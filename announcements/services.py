"""Moving a plan through approval and announcing it; announcing a year's monitoring reports (six-month, year-end)."""

from __future__ import annotations

import datetime as dt
import functools
import logging
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F

from announcements import text
from announcements.models import Announcement, Review
from lib import thai
from plans import jobs
from plans.access import EDIT_ROLES
from plans.models import OperationalPlan, Organisation, User
from projects import checks
from projects.open_data import open_data_publish
from projects.snapshot import snapshot_create

log = logging.getLogger(__name__)

Status = OperationalPlan.Status


class TransitionError(Exception):
    """The step cannot be taken now; the message says why, in Thai."""


class PlanHasErrors(TransitionError):
    """The plan still has error-level problems (the checks page lists them with their fixes)."""


# action: (who may take it, from which statuses, to which status)
TRANSITIONS = {
    Review.Action.SUBMIT: (EDIT_ROLES, (Status.DRAFT, Status.RETURNED), Status.SUBMITTED),
    Review.Action.RETURN: ((User.Role.EXECUTIVE,), (Status.SUBMITTED, Status.APPROVED), Status.RETURNED),
    Review.Action.APPROVE: ((User.Role.EXECUTIVE,), (Status.SUBMITTED,), Status.APPROVED),
    Review.Action.ANNOUNCE: ((User.Role.EXECUTIVE,), (Status.APPROVED,), Status.ANNOUNCED),
}

ROLE_NAMES = {EDIT_ROLES: "เจ้าหน้าที่", (User.Role.EXECUTIVE,): "ผู้บริหารท้องถิ่น"}


def allowed_actions(plan: OperationalPlan, user: User) -> list[str]:
    return [
        action
        for action, (roles, sources, _target) in TRANSITIONS.items()
        if plan.organisation_id == user.organisation_id and user.role in roles and plan.status in sources
    ]


@transaction.atomic
def plan_transition(*, plan: OperationalPlan, user: User, action: str, comment: str = "") -> Review:
    """Take one step; of two people acting at once, exactly one succeeds (a conditional UPDATE decides)."""
    roles, sources, target = TRANSITIONS[action]
    label = Review.Action(action).label
    if user.organisation_id != plan.organisation_id or user.role not in roles:
        raise TransitionError(f"เฉพาะ{ROLE_NAMES[roles]}ของ {plan.organisation} เท่านั้นที่{label}ได้")
    if action == Review.Action.RETURN and not comment.strip():
        raise TransitionError("กรุณาระบุความเห็นว่าให้แก้ไขอะไร")
    if action == Review.Action.SUBMIT and plan.status in sources:
        problems = checks.plan_problems(plan)
        if any(problem.is_error for problem in problems):
            raise PlanHasErrors(f"ยังเสนอผู้บริหารไม่ได้: {checks.error_summary(problems)} ดูรายละเอียดและวิธีแก้ที่หน้า “ตรวจสอบ”")
    moved = OperationalPlan.objects.filter(pk=plan.pk, status__in=sources).update(status=target, version=F("version") + 1)
    before = plan.status
    plan.refresh_from_db()
    if not moved:
        raise TransitionError(f"แผนนี้อยู่ในสถานะ “{plan.get_status_display()}” แล้ว จึง{label}ไม่ได้ (อาจมีผู้อื่นดำเนินการไปก่อน)")
    plan._history_user = user
    plan._change_reason = label
    plan.save(update_fields=["status"])  # a history record of the step, with who took it
    return Review.objects.create(plan=plan, action=action, from_status=before, to_status=target, comment=comment.strip(), user=user)


@dataclass
class AnnouncementDraft:
    """What the executive confirms (or edits) before signing."""

    announced_on: dt.date
    heading: str
    body: str
    signer_name: str
    signer_title: str
    acting: str
    acting_for: str
    posted_on: dt.date
    posted_until: dt.date
    presented_to_council_on: dt.date | None = None  # the year-end evaluation's presentation (ข้อ ๓๐ (๕))
    presented_to_committee_on: dt.date | None = None


def _draft(organisation, today: dt.date, heading: str, body: str) -> AnnouncementDraft:
    """An announcement as proposed: signed by the executive, posted today for the minimum period."""
    return AnnouncementDraft(
        announced_on=today,
        heading=heading,
        body=body,
        signer_name=organisation.executive_name,
        signer_title=organisation.signing_title,
        acting="",
        acting_for=organisation.signing_title,
        posted_on=today,
        posted_until=today + dt.timedelta(days=Announcement.MIN_POSTING_DAYS),
    )


def announcement_draft(plan: OperationalPlan, today: dt.date) -> AnnouncementDraft:
    return _draft(plan.organisation, today, text.heading(plan), text.body(plan))


def plan_announce(*, plan: OperationalPlan, user: User, draft: AnnouncementDraft) -> Announcement:
    """Sign and publish: the plan is frozen and public, its content stored as it is now (what the
    public page, exports and PDF show from then on); its PDFs are rendered once and stored."""
    with transaction.atomic():
        plan_transition(plan=plan, user=user, action=Review.Action.ANNOUNCE)
        snapshot_create(plan)
        # One announcement number at a time per organisation: two plans announced at once wait here.
        Organisation.objects.select_for_update().get(pk=plan.organisation_id)
        taken = set(Announcement.objects.filter(organisation=plan.organisation_id).values_list("number", flat=True))
        announcement = Announcement(
            organisation=plan.organisation,
            fiscal_year=plan.fiscal_year,
            plan=plan,
            number=text.next_number(draft.announced_on, taken),
            announced_by=user,
            **vars(draft),
        )
        announcement.full_clean()
        announcement._history_user = user
        announcement.save()
        # The year's open-data files say what is announced: written again once this is committed.
        transaction.on_commit(functools.partial(_publish_open_data, plan.fiscal_year))
    store_documents_later(announcement)
    return announcement


def store_documents_later(announcement: Announcement) -> None:
    """The announcement's PDFs, rendered on a worker once the announcement is committed (here and now
    without a queue); until they are stored, a citizen's download renders them (store_documents)."""
    from announcements import tasks

    if jobs.queued():
        jobs.send(tasks.store_documents, announcement.pk)
    else:
        store_documents(announcement)


def _publish_open_data(fiscal_year: int) -> None:
    """After the announcement is committed: with a queue, a worker writes the year's files (announcements
    in one burst share one run); without one, here. A failure must not turn the executive's announced
    plan into an error page (the files are written again at the next announcement)."""
    from announcements import tasks

    try:
        if jobs.queued():
            tasks.publish_open_data_soon(fiscal_year)
        else:
            open_data_publish(fiscal_year)
    except Exception:  # noqa: BLE001 - logged; the announcement itself stands
        log.exception("open data of %s not written", fiscal_year)


def store_documents(announcement: Announcement) -> Announcement:
    """Render the announcement and what it announces (the announcement at its front) once, and keep the files."""
    from announcements.documents import render_announced_pdf, render_announcement_pdf

    slug = announcement.slug
    if not announcement.pdf:
        announcement.pdf.save(f"announcement-{slug}.pdf", ContentFile(render_announcement_pdf(announcement)), save=False)
    if not announcement.plan_pdf:
        announcement.plan_pdf.save(f"document-{slug}.pdf", ContentFile(render_announced_pdf(announcement)), save=False)
    Announcement.objects.filter(pk=announcement.pk).update(pdf=announcement.pdf.name, plan_pdf=announcement.plan_pdf.name)
    return announcement


def evaluation_draft(organisation, fiscal_year: int, today: dt.date) -> AnnouncementDraft:
    from projects.evaluation import evaluate

    evaluation = evaluate(organisation, fiscal_year)
    total = evaluation.total
    body = text.evaluation_body(
        organisation, fiscal_year, total.outcomes["completed"], total.in_plan,
        thai.format_amount(total.disbursed, thai.ARABIC), f"{total.disbursed_pct}",
    )  # fmt: skip
    return _draft(organisation, today, text.evaluation_heading(fiscal_year), body)


def six_month_draft(organisation, fiscal_year: int, today: dt.date) -> AnnouncementDraft:
    from projects.six_month import six_month_report

    report = six_month_report(organisation, fiscal_year)
    return _draft(organisation, today, text.six_month_heading(fiscal_year), text.six_month_body(organisation, report))


REPORT_DONE = {
    Announcement.Kind.SIX_MONTH: "ประกาศรายงานการกำกับติดตามการดำเนินงาน รอบ ๖ เดือนแล้ว",
    Announcement.Kind.EVALUATION: "ประกาศผลการติดตามและประเมินผลแล้ว",
}


def report_announce(*, organisation, fiscal_year: int, kind: str, user: User, draft: AnnouncementDraft) -> Announcement:
    """The executive announces one of the year's monitoring reports (once each); the report is rendered once and stored."""
    if user.organisation_id != organisation.pk or user.role != User.Role.EXECUTIVE:
        raise TransitionError(f"เฉพาะผู้บริหารท้องถิ่นของ {organisation} เท่านั้นที่ประกาศผลได้")
    if kind == Announcement.Kind.SIX_MONTH:
        from projects.six_month import plan_in_force

        if plan_in_force(organisation, fiscal_year) is None:
            raise TransitionError(f"ไม่มีแผนการดำเนินงานปี {fiscal_year} ที่ประกาศใช้ ณ วันที่ 31 มีนาคม จึงไม่มีรายงานรอบ ๖ เดือนให้ประกาศ")
    with transaction.atomic():
        Organisation.objects.select_for_update().get(pk=organisation.pk)
        taken = set(Announcement.objects.filter(organisation=organisation).values_list("number", flat=True))
        if Announcement.objects.filter(organisation=organisation, fiscal_year=fiscal_year, kind=kind).exists():
            raise TransitionError(f"ปีงบประมาณ {fiscal_year} {REPORT_DONE[kind]}")
        announcement = Announcement(
            organisation=organisation, kind=kind, fiscal_year=fiscal_year,
            number=text.next_number(draft.announced_on, taken), announced_by=user, **vars(draft),
        )  # fmt: skip
        announcement.full_clean()
        announcement._history_user = user
        announcement.save()
    store_documents_later(announcement)
    return announcement


def evaluation_announce(*, organisation, fiscal_year: int, user: User, draft: AnnouncementDraft) -> Announcement:
    """The executive announces the year-end evaluation."""
    return report_announce(organisation=organisation, fiscal_year=fiscal_year, kind=Announcement.Kind.EVALUATION, user=user, draft=draft)


def six_month_announce(*, organisation, fiscal_year: int, user: User, draft: AnnouncementDraft) -> Announcement:
    """The executive publishes the six-month monitoring report: the public plan page and the home page then show it."""
    return report_announce(organisation=organisation, fiscal_year=fiscal_year, kind=Announcement.Kind.SIX_MONTH, user=user, draft=draft)


def missing_for_signing(organisation: Organisation, signer_name: str = "") -> list[str]:
    """What the printed announcement would lack (the emblem, the signer's name), named before the
    executive signs rather than found on paper."""
    missing = []
    if not organisation.emblem:
        missing.append("ยังไม่มีตราสัญลักษณ์ของ อปท.: ประกาศจะพิมพ์โดยไม่มีตรา ผู้ดูแลระบบของ อปท. เพิ่มตราได้ที่เมนู ข้อมูลพื้นฐาน → ข้อมูล อปท.")
    if not (signer_name or organisation.executive_name).strip():
        missing.append("ยังไม่มีชื่อผู้ลงนาม: กรอกช่อง “ชื่อผู้ลงนาม” ด้านล่าง และให้ผู้ดูแลระบบบันทึกชื่อผู้บริหารท้องถิ่นในข้อมูล อปท. ไว้ใช้ครั้งต่อไป")
    return missing
