"""The words of the announcement (ประกาศ), generated from the plan so that no year is ever retyped.

Every mention of the fiscal year comes from the plan's one `fiscal_year`; the date line comes
from the announcement's date (an announcement made in October–December carries the BE year before
the fiscal year: fiscal year 2570 starts on 1 October 2569).
"""

from __future__ import annotations

import datetime as dt
import re

from lib import thai
from plans.models import OperationalPlan
from projects.introduction import DEVELOPMENT_COMMITTEE, EXECUTIVE, SUPPORT_COMMITTEE  # noqa: F401 (one source, see there)

REGULATION = "ระเบียบกระทรวงมหาดไทยว่าด้วยการจัดทำแผนพัฒนาขององค์กรปกครองส่วนท้องถิ่น พ.ศ. ๒๕๔๘ และที่แก้ไขเพิ่มเติม"
REGULATION_YEARS = {2546, 2548, 2559, 2561}  # the regulation and its amendments, which the text may cite


def heading(plan: OperationalPlan) -> str:
    title = f"ประกาศใช้แผนการดำเนินงาน ประจำปีงบประมาณ พ.ศ. {plan.fiscal_year}"
    return f"{title} {plan.edition_label}" if plan.edition_label else title


def body(plan: OperationalPlan) -> str:
    start, end = plan.period
    period = f"ตั้งแต่วันที่ {thai.format_date(start, thai.ARABIC)} ถึงวันที่ {thai.format_date(end, thai.ARABIC)}"
    what = f"แผนการดำเนินงาน ประจำปีงบประมาณ พ.ศ. {plan.fiscal_year}"
    if plan.edition_label:
        what += f" {plan.edition_label}"
    return (
        f"ตาม{REGULATION} ข้อ ๒๖ (๒) กำหนดให้{EXECUTIVE}ประกาศใช้แผนการดำเนินงานที่{DEVELOPMENT_COMMITTEE}เสนอ "
        "และปิดประกาศภายในสิบห้าวันนับแต่วันที่ประกาศ เพื่อให้ประชาชนในท้องถิ่นทราบโดยทั่วกัน และปิดประกาศไว้อย่างน้อยสามสิบวัน "
        "และข้อ ๒๗ กำหนดให้จัดทำแผนการดำเนินงานให้แล้วเสร็จภายในสามสิบวันนับแต่วันที่ประกาศใช้งบประมาณรายจ่าย\n"
        f"{plan.organisation.full_name} จึงประกาศใช้{what} สำหรับปีงบประมาณ{period} "
        "เพื่อเป็นแนวทางในการดำเนินงานให้บรรลุวัตถุประสงค์และเป้าหมายที่กำหนดไว้ รายละเอียดปรากฏตามแนบท้ายประกาศนี้"
    )


CLOSING = "จึงประกาศให้ทราบโดยทั่วกัน"


def date_line(day: dt.date, style: str = thai.THAI) -> str:
    """'ประกาศ ณ วันที่ 25 พฤศจิกายน พ.ศ. 2569' from the announcement's own date."""
    return thai.digits(f"ประกาศ ณ วันที่ {day.day} {thai.MONTH_NAMES[day.month - 1]} พ.ศ. {thai.be_year(day.year)}", style)


_YEAR = re.compile(r"(?<![0-9])2[4-6][0-9]{2}(?![0-9])")


def foreign_years(text: str, fiscal_year: int) -> list[int]:
    """Years in an edited text that are neither the plan's (N−1, N) nor the regulation's: likely typos."""
    allowed = {fiscal_year - 1, fiscal_year} | REGULATION_YEARS
    found = {int(year) for year in _YEAR.findall(thai.arabic_digits(text))}
    return sorted(found - allowed)


def next_number(day: dt.date, taken: set[str]) -> str:
    """'k/YYYY': the organisation's k-th announcement of the BE calendar year of `day`."""
    year = thai.be_year(day.year)
    k = 1
    while f"{k}/{year}" in taken:
        k += 1
    return f"{k}/{year}"


def evaluation_heading(fiscal_year: int) -> str:
    return f"ประกาศผลการติดตามและประเมินผลแผนพัฒนาท้องถิ่น ประจำปีงบประมาณ พ.ศ. {fiscal_year}"


