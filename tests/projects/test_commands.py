"""The command-line routes beside the pages: draft the year's plan from its ordinance, print its checks."""

import pytest
from django.core.management import CommandError, call_command

from plans.models import OperationalPlan
from tests.conftest import YEAR

pytestmark = pytest.mark.django_db


def test_draft_plan_drafts_the_year_from_its_main_ordinance_as_the_button_does(org, strategic_plan, development_plan, budget_line, capsys):
    call_command("draft_plan", "--organisation", org.code, "--year", str(YEAR))
    plan = OperationalPlan.objects.get(organisation=org, fiscal_year=YEAR)
    [activity] = plan.activities.all()
    assert (plan.ordinance, plan.development_plan, activity.budget_line) == (budget_line.ordinance, development_plan, budget_line)
    assert "เพิ่มโครงการ/กิจกรรม 1 รายการ" in capsys.readouterr().out
    call_command("draft_plan", "--organisation", org.code, "--year", str(YEAR))  # again: nothing twice
    assert "คงรายการเดิมที่มีอยู่แล้ว 1 รายการ" in capsys.readouterr().out and plan.activities.count() == 1


def test_draft_plan_says_what_is_missing_in_thai(org, strategic_plan):
    with pytest.raises(CommandError, match="ไม่พบ อปท. รหัส 9999999"):
        call_command("draft_plan", "--organisation", "9999999", "--year", str(YEAR))
    with pytest.raises(CommandError, match="ยังไม่มีข้อบัญญัติงบประมาณรายจ่ายประจำปี 2570"):
        call_command("draft_plan", "--organisation", org.code, "--year", str(YEAR))


def test_check_plan_prints_the_checks_and_fails_while_an_error_remains(org, activity, capsys):
    activity.months = 0
    activity.save()
    with pytest.raises(CommandError, match="พบข้อผิดพลาด 1 เรื่อง และข้อควรตรวจสอบ 1 เรื่อง ยังเสนอผู้บริหารไม่ได้") as refused:
        call_command("check_plan", "--organisation", org.code, "--year", str(YEAR))
    assert refused.value.returncode == 1  # manage.py exits with it
    out = capsys.readouterr().out
    assert "[ข้อผิดพลาด] “โครงการก่อสร้างถนนคอนกรีตเสริมเหล็ก หมู่ที่ 1” ยังไม่ระบุเดือนที่ดำเนินการ" in out
    assert "[ข้อควรตรวจสอบ] ยุทธศาสตร์ที่ 2 การพัฒนาคุณภาพชีวิต ยังไม่มีโครงการ/กิจกรรม" in out
    assert "ยุทธศาสตร์ที่ 1 การพัฒนาโครงสร้างพื้นฐาน: 450,000.00 / 450,000.00 / 450,000.00" in out
    activity.months = 1
    activity.save()
    call_command("check_plan", "--organisation", org.code, "--year", str(YEAR))  # warnings only: exit status 0
    assert "ไม่พบข้อผิดพลาด (ข้อควรตรวจสอบ 1 เรื่อง) เสนอผู้บริหารได้" in capsys.readouterr().out
