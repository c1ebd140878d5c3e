"""The announcement as a printed A4 page (emblem, text, signature, QR code to the public plan)."""

from __future__ import annotations

import base64
import io

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.template.loader import render_to_string

from announcements import text
from announcements.addresses import public_address
from announcements.models import Announcement
from lib import pdf
from projects import pdf as plan_pdf


def public_url(announcement: Announcement) -> str:
    if announcement.plan_id:
        return settings.PUBLIC_BASE_URL + public_address("plan", announcement.plan)
    name = "six_month" if announcement.kind == Announcement.Kind.SIX_MONTH else "evaluation"
    return settings.PUBLIC_BASE_URL + public_address(name, announcement.organisation.code, announcement.fiscal_year)


def qr_data_uri(url: str) -> str:
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=1)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def context(announcement: Announcement, emblem_url: str | None) -> dict:
    organisation = announcement.organisation
    url = public_url(announcement)
    paragraphs = [line for line in announcement.body.splitlines() if line.strip()]
    if presented := text.presentation_line(announcement):  # the evaluation's presentation to the council and the committee
        paragraphs.append(presented)
    return {
        "announcement": announcement,
        "organisation": organisation,
        "style": organisation.digit_style,
        "paragraphs": paragraphs,
        "closing": text.CLOSING,
        "date_line": text.date_line(announcement.announced_on, organisation.digit_style),
        "emblem_url": emblem_url,
        "public_url": url,
        "qr": qr_data_uri(url),
    }


def render_announcement(announcement: Announcement) -> pdf.Rendered:
    body = render_to_string(
        "announcements/announcement_document.html", context(announcement, plan_pdf.emblem_uri(announcement.organisation))
    )
    html = f'<!doctype html><html lang="th"><head><meta charset="utf-8"><title>{announcement.heading}</title></head><body class="document">{body}</body></html>'
    return pdf.render(html, plan_pdf.roots(), plan_pdf.stylesheet())


def render_announcement_pdf(announcement: Announcement) -> bytes:
    return pdf.join(
        [render_announcement(announcement)],
        title=f"ประกาศ{announcement.organisation} {announcement.heading}",
        author=str(announcement.organisation),
    )


def render_announced_pdf(announcement: Announcement) -> bytes:
    """What the announcement announces, with the announcement at its front: the plan, the six-month report or the evaluation report."""
    if announcement.plan_id:
        return plan_pdf.render_plan_pdf(announcement.plan, preface=[render_announcement(announcement)])
    from projects.evaluation import evaluate
    from projects.evaluation_pdf import render_evaluation, render_six_month
    from projects.six_month import six_month_report

    if announcement.kind == Announcement.Kind.SIX_MONTH:
        report = render_six_month(six_month_report(announcement.organisation, announcement.fiscal_year))
    else:
        report = render_evaluation(evaluate(announcement.organisation, announcement.fiscal_year))
    title = f"ประกาศ{announcement.organisation} {announcement.heading}"
    return pdf.join([render_announcement(announcement), report], title=title, author=str(announcement.organisation))