def evaluation_body(organisation, fiscal_year: int, completed: int, in_plan: int, disbursed: str, disbursed_pct: str) -> str:
    return (
        f"ตาม{REGULATION} ข้อ ๓๐ (๕) กำหนดให้ผู้บริหารท้องถิ่นเสนอผลการติดตามและประเมินผลต่อสภาท้องถิ่นและคณะกรรมการพัฒนาท้องถิ่น "
        "พร้อมทั้งประกาศผลการติดตามและประเมินผลให้ประชาชนในท้องถิ่นทราบในที่เปิดเผยภายในสิบห้าวันนับแต่วันที่ผู้บริหารท้องถิ่นเสนอผลดังกล่าว "
        "และปิดประกาศไว้เป็นระยะเวลาไม่น้อยกว่าสามสิบวัน โดยอย่างน้อยปีละหนึ่งครั้งภายในเดือนธันวาคมของทุกปี\n"
        f"{organisation.full_name} จึงประกาศผลการติดตามและประเมินผลแผนพัฒนาท้องถิ่น ประจำปีงบประมาณ พ.ศ. {fiscal_year} "
        f"โดยมีโครงการตามแผนการดำเนินงานทั้งสิ้น {in_plan} โครงการ ดำเนินการแล้วเสร็จ {completed} โครงการ "
        f"เบิกจ่ายงบประมาณ {disbursed} บาท คิดเป็นร้อยละ {disbursed_pct} ของงบประมาณตามแผน รายละเอียดปรากฏตามรายงานแนบท้ายประกาศนี้"
    )


def presentation_line(announcement) -> str:
    """The year-end evaluation's presentation (ข้อ ๓๐ (๕)), in the organisation's words: printed after the body."""
    council, committee = announcement.presented_to_council_on, announcement.presented_to_committee_on
    if not (council or committee):
        return ""
    organisation = announcement.organisation
    parts = []
    if council:
        parts.append(f"ต่อ{organisation.words.council} เมื่อวันที่ {thai.format_date(council, thai.ARABIC)}")
    if committee:
        parts.append(f"ต่อคณะกรรมการพัฒนา{organisation.full_name} เมื่อวันที่ {thai.format_date(committee, thai.ARABIC)}")
    return f"ทั้งนี้ {organisation.signing_title} ได้เสนอผลการติดตามและประเมินผล" + " และ".join(parts) + " แล้ว"


def six_month_heading(fiscal_year: int) -> str:
    return f"รายงานการกำกับติดตามการดำเนินงานประจำปี รอบ ๖ เดือน ประจำปีงบประมาณ พ.ศ. {fiscal_year}"


def six_month_body(organisation, report) -> str:
    """From the report's figures as of 31 March (projects/six_month.py)."""
    start, end = report.period
    total = report.total
    return (
        f"{organisation.full_name} ได้กำกับติดตามการดำเนินงานตามแผนการดำเนินงาน ประจำปีงบประมาณ พ.ศ. {report.fiscal_year} "
        f"ในรอบ ๖ เดือนแรก ตั้งแต่วันที่ {thai.format_date(start, thai.ARABIC)} ถึงวันที่ {thai.format_date(end, thai.ARABIC)} "
        f"มีโครงการตามแผนการดำเนินงานทั้งสิ้น {total.count} โครงการ ดำเนินการแล้วเสร็จ {total.statuses['completed']} โครงการ "
        f"อยู่ระหว่างดำเนินการ {total.statuses['in_progress']} โครงการ ดำเนินการล่าช้ากว่ากำหนด {len(report.behind)} โครงการ "
        f"เบิกจ่ายงบประมาณแล้ว {thai.format_amount(total.disbursed, thai.ARABIC)} บาท "
        f"คิดเป็นร้อยละ {total.disbursed_pct} ของงบประมาณตามแผน\n"
        f"{organisation.full_name} จึงประกาศรายงานการกำกับติดตามการดำเนินงานประจำปี รอบ ๖ เดือน "
        "ให้ประชาชนในท้องถิ่นทราบและร่วมตรวจสอบ รายละเอียดปรากฏตามรายงานแนบท้ายประกาศนี้"
    )
