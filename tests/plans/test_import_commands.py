"""The command-line imports for administrators and scripted set-ups: a preview with totals per
strategy, --dry-run, and an exit status of 0 only when the import is clean."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command

from operations.examples import budget_workbook, development_plan_workbook
from plans.models import BudgetLine, BudgetOrdinance, DevelopmentPlan, PlanProject
from tests.plans.test_development_import import save
from tests.plans.test_import_pages import UNKNOWN

pytestmark = pytest.mark.django_db


def run(*args, **options) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def workbook_file(tmp_path):
    content, source = development_plan_workbook()
    path = tmp_path / "ผ02.xlsx"
    path.write_bytes(content)
    return path, source


def test_a_dry_run_prints_the_totals_per_strategy_and_saves_nothing(city_plan, city, workbook_file):
    path, source = workbook_file
    out, _ = run("import_plan_projects", str(path), organisation=city.code, years="2566-2570", dry_run=True)
    assert "แผ่นงานที่อ่าน 32 แผ่น, ข้าม 4 แผ่น" in out and "สร้างใหม่ 260" in out
    assert "ยุทธศาสตร์ที่ 1 การพัฒนาด้านโครงสร้างพื้นฐาน:" in out and "แถวยอดรวมในไฟล์ 33 แถว ตรงกับแถวข้อมูล 33 แถว" in out
    assert not PlanProject.objects.exists()


def test_the_import_finds_or_creates_the_plan_of_those_years(city, workbook_file):
    path, source = workbook_file
    with pytest.raises(CommandError, match="ไม่ได้นำเข้า"):
        run("import_plan_projects", str(path), organisation=city.code, years="๒๕๖๖-๒๕๗๐")
    assert not DevelopmentPlan.objects.exists()
    out, _ = run("import_plan_projects", str(path), organisation=city.code, years="2566-2570", create_missing=True)
    plan = DevelopmentPlan.objects.get(organisation=city)
    assert (plan.first_year, plan.length) == (2566, 5) and "นำเข้าแล้ว" in out
    assert plan.projects.count() == len(source.projects) and plan.strategic_plan.strategies.count() == 6


def test_unknown_names_exit_with_an_error_and_a_hint(city_plan, city, tmp_path):
    path = tmp_path / "p.xlsx"
    path.write_bytes(save(UNKNOWN))
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_plan_projects", str(path), organisation=city.code, years="2566-2570", dry_run=True, stdout=out, stderr=err)
    assert "ยังไม่รู้จักยุทธศาสตร์ “ยุทธศาสตร์การพัฒนาเมืองอัจฉริยะ”" in out.getvalue() and "--create-missing" in err.getvalue()


def test_budget_lines_from_the_command_line(city_plan, city, workbook_file, tmp_path):
    path, source = workbook_file
    run("import_plan_projects", str(path), organisation=city.code, years="2566-2570")
    BudgetOrdinance.objects.create(organisation=city, fiscal_year=2570, enacted_on=dt.date(2026, 9, 1))
    ambiguous, lines = budget_workbook(source, strategy_column=False)
    (tmp_path / "b.xlsx").write_bytes(ambiguous)
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_budget_lines", str(tmp_path / "b.xlsx"), organisation=city.code, year=2570, stdout=out, stderr=err)
    assert "ต้องเลือก" in out.getvalue() and "รหัสโครงการในแผนพัฒนา" in err.getvalue() and not BudgetLine.objects.exists()
    clear, lines = budget_workbook(source)
    (tmp_path / "b.xlsx").write_bytes(clear)
    out, _ = run("import_budget_lines", str(tmp_path / "b.xlsx"), organisation=city.code, year=2570, dry_run=True)
    assert "ผูกกับโครงการในแผนพัฒนา" in out and not BudgetLine.objects.exists()
    run("import_budget_lines", str(tmp_path / "b.xlsx"), organisation=city.code, year=2570, kind="main")
    assert BudgetLine.objects.count() == len(lines)
