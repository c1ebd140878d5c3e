"""The monitoring reports for staff: the six-month report and the year-end evaluation, on screen, as PDF, CSV and Excel."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from openpyxl import Workbook

from lib import pdf
from lib.downloads import XLSX, download
from lib.workbooks import csv_bytes, workbook_bytes
from plans.access import organisation_of
from projects import six_month as six
from projects.evaluation import evaluate, rows_for_export
from projects.evaluation_pdf import context, render_evaluation, six_month_context, six_month_pdf


@login_required
def evaluation(request, year: int):
    organisation = organisation_of(request.user)
    report = evaluate(organisation, year)
    return render(request, "projects/evaluation.html", {**context(report), "year": year})


@login_required
def evaluation_pdf(request, year: int):
    organisation = organisation_of(request.user)
    report = render_evaluation(evaluate(organisation, year))
    content = pdf.join([report], title=f"รายงานผลการติดตามและประเมินผล ประจำปีงบประมาณ พ.ศ. {year}", author=organisation.full_name)
    return download(content, "application/pdf", f"ติดตามและประเมินผล-{year}-{organisation.name}.pdf")


@login_required
def evaluation_csv(request, year: int):
    headers, rows = rows_for_export(evaluate(organisation_of(request.user), year))
    return download(csv_bytes([headers, *rows]), "text/csv; charset=utf-8", f"ติดตามและประเมินผล-{year}.csv")


@login_required
def evaluation_xlsx(request, year: int):
    headers, rows = rows_for_export(evaluate(organisation_of(request.user), year))
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = f"ประเมินผล {year}"
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    return download(workbook_bytes(workbook), XLSX, f"ติดตามและประเมินผล-{year}.xlsx")


@login_required
def six_month(request, year: int):
    report = six.six_month_report(organisation_of(request.user), year)
    period_over = timezone.now() >= six.cutoff(year)
    return render(request, "projects/six_month.html", {**six_month_context(report), "year": year, "period_over": period_over})


@login_required
def six_month_file(request, year: int, kind: str):
    organisation = organisation_of(request.user)
    report = six.six_month_report(organisation, year)
    name = f"รายงานรอบ6เดือน-{year}-{organisation.name}"
    if kind == "pdf":
        return download(six_month_pdf(report), "application/pdf", f"{name}.pdf")
    if kind == "csv":
        return download(six.to_csv(report), "text/csv; charset=utf-8", f"{name}.csv")
    if kind == "xlsx":
        return download(six.to_xlsx(report), XLSX, f"{name}.xlsx")
    raise Http404
