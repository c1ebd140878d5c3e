"""The year-end evaluation report and the six-month monitoring report as printed (landscape A4)."""

from __future__ import annotations

from dataclasses import dataclass

from django.template.loader import render_to_string

from lib import pdf
from projects import pdf as plan_pdf
from projects.evaluation import Evaluation
from projects.six_month import SixMonthReport

COLOURS = {"completed": "#1e7b34", "in_progress": "#1f4e9c", "delayed": "#d08c00", "not_started": "#adb5bd", "cancelled": "#b02a37"}


@dataclass
class Segment:
    key: str
    x: float
    width: float
    colour: str


def chart(evaluation: Evaluation) -> list[tuple[str, list[Segment]]]:
    """A stacked bar per strategy: its projects by outcome, as shares of the strategy's own projects."""
    bars = []
    for line in evaluation.strategies:
        x, segments = 0.0, []
        for key, _label in evaluation.outcome_labels:
            width = float(line.of_line.get(key, 0))
            if width:
                segments.append(Segment(key, round(x, 2), round(width, 2), COLOURS[key]))
                x += width
        bars.append((line.label, segments))
    return bars


def context(evaluation: Evaluation) -> dict:
    return {
        "evaluation": evaluation,
        "organisation": evaluation.organisation,
        "style": evaluation.organisation.digit_style,
        "chart": chart(evaluation),
        "colours": [(label, COLOURS[key]) for key, label in evaluation.outcome_labels],
    }


def render_evaluation(evaluation: Evaluation) -> pdf.Rendered:
    body = render_to_string("projects/evaluation_document.html", context(evaluation))
    html = f'<!doctype html><html lang="th"><head><meta charset="utf-8"><title>รายงานผลการติดตามและประเมินผล</title></head><body class="document">{body}</body></html>'
    return pdf.render(html, plan_pdf.roots(), plan_pdf.stylesheet())


def six_month_context(report: SixMonthReport) -> dict:
    return {"report": report, "organisation": report.organisation, "style": report.organisation.digit_style}


def render_six_month(report: SixMonthReport) -> pdf.Rendered:
    body = render_to_string("projects/six_month_document.html", six_month_context(report))
    title = f"{report.title} ประจำปีงบประมาณ พ.ศ. {report.fiscal_year}"
    html = f'<!doctype html><html lang="th"><head><meta charset="utf-8"><title>{title}</title></head><body class="document">{body}</body></html>'
    return pdf.render(html, plan_pdf.roots(), plan_pdf.stylesheet())


def six_month_pdf(report: SixMonthReport) -> bytes:
    title = f"{report.title} ประจำปีงบประมาณ พ.ศ. {report.fiscal_year}"
    return pdf.join([render_six_month(report)], title=title, author=report.organisation.full_name)
