"""User text stays text wherever it goes: HTML pages, the PDF, Excel and CSV."""

import csv
import io
import subprocess

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.announcements.conftest import announce
from tests.conftest import login

pytestmark = pytest.mark.django_db
CODE = "3400101"
SCRIPT = "<script>alert(1)</script>"
FORMULA = '=HYPERLINK("http://evil.example","คลิก")'


@pytest.fixture
def hostile(activity, staff, executive):
    """An announced plan whose activity's name is a script, its details a formula, its place HTML."""
    activity.name = f"โครงการ {SCRIPT}"
    activity.details = FORMULA
    activity.location = '<img src=x onerror="alert(2)">'
    activity.save()
    announce(activity.plan, staff, executive)
    return activity


def test_html_pages_show_it_as_text(client, hostile, staff):
    pages = [
        client.get(reverse("public:plan", args=[CODE, 2570])),
        login(staff).get(reverse("projects:activity_list", args=[hostile.plan_id])),
        login(staff).get(reverse("projects:plan_document", args=[hostile.plan_id])),
        login(staff).get(reverse("projects:plan_progress", args=[hostile.plan_id])),
    ]
    for response in pages:
        page = response.content.decode()
        assert response.status_code == 200
        assert "<script>alert(" not in page and "<img src=x" not in page
        assert "&lt;script&gt;alert(" in page  # shown, escaped (documents print digits in Thai: alert(๑))


def test_the_pdf_prints_it_as_text(client, hostile):
    response = client.get(reverse("public:plan_pdf", args=[CODE, 2570, "original"]))
    data = b"".join(response.streaming_content)
    text = subprocess.run(["pdftotext", "-raw", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()
    assert "<script>alert(๑)</script>" in text and '<img src=x\nonerror="alert(๒)"' in text  # printed literally, Thai digits


def test_excel_keeps_it_as_a_string_and_never_as_a_formula(client, hostile):
    response = client.get(reverse("public:plan_xlsx", args=[CODE, 2570, "original"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [cell for row in sheet.iter_rows() for cell in row]
    names = [c for c in values if isinstance(c.value, str) and SCRIPT in c.value]
    assert names and all(c.data_type == "s" for c in names)
    details = [c for c in values if isinstance(c.value, str) and "HYPERLINK" in c.value]
    assert details and all(c.data_type == "s" and not c.value.startswith("=") for c in details)


def test_csv_neutralises_the_formula(client, hostile):
    response = client.get(reverse("public:plan_csv", args=[CODE, 2570, "original"]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    cells = [cell for row in rows for cell in row]
    assert f"'{FORMULA}" in cells and FORMULA not in cells
    assert any(SCRIPT in cell for cell in cells)
