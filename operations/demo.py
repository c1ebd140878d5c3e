"""A demo organisation with realistic Thai data, for a newcomer's first run (never for production).

Everything is keyed on natural keys (the DLA code, a unit's name, a village's number, a project's
name ...), so loading twice changes nothing. Dates are relative to the day of the first load, so the
demo's current plan is always the one being drafted now, with its 30-day deadline running.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from io import BytesIO

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from announcements.models import Review
from announcements.services import announcement_draft, plan_announce, plan_transition, six_month_announce, six_month_draft
from lib import thai
from plans import words as vocabulary
from plans.models import (
    BudgetLine,
    BudgetOrdinance,
    DevelopmentPlan,
    ExpenseCategory,
    Guideline,
    OperationalPlan,
    Organisation,
    PlanAmendment,
    PlanProject,
    PlanProjectBudget,
    Programme,
    StrategicPlan,
    Strategy,
    Unit,
    User,
    Village,
)
from projects.editions import edition_start
from projects.models import Activity, Progress
from projects.services import plan_create_from_budget

DEMO_PASSWORD = "demo-password"

ORGANISATION = {
    "code": "6390105",
    "kind": Organisation.Kind.SAO,
    "name": "บ้านโคก",
    "district": "ศรีบุญเรือง",
    "province": "หนองบัวลำภู",
    "executive_name": "นายสมชาย ใจดี",
}

UNITS = ["สำนักปลัด", "กองคลัง", "กองช่าง", "กองการศึกษา ศาสนาและวัฒนธรรม", "กองสาธารณสุขและสิ่งแวดล้อม", "กองสวัสดิการสังคม"]

VILLAGES = [
    "บ้านโคก", "บ้านหนองแวง", "บ้านนาคำ", "บ้านโนนสว่าง", "บ้านดอนหัน",
    "บ้านหนองบัว", "บ้านป่าหวาย", "บ้านโคกใหม่", "บ้านห้วยทราย", "บ้านศรีสมบูรณ์",
]  # fmt: skip

VISION = "ตำบลบ้านโคกน่าอยู่ เศรษฐกิจพอเพียง ประชาชนมีคุณภาพชีวิตที่ดี บริหารจัดการตามหลักธรรมาภิบาล"
MISSIONS = """พัฒนาโครงสร้างพื้นฐานให้ได้มาตรฐานและทั่วถึง
ส่งเสริมอาชีพและการเกษตรตามแนวเศรษฐกิจพอเพียง
ยกระดับคุณภาพชีวิต สุขภาพ และความปลอดภัยของประชาชน
ส่งเสริมการศึกษา ศาสนา วัฒนธรรม และการกีฬา
อนุรักษ์ทรัพยากรธรรมชาติและสิ่งแวดล้อม
พัฒนาการบริหารจัดการให้โปร่งใสและประชาชนมีส่วนร่วม"""
GOALS = """ประชาชนมีถนน แหล่งน้ำ และไฟฟ้าใช้อย่างทั่วถึง
ครัวเรือนมีรายได้เพิ่มขึ้นและพึ่งพาตนเองได้
ประชาชนมีสุขภาพดีและปลอดภัยในชีวิตและทรัพย์สิน
เด็กและเยาวชนได้รับการศึกษาและสืบสานวัฒนธรรมท้องถิ่น
ชุมชนสะอาด ปริมาณขยะลดลง
องค์กรบริหารงานอย่างมีประสิทธิภาพ"""

# strategy number -> (name, [guidelines])
STRATEGIES = {
    1: (
        "การพัฒนาโครงสร้างพื้นฐาน",
        ["ก่อสร้าง ปรับปรุง และบำรุงรักษาถนนและทางระบายน้ำ", "พัฒนาแหล่งน้ำเพื่อการอุปโภคบริโภคและการเกษตร", "ขยายเขตไฟฟ้าและไฟฟ้าสาธารณะ"],
    ),
    2: ("การพัฒนาเศรษฐกิจและการเกษตร", ["ส่งเสริมอาชีพและเพิ่มรายได้ให้ประชาชน", "ส่งเสริมการเกษตรตามแนวเศรษฐกิจพอเพียง"]),
    3: (
        "การพัฒนาคุณภาพชีวิตและสังคม",
        ["ส่งเสริมสวัสดิการผู้สูงอายุ ผู้พิการ และผู้ด้อยโอกาส", "ส่งเสริมสุขภาพและป้องกันโรค", "ป้องกันและบรรเทาสาธารณภัย และรักษาความปลอดภัยในชีวิตและทรัพย์สิน"],
    ),
    4: (
        "การพัฒนาการศึกษา ศาสนา วัฒนธรรม และการกีฬา",
        ["พัฒนาการศึกษาปฐมวัยและการศึกษาทุกระดับ", "อนุรักษ์ศาสนา ประเพณี และวัฒนธรรมท้องถิ่น", "ส่งเสริมกีฬาและนันทนาการ"],
    ),
    5: ("การบริหารจัดการทรัพยากรธรรมชาติและสิ่งแวดล้อม", ["จัดการขยะมูลฝอยและสิ่งแวดล้อมในชุมชน", "อนุรักษ์และฟื้นฟูทรัพยากรธรรมชาติ"]),
    6: ("การพัฒนาการบริหารจัดการองค์กรตามหลักธรรมาภิบาล", ["พัฒนาบุคลากรและเพิ่มประสิทธิภาพการให้บริการ", "ส่งเสริมการมีส่วนร่วมของประชาชน"]),
}

# Programme codes (see plans/migrations/0002_reference_data.py).
ADMIN, SECURITY, EDUCATION, HEALTH, WELFARE, HOUSING = "00110", "00120", "00210", "00220", "00230", "00240"
COMMUNITY, CULTURE, WORKS, AGRICULTURE = "00250", "00260", "00310", "00320"

# Expense categories.
SERVICES, MATERIALS, EQUIPMENT, BUILDINGS, SUBSIDY = "320", "330", "410", "420", "510"


@dataclass
class DemoProject:
    strategy: int
    guideline: int
    programme: str
    unit: str
    name: str
    objective: str
    target: str
    amount: int
    category: str
    months: tuple[int, ...]  # fiscal month indexes, 0 = ต.ค.
    villages: tuple[int, ...] = ()
    location: str = ""
    in_budget: bool = True  # budgeted in the ordinance of the current fiscal year
    drafting: str = BudgetLine.Drafting.AUTO
    amendment: bool = False  # added by the demo plan amendment


ROADS = [
    (1, "ก่อสร้างถนนคอนกรีตเสริมเหล็ก สายบ้านโคก–บ้านหนองแวง", "กว้าง 5 เมตร ยาว 300 เมตร หนา 0.15 เมตร", 498000),
    (2, "ก่อสร้างถนนคอนกรีตเสริมเหล็ก ซอยกลางบ้านหนองแวง", "กว้าง 4 เมตร ยาว 180 เมตร หนา 0.15 เมตร", 295000),
    (3, "ก่อสร้างถนนคอนกรีตเสริมเหล็ก สายบ้านนาคำ–นาทุ่ง", "กว้าง 4 เมตร ยาว 250 เมตร หนา 0.15 เมตร", 410000),
    (4, "ปรับปรุงถนนลูกรังเพื่อการเกษตร สายโนนสว่าง–ห้วยยาง", "กว้าง 5 เมตร ยาว 1,200 เมตร ลงลูกรังหนาเฉลี่ย 0.20 เมตร", 185000),
    (5, "ก่อสร้างถนนคอนกรีตเสริมเหล็ก ซอยวัดบ้านดอนหัน", "กว้าง 4 เมตร ยาว 200 เมตร หนา 0.15 เมตร", 330000),
    (6, "ซ่อมสร้างผิวทางแอสฟัลท์ติกคอนกรีต สายบ้านหนองบัว", "กว้าง 5 เมตร ยาว 400 เมตร หนา 0.05 เมตร", 475000),
    (7, "ก่อสร้างถนนคอนกรีตเสริมเหล็ก สายบ้านป่าหวาย–ป่าช้า", "กว้าง 4 เมตร ยาว 220 เมตร หนา 0.15 เมตร", 360000),
    (8, "ก่อสร้างถนนคอนกรีตเสริมเหล็ก ซอยโคกใหม่ 3", "กว้าง 3 เมตร ยาว 150 เมตร หนา 0.15 เมตร", 190000),
    (9, "ปรับปรุงถนนลูกรังเพื่อการเกษตร สายห้วยทราย–หนองกุง", "กว้าง 4 เมตร ยาว 1,000 เมตร", 150000),
    (10, "ก่อสร้างถนนคอนกรีตเสริมเหล็ก สายบ้านศรีสมบูรณ์–หนองผือ", "กว้าง 5 เมตร ยาว 280 เมตร หนา 0.15 เมตร", 465000),
]

DRAINS = [
    (1, "ก่อสร้างรางระบายน้ำคอนกรีตเสริมเหล็กพร้อมฝาปิด คุ้มกลางบ้านโคก", "ยาว 120 เมตร กว้าง 0.40 เมตร", 320000),
    (3, "ก่อสร้างรางระบายน้ำคอนกรีตเสริมเหล็ก บ้านนาคำ", "ยาว 100 เมตร กว้าง 0.40 เมตร", 265000),
    (5, "วางท่อระบายน้ำคอนกรีตเสริมเหล็กพร้อมบ่อพัก บ้านดอนหัน", "ท่อขนาด 0.40 เมตร ยาว 150 เมตร", 230000),
    (8, "ก่อสร้างรางระบายน้ำคอนกรีตเสริมเหล็ก บ้านโคกใหม่", "ยาว 90 เมตร กว้าง 0.30 เมตร", 215000),
]

WATER = [
    (2, "ขุดลอกหนองแวงใหญ่", "ขุดลอกพื้นที่ 12,000 ตารางเมตร ลึกเฉลี่ย 2 เมตร", 420000),
    (6, "ขุดลอกหนองบัวสาธารณประโยชน์", "ขุดลอกพื้นที่ 8,000 ตารางเมตร", 300000),
    (9, "ก่อสร้างฝายน้ำล้นห้วยทราย", "ฝายสูง 1.5 เมตร สันฝายยาว 12 เมตร", 480000),
    (4, "ปรับปรุงระบบประปาหมู่บ้านบ้านโนนสว่าง", "เปลี่ยนถังกรองและวางท่อเมนใหม่ 500 เมตร", 350000),
]


def _infrastructure() -> list[DemoProject]:
    projects = []
    for village, name, target, amount in ROADS:
        projects.append(
            DemoProject(
                1,
                1,
                WORKS,
                "กองช่าง",
                f"โครงการ{name} หมู่ที่ {village}",
                "เพื่อให้ประชาชนสัญจรไปมาได้สะดวกและปลอดภัย",
                target,
                amount,
                BUILDINGS,
                (3, 4, 5, 6),
                (village,),
            )
        )
    for village, name, target, amount in DRAINS:
        projects.append(
            DemoProject(
                1,
                1,
                HOUSING,
                "กองช่าง",
                f"โครงการ{name} หมู่ที่ {village}",
                "เพื่อแก้ไขปัญหาน้ำท่วมขังในชุมชน",
                target,
                amount,
                BUILDINGS,
                (4, 5, 6),
                (village,),
            )
        )
    for village, name, target, amount in WATER:
        projects.append(
            DemoProject(
                1,
                2,
                AGRICULTURE if "ขุดลอก" in name or "ฝาย" in name else HOUSING,
                "กองช่าง",
                f"โครงการ{name} หมู่ที่ {village}",
                "เพื่อให้มีน้ำใช้เพื่อการอุปโภคบริโภคและการเกษตรอย่างเพียงพอ",
                target,
                amount,
                BUILDINGS,
                (5, 6, 7),
                (village,),
            )
        )
    projects.append(
        DemoProject(
            1,
            3,
            HOUSING,
            "กองช่าง",
            "โครงการติดตั้งไฟฟ้าส่องสว่างพลังงานแสงอาทิตย์ หมู่ที่ 3, 7",
            "เพื่อความปลอดภัยในการสัญจรยามค่ำคืน",
            "ติดตั้งโคมไฟโซลาร์เซลล์ 20 ต้น",
            240000,
            BUILDINGS,
            (6, 7),
            (3, 7),
        )
    )
    projects.append(
        DemoProject(
            1,
            3,
            HOUSING,
            "กองช่าง",
            "โครงการอุดหนุนการไฟฟ้าส่วนภูมิภาคขยายเขตไฟฟ้าเพื่อการเกษตร หมู่ที่ 9",
            "เพื่อให้เกษตรกรมีไฟฟ้าใช้ในพื้นที่การเกษตร",
            "ขยายเขตไฟฟ้าแรงต่ำ ระยะทาง 800 เมตร",
            280000,
            SUBSIDY,
            (2, 3),
            (9,),
        )
    )
    projects.append(
        DemoProject(
            1,
            1,
            WORKS,
            "กองช่าง",
            "โครงการก่อสร้างถนนคอนกรีตเสริมเหล็ก สายหนองบัว–คำไผ่ หมู่ที่ 6",
            "เพื่อให้ประชาชนสัญจรไปมาได้สะดวก",
            "กว้าง 5 เมตร ยาว 350 เมตร",
            520000,
            BUILDINGS,
            (),
            (6,),
            in_budget=False,
        )
    )
    projects.append(
        DemoProject(
            1,
            1,
            WORKS,
            "กองช่าง",
            "โครงการก่อสร้างสะพานคอนกรีตเสริมเหล็กข้ามลำห้วยยาง หมู่ที่ 4",
            "เพื่อให้เกษตรกรขนส่งผลผลิตได้ตลอดปี",
            "กว้าง 5 เมตร ยาว 12 เมตร",
            650000,
            BUILDINGS,
            (),
            (4,),
            in_budget=False,
        )
    )
    return projects


SOCIAL = [
    # strategy, guideline, programme, unit, name, objective, target, amount, category, months, villages/location
    (
        2,
        1,
        COMMUNITY,
        "กองสวัสดิการสังคม",
        "โครงการฝึกอบรมอาชีพการทอผ้าไหมลายพื้นบ้าน",
        "เพื่อส่งเสริมอาชีพและสร้างรายได้เสริมแก่สตรี",
        "กลุ่มสตรี 30 คน",
        45000,
        SERVICES,
        (4, 5),
        "ศาลาประชาคมบ้านนาคำ",
    ),
    (
        2,
        1,
        COMMUNITY,
        "กองสวัสดิการสังคม",
        "โครงการส่งเสริมอาชีพการแปรรูปผลผลิตทางการเกษตร",
        "เพื่อเพิ่มมูลค่าผลผลิตและรายได้ของครัวเรือน",
        "ประชาชน 40 คน",
        35000,
        SERVICES,
        (6,),
        "ที่ทำการ อบต.บ้านโคก",
    ),
    (
        2,
        1,
        COMMUNITY,
        "สำนักปลัด",
        "โครงการพัฒนาศักยภาพกลุ่มวิสาหกิจชุมชน",
        "เพื่อพัฒนาผลิตภัณฑ์และช่องทางการตลาดของกลุ่มอาชีพ",
        "กลุ่มวิสาหกิจชุมชน 8 กลุ่ม",
        30000,
        SERVICES,
        (7,),
        "ที่ทำการ อบต.บ้านโคก",
    ),
    (
        2,
        2,
        AGRICULTURE,
        "สำนักปลัด",
        "โครงการส่งเสริมการปลูกผักปลอดสารพิษตามแนวเศรษฐกิจพอเพียง",
        "เพื่อลดรายจ่ายและส่งเสริมสุขภาพของครัวเรือน",
        "ครัวเรือน 100 ครัวเรือน",
        40000,
        SERVICES,
        (2, 3, 4),
        "ทุกหมู่บ้าน",
    ),
    (
        2,
        2,
        AGRICULTURE,
        "สำนักปลัด",
        "โครงการรณรงค์ลดการเผาตอซังข้าวและส่งเสริมการไถกลบ",
        "เพื่อลดหมอกควันและปรับปรุงบำรุงดิน",
        "เกษตรกร 150 คน",
        25000,
        SERVICES,
        (1, 2),
        "ทุกหมู่บ้าน",
    ),
    (
        2,
        2,
        AGRICULTURE,
        "สำนักปลัด",
        "โครงการอบรมการผลิตปุ๋ยอินทรีย์ชีวภาพ",
        "เพื่อลดต้นทุนการผลิตของเกษตรกร",
        "เกษตรกร 60 คน",
        30000,
        SERVICES,
        (8,),
        "ศูนย์เรียนรู้เศรษฐกิจพอเพียงบ้านดอนหัน",
    ),
    (
        3,
        1,
        WELFARE,
        "กองสวัสดิการสังคม",
        "โครงการส่งเสริมคุณภาพชีวิตผู้สูงอายุ (โรงเรียนผู้สูงอายุ)",
        "เพื่อให้ผู้สูงอายุมีสุขภาพกายและใจที่ดี",
        "ผู้สูงอายุ 80 คน",
        60000,
        SERVICES,
        (1, 2, 3, 4, 5, 6, 7, 8),
        "โรงเรียนผู้สูงอายุตำบลบ้านโคก",
    ),
    (
        3,
        1,
        WELFARE,
        "กองสวัสดิการสังคม",
        "โครงการซ่อมแซมบ้านผู้ยากไร้และผู้ด้อยโอกาส",
        "เพื่อให้ผู้ยากไร้มีที่อยู่อาศัยที่มั่นคงปลอดภัย",
        "บ้านผู้ยากไร้ 5 หลัง",
        100000,
        SERVICES,
        (3, 4, 5),
        "ทุกหมู่บ้าน",
    ),
    (
        3,
        1,
        WELFARE,
        "กองสวัสดิการสังคม",
        "โครงการส่งเสริมอาชีพคนพิการและผู้ดูแล",
        "เพื่อให้คนพิการมีรายได้และพึ่งพาตนเองได้",
        "คนพิการและผู้ดูแล 30 คน",
        25000,
        SERVICES,
        (6,),
        "ที่ทำการ อบต.บ้านโคก",
    ),
    (
        3,
        2,
        HEALTH,
        "กองสาธารณสุขและสิ่งแวดล้อม",
        "โครงการป้องกันและควบคุมโรคไข้เลือดออก",
        "เพื่อลดอัตราการป่วยด้วยโรคไข้เลือดออก",
        "ทุกครัวเรือน 1,250 ครัวเรือน",
        50000,
        SERVICES,
        (7, 8, 9, 10),
        "ทุกหมู่บ้าน",
    ),
    (
        3,
        2,
        HEALTH,
        "กองสาธารณสุขและสิ่งแวดล้อม",
        "โครงการสัตว์ปลอดโรค คนปลอดภัยจากโรคพิษสุนัขบ้า",
        "เพื่อป้องกันโรคพิษสุนัขบ้าในคนและสัตว์",
        "สุนัขและแมว 1,500 ตัว",
        30000,
        SERVICES,
        (4, 5),
        "ทุกหมู่บ้าน",
    ),
    (
        3,
        2,
        HEALTH,
        "กองสาธารณสุขและสิ่งแวดล้อม",
        "โครงการอุดหนุนงานสาธารณสุขมูลฐาน (อสม.) หมู่บ้านละ 20,000 บาท",
        "เพื่อให้ อสม. ดำเนินงานส่งเสริมสุขภาพในหมู่บ้าน",
        "10 หมู่บ้าน",
        200000,
        SUBSIDY,
        (2, 3, 4, 5, 6, 7, 8),
        "ทุกหมู่บ้าน",
    ),
    (
        3,
        3,
        SECURITY,
        "สำนักปลัด",
        "โครงการป้องกันและลดอุบัติเหตุทางถนนช่วงเทศกาลปีใหม่และสงกรานต์",
        "เพื่อลดการเกิดอุบัติเหตุทางถนน",
        "จุดบริการประชาชน 2 จุด",
        40000,
        SERVICES,
        (2, 6),
        "ถนนสายหลักในตำบล",
    ),
    (
        3,
        3,
        SECURITY,
        "สำนักปลัด",
        "โครงการฝึกอบรมทบทวนอาสาสมัครป้องกันภัยฝ่ายพลเรือน (อปพร.)",
        "เพื่อเพิ่มศักยภาพ อปพร. ในการช่วยเหลือประชาชน",
        "อปพร. 50 คน",
        60000,
        SERVICES,
        (5,),
        "ที่ทำการ อบต.บ้านโคก",
    ),
    (
        3,
        3,
        SECURITY,
        "สำนักปลัด",
        "โครงการป้องกันและแก้ไขปัญหาไฟป่าและหมอกควัน",
        "เพื่อลดการเกิดไฟป่าและหมอกควัน",
        "พื้นที่ป่าชุมชน 3 แห่ง",
        20000,
        SERVICES,
        (4, 5, 6),
        "ป่าชุมชนในตำบล",
    ),
    (
        4,
        1,
        EDUCATION,
        "กองการศึกษา ศาสนาและวัฒนธรรม",
        "โครงการสนับสนุนค่าใช้จ่ายการบริหารสถานศึกษา (ค่าอาหารกลางวันศูนย์พัฒนาเด็กเล็ก)",
        "เพื่อให้เด็กเล็กได้รับอาหารที่มีคุณค่าทางโภชนาการ",
        "เด็กเล็ก 85 คน",
        374000,
        SERVICES,
        tuple(range(12)),
        "ศูนย์พัฒนาเด็กเล็ก อบต.บ้านโคก",
    ),
    (
        4,
        1,
        EDUCATION,
        "กองการศึกษา ศาสนาและวัฒนธรรม",
        "โครงการอุดหนุนอาหารกลางวันโรงเรียนสังกัด สพฐ.",
        "เพื่อให้นักเรียนได้รับอาหารกลางวันครบทุกคน",
        "โรงเรียน 4 แห่ง นักเรียน 420 คน",
        1848000,
        SUBSIDY,
        tuple(range(12)),
        "โรงเรียนในตำบลบ้านโคก 4 แห่ง",
    ),
    (
        4,
        1,
        EDUCATION,
        "กองการศึกษา ศาสนาและวัฒนธรรม",
        "โครงการจัดงานวันเด็กแห่งชาติ",
        "เพื่อส่งเสริมพัฒนาการและความกล้าแสดงออกของเด็ก",
        "เด็กและเยาวชน 500 คน",
        50000,
        SERVICES,
        (3,),
        "ที่ทำการ อบต.บ้านโคก",
    ),
    (
        4,
        1,
        EDUCATION,
        "กองการศึกษา ศาสนาและวัฒนธรรม",
        "โครงการอาหารเสริม (นม) โรงเรียนและศูนย์พัฒนาเด็กเล็ก",
        "เพื่อให้เด็กได้รับนมที่มีคุณภาพครบทุกคน",
        "เด็กนักเรียนและเด็กเล็ก 505 คน",
        980000,
        MATERIALS,
        tuple(range(12)),
        "โรงเรียนและศูนย์พัฒนาเด็กเล็กในตำบล",
    ),
    (
        4,
        2,
        CULTURE,
        "กองการศึกษา ศาสนาและวัฒนธรรม",
        "โครงการจัดงานประเพณีบุญบั้งไฟ",
        "เพื่ออนุรักษ์และสืบสานประเพณีท้องถิ่น",
        "ประชาชนในตำบล 2,000 คน",
        120000,
        SERVICES,
        (7,),
        "สนามกีฬา อบต.บ้านโคก",
    ),
    (
        4,
        2,
        CULTURE,
        "กองการศึกษา ศาสนาและวัฒนธรรม",
        "โครงการจัดงานประเพณีสงกรานต์และรดน้ำดำหัวผู้สูงอายุ",
        "เพื่อสืบสานประเพณีและแสดงความกตัญญูต่อผู้สูงอายุ",
        "ผู้สูงอายุและประชาชน 800 คน",
        80000,
        SERVICES,
        (6,),
        "ที่ทำการ อบต.บ้านโคก",
    ),
    (
        4,
        2,
        CULTURE,
        "กองการศึกษา ศาสนาและวัฒนธรรม",
        "โครงการจัดงานประเพณีลอยกระทง",
        "เพื่ออนุรักษ์ประเพณีและส่งเสริมความสามัคคี",
        "ประชาชน 1,500 คน",
        60000,
        SERVICES,
        (1,),
        "หนองแวงใหญ่ หมู่ที่ 2",
    ),
    (
        4,
        3,
        CULTURE,
        "กองการศึกษา ศาสนาและวัฒนธรรม",
        "โครงการแข่งขันกีฬาต้านยาเสพติด อบต.บ้านโคกคัพ",
        "เพื่อให้เยาวชนใช้เวลาว่างให้เป็นประโยชน์และห่างไกลยาเสพติด",
        "นักกีฬา 10 หมู่บ้าน 300 คน",
        150000,
        SERVICES,
        (4,),
        "สนามกีฬา อบต.บ้านโคก",
    ),
    (
        5,
        1,
        HEALTH,
        "กองสาธารณสุขและสิ่งแวดล้อม",
        "โครงการคัดแยกขยะต้นทางและธนาคารขยะชุมชน",
        "เพื่อลดปริมาณขยะและสร้างรายได้จากขยะรีไซเคิล",
        "ครัวเรือนเข้าร่วมร้อยละ 70",
        30000,
        SERVICES,
        (2, 3, 4, 5, 6, 7),
        "ทุกหมู่บ้าน",
    ),
    (
        5,
        1,
        HEALTH,
        "กองสาธารณสุขและสิ่งแวดล้อม",
        "โครงการรณรงค์ท้องถิ่นสะอาด ชุมชนน่าอยู่ (Big Cleaning Day)",
        "เพื่อให้ชุมชนสะอาดและน่าอยู่",
        "10 หมู่บ้าน",
        20000,
        SERVICES,
        (1, 5, 9),
        "ทุกหมู่บ้าน",
    ),
    (
        5,
        2,
        AGRICULTURE,
        "สำนักปลัด",
        "โครงการปลูกต้นไม้เฉลิมพระเกียรติและฟื้นฟูป่าชุมชน",
        "เพื่อเพิ่มพื้นที่สีเขียวและอนุรักษ์ทรัพยากรป่าไม้",
        "ต้นไม้ 2,000 ต้น",
        30000,
        SERVICES,
        (9, 10),
        "ป่าชุมชนโคกหินลาด หมู่ที่ 7",
    ),
    (
        6,
        1,
        ADMIN,
        "สำนักปลัด",
        "โครงการฝึกอบรมและศึกษาดูงานเพื่อเพิ่มประสิทธิภาพบุคลากร",
        "เพื่อพัฒนาความรู้และทักษะของบุคลากร",
        "คณะผู้บริหาร สมาชิกสภา และพนักงาน 60 คน",
        250000,
        SERVICES,
        (5, 6),
        "ที่ทำการ อบต.บ้านโคก และสถานที่ศึกษาดูงาน",
    ),
    (6, 1, ADMIN, "กองคลัง", "โครงการจัดเก็บภาษีเคลื่อนที่", "เพื่ออำนวยความสะดวกแก่ผู้เสียภาษี", "ผู้เสียภาษี 10 หมู่บ้าน", 15000, SERVICES, (4, 5), "ทุกหมู่บ้าน"),
    (
        6,
        2,
        ADMIN,
        "สำนักปลัด",
        "โครงการ อบต. เคลื่อนที่พบประชาชน",
        "เพื่อรับฟังปัญหาและให้บริการประชาชนถึงหมู่บ้าน",
        "10 หมู่บ้าน",
        30000,
        SERVICES,
        (2, 5, 8),
        "ทุกหมู่บ้าน",
    ),
    (
        6,
        2,
        ADMIN,
        "สำนักปลัด",
        "โครงการจัดประชุมประชาคมเพื่อจัดทำแผนพัฒนาท้องถิ่น",
        "เพื่อให้ประชาชนมีส่วนร่วมในการจัดทำแผนพัฒนา",
        "ผู้เข้าร่วมประชาคม 300 คน",
        20000,
        SERVICES,
        (8, 9),
        "ทุกหมู่บ้าน",
    ),
    (
        6,
        2,
        ADMIN,
        "สำนักปลัด",
        "โครงการส่งเสริมคุณธรรมจริยธรรมและป้องกันการทุจริต",
        "เพื่อปลูกจิตสำนึกความซื่อสัตย์สุจริตแก่บุคลากร",
        "บุคลากร 50 คน",
        15000,
        SERVICES,
        (3,),
        "ที่ทำการ อบต.บ้านโคก",
    ),
    (
        3,
        2,
        HEALTH,
        "กองสาธารณสุขและสิ่งแวดล้อม",
        "โครงการตรวจคัดกรองโรคเบาหวานและความดันโลหิตสูง",
        "เพื่อค้นหาผู้ป่วยรายใหม่และส่งต่อการรักษา",
        "ประชาชนอายุ 35 ปีขึ้นไป 1,000 คน",
        35000,
        SERVICES,
        (),
        "ทุกหมู่บ้าน",
    ),
    (
        4,
        3,
        CULTURE,
        "กองการศึกษา ศาสนาและวัฒนธรรม",
        "โครงการก่อสร้างลานกีฬาอเนกประสงค์",
        "เพื่อให้ประชาชนมีสถานที่ออกกำลังกาย",
        "ลานกีฬาขนาด 20 x 30 เมตร",
        450000,
        BUILDINGS,
        (),
        "บ้านหนองบัว หมู่ที่ 6",
    ),
]


# In the development plan for later years: not budgeted this year.
FUTURE = [
    (
        4,
        1,
        EDUCATION,
        "กองการศึกษา ศาสนาและวัฒนธรรม",
        "โครงการก่อสร้างอาคารศูนย์พัฒนาเด็กเล็กแห่งใหม่",
        "เพื่อรองรับเด็กเล็กที่เพิ่มขึ้นอย่างปลอดภัย",
        "อาคาร 1 หลัง รองรับเด็ก 60 คน",
        2500000,
        BUILDINGS,
    ),
    (
        1,
        2,
        HOUSING,
        "กองช่าง",
        "โครงการขยายเขตประปาหมู่บ้าน หมู่ที่ 10",
        "เพื่อให้ประชาชนมีน้ำประปาใช้อย่างทั่วถึง",
        "วางท่อ PVC ระยะทาง 1,500 เมตร",
        450000,
        BUILDINGS,
    ),
    (
        2,
        1,
        COMMUNITY,
        "สำนักปลัด",
        "โครงการก่อสร้างตลาดชุมชนตำบลบ้านโคก",
        "เพื่อเป็นแหล่งจำหน่ายสินค้าเกษตรและผลิตภัณฑ์ชุมชน",
        "อาคารตลาด 1 หลัง",
        1200000,
        BUILDINGS,
    ),
    (3, 3, SECURITY, "สำนักปลัด", "โครงการติดตั้งกล้องวงจรปิด (CCTV) จุดเสี่ยงในตำบล", "เพื่อป้องกันอาชญากรรมและอุบัติเหตุ", "กล้อง 24 จุด", 600000, BUILDINGS),
    (
        5,
        1,
        HEALTH,
        "กองสาธารณสุขและสิ่งแวดล้อม",
        "โครงการจัดทำระบบกำจัดขยะอินทรีย์ชุมชน",
        "เพื่อลดปริมาณขยะอินทรีย์ที่ต้องกำจัด",
        "ครัวเรือนเข้าร่วม 500 ครัวเรือน",
        80000,
        SERVICES,
    ),
]


def _social() -> list[DemoProject]:
    projects = []
    for row in SOCIAL:
        strategy, guideline, programme, unit, name, objective, target, amount, category, months, location = row
        project = DemoProject(strategy, guideline, programme, unit, name, objective, target, amount, category, months, location=location)
        if name.startswith("โครงการอาหารเสริม (นม)"):
            project.drafting = BudgetLine.Drafting.ACTIVITY  # ค่าวัสดุ, but printed in ผด.02 as a project
        if name.startswith(("โครงการตรวจคัดกรอง", "โครงการก่อสร้างลานกีฬา")):
            project.in_budget = False
        projects.append(project)
    for strategy, guideline, programme, unit, name, objective, target, amount, category in FUTURE:
        projects.append(DemoProject(strategy, guideline, programme, unit, name, objective, target, amount, category, (), in_budget=False))
    # Added to the development plan by its first amendment, and budgeted this year.
    projects.append(
        DemoProject(
            3,
            3,
            SECURITY,
            "สำนักปลัด",
            "โครงการจัดตั้งศูนย์ปฏิบัติการร่วมช่วยเหลือประชาชน",
            "เพื่อช่วยเหลือประชาชนที่ประสบสาธารณภัยได้ทันท่วงที",
            "ศูนย์ปฏิบัติการ 1 แห่ง",
            30000,
            SERVICES,
            (0, 1, 2),
            location="ที่ทำการ อบต.บ้านโคก",
            amendment=True,
        )
    )
    return projects


EQUIPMENT_LINES = [
    # programme, work, type, item, amount, unit, months
    (ADMIN, "งานบริหารทั่วไป", "ครุภัณฑ์คอมพิวเตอร์หรืออิเล็กทรอนิกส์", "จัดซื้อเครื่องคอมพิวเตอร์สำหรับงานประมวลผล จำนวน 2 เครื่อง", 60000, "สำนักปลัด", (2, 3)),
    (ADMIN, "งานบริหารงานคลัง", "ครุภัณฑ์คอมพิวเตอร์หรืออิเล็กทรอนิกส์", "จัดซื้อเครื่องพิมพ์แบบฉีดหมึกพร้อมติดตั้งถังหมึกพิมพ์ จำนวน 2 เครื่อง", 8600, "กองคลัง", (2,)),
    (ADMIN, "งานบริหารทั่วไป", "ครุภัณฑ์สำนักงาน", "จัดซื้อตู้เหล็กเก็บเอกสาร แบบ 2 บาน จำนวน 4 ตู้", 22000, "สำนักปลัด", (3,)),
    (WORKS, "งานก่อสร้างโครงสร้างพื้นฐาน", "ครุภัณฑ์สำรวจ", "จัดซื้อกล้องระดับ ขนาดกำลังขยาย 30 เท่า จำนวน 1 ชุด", 38000, "กองช่าง", (4,)),
    (
        HEALTH,
        "งานบริการสาธารณสุขและงานสาธารณสุขอื่น",
        "ครุภัณฑ์การเกษตร",
        "จัดซื้อเครื่องพ่นหมอกควัน จำนวน 2 เครื่อง",
        118000,
        "กองสาธารณสุขและสิ่งแวดล้อม",
        (5,),
    ),
]

OTHER_AGENCIES = [
    (
        1,
        1,
        WORKS,
        "โครงการก่อสร้างถนนลาดยาง สายบ้านโคก–บ้านนาคำ",
        "ผิวจราจรแอสฟัลท์ติกคอนกรีต กว้าง 6 เมตร ยาว 3.2 กิโลเมตร",
        9850000,
        "กรมทางหลวงชนบท",
        (4, 5, 6, 7, 8),
        (1, 3),
    ),
    (1, 2, AGRICULTURE, "โครงการก่อสร้างฝายชะลอน้ำลำห้วยยาง", "ฝายคอนกรีตเสริมเหล็ก 1 แห่ง", 2450000, "กรมทรัพยากรน้ำ", (5, 6, 7), (4,)),
    (
        2,
        1,
        COMMUNITY,
        "โครงการพัฒนาผลิตภัณฑ์ชุมชน (OTOP) ผ้าไหมบ้านนาคำ",
        "ฝึกอบรมการออกแบบลายผ้าและบรรจุภัณฑ์ 30 คน",
        120000,
        "สำนักงานพัฒนาชุมชนอำเภอศรีบุญเรือง",
        (3, 4),
        (3,),
    ),
    (
        3,
        2,
        HEALTH,
        "โครงการคัดกรองสุขภาพผู้สูงอายุและผู้ป่วยติดเตียง",
        "ผู้สูงอายุ 600 คน",
        45000,
        "โรงพยาบาลส่งเสริมสุขภาพตำบลบ้านโคก",
        (1, 2, 3, 4, 5, 6),
        (),
    ),
]

NON_ACTIVITY_LINES = [
    # programme, work, category, type, item, amount, unit
    (ADMIN, "งานบริหารทั่วไป", "210", "เงินเดือนนายก/รองนายก", "เงินเดือนนายก/รองนายกองค์การบริหารส่วนตำบล", 514080, "สำนักปลัด"),
    (ADMIN, "งานบริหารทั่วไป", "220", "เงินเดือนพนักงาน", "เงินเดือนพนักงานส่วนตำบล สำนักปลัด", 2450000, "สำนักปลัด"),
    (ADMIN, "งานบริหารงานคลัง", "220", "เงินเดือนพนักงาน", "เงินเดือนพนักงานส่วนตำบล กองคลัง", 1280000, "กองคลัง"),
    (WORKS, "งานบริหารทั่วไปเกี่ยวกับอุตสาหกรรมและการโยธา", "220", "เงินเดือนพนักงาน", "เงินเดือนพนักงานส่วนตำบล กองช่าง", 1120000, "กองช่าง"),
    (ADMIN, "งานบริหารทั่วไป", "330", "วัสดุสำนักงาน", "ค่าวัสดุสำนักงาน", 150000, "สำนักปลัด"),
    (ADMIN, "งานบริหารทั่วไป", "340", "ค่าไฟฟ้า", "ค่าไฟฟ้าที่ทำการ อบต.", 180000, "สำนักปลัด"),
    (ADMIN, "งานบริหารทั่วไป", "320", "รายจ่ายเพื่อให้ได้มาซึ่งบริการ", "ค่าจ้างเหมาบริการทำความสะอาดอาคาร", 108000, "สำนักปลัด"),
    (ADMIN, "งานบริหารทั่วไป", "320", "ค่าบำรุงรักษาและซ่อมแซม", "ค่าบำรุงรักษาและซ่อมแซมครุภัณฑ์", 100000, "สำนักปลัด"),
]


def all_projects() -> list[DemoProject]:
    return _infrastructure() + _social()


class DemoLoader:
    def __init__(self, today: dt.date):
        self.today = today
        self.year = thai.fiscal_year_of(today)
        self.programmes = {p.code: p for p in Programme.objects.all()}
        self.categories = {c.code: c for c in ExpenseCategory.objects.all()}

    @transaction.atomic
    def load(self) -> Organisation:
        org = self.organisation()
        self.users(org)
        strategic_plan = self.strategies(org)
        development_plan = self.development_plan(org, strategic_plan)
        ordinance = self.ordinance(org, development_plan)
        self.operational_plan(org, ordinance)
        self.previous_year(org, development_plan)
        return org

    def organisation(self) -> Organisation:
        org, _ = Organisation.objects.get_or_create(code=ORGANISATION["code"], defaults=ORGANISATION)
        if not org.emblem:
            org.emblem.save(f"demo-{org.code}.png", ContentFile(demo_emblem()), save=True)
        self.units = {
            name: Unit.objects.get_or_create(organisation=org, name=name, defaults={"order": i})[0] for i, name in enumerate(UNITS, 1)
        }
        self.villages = {
            n: Village.objects.get_or_create(organisation=org, number=n, defaults={"name": name})[0] for n, name in enumerate(VILLAGES, 1)
        }
        return org

    def users(self, org: Organisation) -> None:
        people = [
            ("staff", User.Role.STAFF, "สุดารัตน์", "ศรีสุข"),
            ("executive", User.Role.EXECUTIVE, "สมชาย", "ใจดี"),
            ("orgadmin", User.Role.ADMIN, "วิไลวรรณ", "พันธ์ดี"),
        ]
        for username, role, first, last in people:
            user, created = User.objects.get_or_create(
                username=username, defaults={"organisation": org, "role": role, "first_name": first, "last_name": last}
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save()
        self.staff = User.objects.get(username="staff")
        self.executive = User.objects.get(username="executive")

    def strategies(self, org: Organisation) -> StrategicPlan:
        plan, _ = StrategicPlan.objects.get_or_create(
            organisation=org,
            first_year=self.year - 4,
            defaults={"last_year": self.year + 1, "vision": VISION, "missions": MISSIONS, "goals": GOALS},
        )
        self.strategy = {}
        self.guideline = {}
        for number, (name, guidelines) in STRATEGIES.items():
            strategy, _ = Strategy.objects.get_or_create(strategic_plan=plan, number=number, defaults={"name": name})
            self.strategy[number] = strategy
            for g_number, g_name in enumerate(guidelines, 1):
                self.guideline[number, g_number] = Guideline.objects.get_or_create(
                    strategy=strategy, number=g_number, defaults={"name": g_name}
                )[0]
        return plan

    def development_plan(self, org: Organisation, strategic_plan: StrategicPlan) -> DevelopmentPlan:
        plan, _ = DevelopmentPlan.objects.get_or_create(
            organisation=org,
            first_year=self.year - 1,
            length=3,
            defaults={"strategic_plan": strategic_plan, "approved_on": dt.date(self.today.year - 2, 6, 15)},
        )
        amendment, _ = PlanAmendment.objects.get_or_create(
            development_plan=plan,
            kind=PlanAmendment.Kind.ADDITION,
            number=1,
            defaults={"approved_on": self.today - dt.timedelta(days=40)},
        )
        self.plan_projects = {}
        for number, demo in enumerate(all_projects(), 1):
            project, created = PlanProject.objects.get_or_create(
                development_plan=plan,
                name=demo.name,
                defaults={
                    "number": number,
                    "strategy": self.strategy[demo.strategy],
                    "guideline": self.guideline[demo.strategy, demo.guideline],
                    "programme": self.programmes[demo.programme],
                    "objective": demo.objective,
                    "target": demo.target,
                    "kpi": "ร้อยละความพึงพอใจของประชาชนไม่น้อยกว่า 80",
                    "expected_result": "ประชาชนได้รับประโยชน์ตามวัตถุประสงค์ของโครงการ",
                    "unit": self.units[demo.unit],
                    "amendment": amendment if demo.amendment else None,
                },
            )
            if created:
                years = [self.year] if demo.amendment else plan.years if demo.in_budget else [self.year + 1]
                for year in years:
                    PlanProjectBudget.objects.create(project=project, fiscal_year=year, amount=Decimal(demo.amount), source="งบประมาณ อบต.")
            self.plan_projects[demo.name] = project
        return plan

    def ordinance(self, org: Organisation, development_plan: DevelopmentPlan) -> BudgetOrdinance:
        ordinance, _ = BudgetOrdinance.objects.get_or_create(
            organisation=org,
            fiscal_year=self.year,
            kind=BudgetOrdinance.Kind.MAIN,
            number=1,
            defaults={"enacted_on": self.today - dt.timedelta(days=12)},
        )
        order = 0
        for demo in all_projects():
            if not demo.in_budget:
                continue
            order += 1
            self._line(
                ordinance,
                order,
                demo.programme,
                self._work(demo.programme),
                demo.category,
                "รายจ่ายเกี่ยวเนื่องกับการปฏิบัติราชการที่ไม่เข้าลักษณะรายจ่ายหมวดอื่น ๆ" if demo.category == SERVICES else "",
                demo.name,
                demo.amount,
                demo.unit,
                self.plan_projects[demo.name],
                demo.drafting,
            )
        # Budgeted this year although the development plan has it only next year: the checks flag
        # it, and staff record the plan amendment it needs.
        cctv = next(demo for demo in all_projects() if "CCTV" in demo.name)
        order += 1
        self._line(ordinance, order, cctv.programme, self._work(cctv.programme), cctv.category, "ค่าก่อสร้างสิ่งสาธารณูปโภค",
                   cctv.name, cctv.amount, cctv.unit, self.plan_projects[cctv.name])  # fmt: skip
        for programme, work, item_type, item, amount, unit, _months in EQUIPMENT_LINES:
            order += 1
            self._line(ordinance, order, programme, work, EQUIPMENT, item_type, item, amount, unit, None)
        for programme, work, category, item_type, item, amount, unit in NON_ACTIVITY_LINES:
            order += 1
            self._line(ordinance, order, programme, work, category, item_type, item, amount, unit, None)
        return ordinance

    def _line(self, ordinance, order, programme, work, category, item_type, item, amount, unit, project, drafting=BudgetLine.Drafting.AUTO):
        return BudgetLine.objects.get_or_create(
            ordinance=ordinance,
            item=item,
            defaults={
                "order": order,
                "programme": self.programmes[programme],
                "work": work,
                "category": self.categories[category],
                "item_type": item_type,
                "amount": Decimal(amount),
                "unit": self.units[unit],
                "plan_project": project,
                "drafting": drafting,
            },
        )[0]

    @staticmethod
    def _work(programme: str) -> str:
        return {
            ADMIN: "งานบริหารทั่วไป", SECURITY: "งานป้องกันภัยฝ่ายพลเรือนและระงับอัคคีภัย", EDUCATION: "งานระดับก่อนวัยเรียนและประถมศึกษา",
            HEALTH: "งานบริการสาธารณสุขและงานสาธารณสุขอื่น", WELFARE: "งานสวัสดิการสังคมและสังคมสงเคราะห์", HOUSING: "งานไฟฟ้าถนน",
            COMMUNITY: "งานส่งเสริมและสนับสนุนความเข้มแข็งชุมชน", CULTURE: "งานกีฬาและนันทนาการ", WORKS: "งานก่อสร้างโครงสร้างพื้นฐาน",
            AGRICULTURE: "งานส่งเสริมการเกษตร",
        }[programme]  # fmt: skip

    def operational_plan(self, org: Organisation, ordinance: BudgetOrdinance) -> OperationalPlan:
        """Drafted from the budget in one action, as staff would; then the months and places staff add."""
        existing = OperationalPlan.objects.filter(
            organisation=org, fiscal_year=self.year, edition_kind=OperationalPlan.Edition.ORIGINAL
        ).first()
        if existing is not None:
            return existing  # loaded before: never redraft over what staff changed since
        plan, _result = plan_create_from_budget(ordinance=ordinance)
        self.fill_in(plan, leave_out={"จัดซื้อตู้เหล็ก"})  # one left without a place, for the checks to find
        for order, (strategy, guideline, programme, name, details, amount, agency, months, villages) in enumerate(OTHER_AGENCIES, 900):
            activity = Activity.objects.create(
                plan=plan, order=order, strategy=self.strategy[strategy], guideline=self.guideline[strategy, guideline],
                programme=self.programmes[programme], name=name, details=details, budget=Decimal(amount),
                months=thai.months_to_mask(months), other_agency=agency, location="" if villages else "ทุกหมู่บ้าน",
            )  # fmt: skip
            activity.villages.set([self.villages[n] for n in villages])
        return plan

    def fill_in(self, plan: OperationalPlan, leave_out: set[str] = frozenset()) -> None:
        """What staff add after drafting from the budget: the months and the places."""
        schedule = {demo.name: demo for demo in all_projects()}
        equipment = {item: months for _p, _w, _t, item, _a, _u, months in EQUIPMENT_LINES}
        for activity in plan.activities.all():
            demo = schedule.get(activity.name)
            if demo is not None:
                activity.months = thai.months_to_mask(demo.months)
                activity.location = demo.location
                activity.save()
                activity.villages.set([self.villages[n] for n in demo.villages])
            elif activity.name in equipment:
                activity.months = thai.months_to_mask(equipment[activity.name])
                if not any(activity.name.startswith(prefix) for prefix in leave_out):
                    activity.location = "ที่ทำการ อบต.บ้านโคก"
                activity.save()

    def previous_year(self, org: Organisation, development_plan: DevelopmentPlan) -> None:
        """Last fiscal year: announced, then amended once by an additional budget, announced again."""
        year = self.year - 1
        if OperationalPlan.objects.filter(organisation=org, fiscal_year=year).exists():
            return
        start, _end = thai.fiscal_period(year)
        main = BudgetOrdinance.objects.create(organisation=org, fiscal_year=year, enacted_on=start - dt.timedelta(days=11))
        budgeted = [demo for demo in all_projects() if demo.in_budget and not demo.amendment]
        for order, demo in enumerate(budgeted[:-2], 1):
            self._line(main, order, demo.programme, self._work(demo.programme), demo.category, "", demo.name, demo.amount, demo.unit,
                       self.plan_projects[demo.name], demo.drafting)  # fmt: skip
        for order, (programme, work, item_type, item, amount, unit, _months) in enumerate(EQUIPMENT_LINES[:2], 100):
            self._line(main, order, programme, work, EQUIPMENT, item_type, item, amount, unit, None)
        plan, _result = plan_create_from_budget(ordinance=main)
        self.fill_in(plan)
        self.announce(plan, main.enacted_on + dt.timedelta(days=24))

        additional = BudgetOrdinance.objects.create(
            organisation=org,
            fiscal_year=year,
            kind=BudgetOrdinance.Kind.ADDITIONAL,
            number=1,
            enacted_on=dt.date(thai.ce_year(year), 3, 10),
        )
        for order, demo in enumerate(budgeted[-2:], 1):
            self._line(additional, order, demo.programme, self._work(demo.programme), demo.category, "", demo.name, demo.amount, demo.unit,
                       self.plan_projects[demo.name], demo.drafting)  # fmt: skip
        edition = edition_start(plan=plan, kind=OperationalPlan.Edition.ADDITIONAL, ordinance=additional, user=self.staff)
        self.fill_in(edition)
        self.announce(edition, additional.enacted_on + dt.timedelta(days=14))
        self.year_of_progress(edition)
        # The executive published the six-month report in April, from the progress as it stood on 31 March.
        published = dt.date(thai.ce_year(year), 4, 20)
        six_month_announce(organisation=org, fiscal_year=year, user=self.executive, draft=six_month_draft(org, year, published))

    def year_of_progress(self, plan: OperationalPlan) -> None:
        """How last year went, as staff recorded it: most done, some late, a few not started or cancelled;
        each first as it stood in late March (what the six-month report reads), then as at the year's end."""
        march, september = (_moment(dt.date(thai.ce_year(plan.fiscal_year), month, day)) for month, day in ((3, 25), (9, 28)))
        for index, activity in enumerate(plan.activities.filter(other_agency="").order_by("pk")):
            planned = thai.mask_to_months(activity.months) or [6]
            status = [Progress.Status.COMPLETED] * 6 + [Progress.Status.DELAYED, Progress.Status.IN_PROGRESS, Progress.Status.NOT_STARTED]
            status = status[index % len(status)] if index % 17 else Progress.Status.CANCELLED
            done = status == Progress.Status.COMPLETED
            late = 2 if status == Progress.Status.DELAYED or index % 5 == 0 else 0
            contract = (
                (activity.budget * Decimal("0.97")).quantize(Decimal("1"))
                if status != Progress.Status.NOT_STARTED and status != Progress.Status.CANCELLED
                else None
            )
            progress = Progress(organisation=plan.organisation, fiscal_year=plan.fiscal_year, key=activity.key)
            progress._history_date = march
            self._as_in_march(progress, status, planned, contract)
            progress.save()
            for name, value in {
                "status": status, "actual_start": min(planned[0] + late, 11) if contract else None,
                "actual_end": min(planned[-1] + late, 11) if done else None, "contract_amount": contract,
                "disbursed": contract if done else (contract * Decimal("0.4")).quantize(Decimal("1")) if contract else None,
                "percent": 100 if done else (60 if contract else 0), "note": "ดำเนินการตามสัญญาจ้าง" if contract else "",
            }.items():  # fmt: skip
                setattr(progress, name, value)
            progress._history_date = september
            progress.save()

    @staticmethod
    def _as_in_march(progress: Progress, status: str, planned: list[int], contract: Decimal | None) -> None:
        """Where a project stood in late March: done if it was to end by March, under way (or late) if it had begun."""
        by_march = planned[-1] <= MARCH
        begun = planned[0] <= MARCH and contract is not None
        if status == Progress.Status.COMPLETED and by_march:
            progress.status, progress.percent, progress.contract_amount, progress.disbursed = status, 100, contract, contract
            progress.actual_start, progress.actual_end = planned[0], planned[-1]
        elif begun:
            late = status == Progress.Status.DELAYED
            progress.status = Progress.Status.DELAYED if late else Progress.Status.IN_PROGRESS
            progress.contract_amount, progress.disbursed = contract, (contract * Decimal("0.3")).quantize(Decimal("1"))
            progress.percent, progress.actual_start = 30, planned[0]
            progress.note = "ผู้รับจ้างขอขยายเวลาเนื่องจากฝนตกต่อเนื่อง" if late else "อยู่ระหว่างดำเนินการตามสัญญา"

    def announce(self, plan: OperationalPlan, day: dt.date) -> None:
        plan._history_date = _moment(day)  # its history says it was announced that day (the six-month report reads it)
        plan_transition(plan=plan, user=self.staff, action=Review.Action.SUBMIT)
        plan_transition(plan=plan, user=self.executive, action=Review.Action.APPROVE)
        plan_announce(plan=plan, user=self.executive, draft=announcement_draft(plan, day))


MARCH = thai.fiscal_month_index(3)


def _moment(day: dt.date) -> dt.datetime:
    """Ten in the morning of `day`, local time: when the demo says something was recorded."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10)))


def demo_emblem() -> bytes:
    """A stand-in seal for the demo (a real อปท. uploads its own seal or the Garuda)."""
    size = 480
    image = Image.new("RGBA", (size, size), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    gold, green, white = (191, 144, 0, 255), (34, 110, 60, 255), (255, 255, 255, 255)
    draw.ellipse((8, 8, size - 8, size - 8), fill=gold)
    draw.ellipse((40, 40, size - 40, size - 40), fill=white)
    draw.ellipse((64, 64, size - 64, size - 64), fill=green)
    centre = size // 2
    for dx in (-70, 0, 70):  # three rice sheaves
        draw.polygon([(centre + dx, 120), (centre + dx - 38, 330), (centre + dx + 38, 330)], fill=gold)
    draw.rectangle((centre - 130, 330, centre + 130, 360), fill=white)
    return _png(image)


def _png(image: Image.Image) -> bytes:
    buffer = BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


SECOND = {
    "code": "6390207",
    "kind": Organisation.Kind.TAMBON,
    "name": "นาคำ",
    "district": "นากลาง",
    "province": "หนองบัวลำภู",
    "executive_name": "นางบุญเรือน คำดี",
    "digit_style": thai.ARABIC,
    "locality": vocabulary.COMMUNITY,  # its areas are ชุมชน: the demo shows a เทศบาล's words (plans/words.py)
}
SECOND_STRATEGIES = {1: "การพัฒนาเมืองและโครงสร้างพื้นฐาน", 2: "การพัฒนาคนและสังคม", 3: "การบริหารจัดการบ้านเมืองที่ดี"}
# strategy, programme, unit, name, amount, category, months, village
SECOND_PROJECTS = [
    (1, WORKS, "กองช่าง", "โครงการปรับปรุงผิวจราจรแอสฟัลท์ติกคอนกรีต ถนนเทศบาล 3", 850000, BUILDINGS, (3, 4, 5), 1),
    (1, HOUSING, "กองช่าง", "โครงการวางท่อระบายน้ำ ซอยนาคำ 5", 420000, BUILDINGS, (4, 5), 2),
    (1, HOUSING, "กองช่าง", "โครงการติดตั้งไฟฟ้าแสงสว่างถนนสายหลักในเขตเทศบาล", 380000, BUILDINGS, (6, 7), 3),
    (1, WORKS, "กองช่าง", "โครงการก่อสร้างรางระบายน้ำ คสล. ชุมชนนาคำใต้", 510000, BUILDINGS, (5, 6, 7), 4),
    (2, EDUCATION, "กองการศึกษา", "โครงการอุดหนุนอาหารกลางวันโรงเรียนเทศบาล", 1240000, SUBSIDY, tuple(range(12)), 1),
    (2, HEALTH, "กองสาธารณสุขและสิ่งแวดล้อม", "โครงการป้องกันและควบคุมโรคไข้เลือดออกในเขตเทศบาล", 60000, SERVICES, (7, 8, 9), 0),
    (2, CULTURE, "กองการศึกษา", "โครงการจัดงานประเพณีลอยกระทงเทศบาลตำบลนาคำ", 150000, SERVICES, (1,), 2),
    (2, WELFARE, "สำนักปลัดเทศบาล", "โครงการส่งเสริมสุขภาพผู้สูงอายุในชุมชน", 45000, SERVICES, (2, 3, 4), 0),
    (2, COMMUNITY, "สำนักปลัดเทศบาล", "โครงการฝึกอบรมอาชีพการทำขนมไทย", 30000, SERVICES, (5,), 3),
    (3, ADMIN, "สำนักปลัดเทศบาล", "โครงการจัดทำแผนพัฒนาท้องถิ่นโดยประชาคม", 25000, SERVICES, (8,), 0),
    (3, ADMIN, "กองคลัง", "โครงการพัฒนาระบบแผนที่ภาษีและทะเบียนทรัพย์สิน", 200000, SERVICES, (2, 3, 4, 5), 0),
    (3, SECURITY, "สำนักปลัดเทศบาล", "โครงการฝึกซ้อมแผนป้องกันและบรรเทาสาธารณภัย", 40000, SERVICES, (6,), 0),
]


def load_second_organisation(today: dt.date) -> Organisation:
    """A smaller เทศบาลตำบล with its own users and an announced plan: isolation at work, and a five-year plan."""
    org, created = Organisation.objects.get_or_create(code=SECOND["code"], defaults=SECOND)
    if not created:
        return org
    year = thai.fiscal_year_of(today)
    programmes = {p.code: p for p in Programme.objects.all()}
    categories = {c.code: c for c in ExpenseCategory.objects.all()}
    units = {name: Unit.objects.create(organisation=org, name=name) for name in {row[2] for row in SECOND_PROJECTS}}
    villages = {
        n: Village.objects.create(organisation=org, number=n, name=name)
        for n, name in enumerate(["ชุมชนนาคำเหนือ", "ชุมชนนาคำใต้", "ชุมชนโนนสวรรค์", "ชุมชนหนองแสง"], 1)
    }
    for username, role, first in (
        ("nakham-staff", User.Role.STAFF, "ปราณี"),
        ("nakham-executive", User.Role.EXECUTIVE, "บุญเรือน"),
        ("nakham-admin", User.Role.ADMIN, "สมศรี"),
    ):
        User.objects.create_user(username=username, password=DEMO_PASSWORD, organisation=org, role=role, first_name=first)
    strategic = StrategicPlan.objects.create(organisation=org, title="ยุทธศาสตร์การพัฒนาเทศบาลตำบลนาคำ", first_year=year - 4, last_year=year,
                                             vision="นาคำเมืองน่าอยู่ ประชาชนมีคุณภาพชีวิตที่ดี")  # fmt: skip
    strategies = {n: Strategy.objects.create(strategic_plan=strategic, number=n, name=name) for n, name in SECOND_STRATEGIES.items()}
    development = DevelopmentPlan.objects.create(organisation=org, strategic_plan=strategic, first_year=year - 4, length=5)
    ordinance = BudgetOrdinance.objects.create(organisation=org, fiscal_year=year, enacted_on=today - dt.timedelta(days=45))
    for order, (strategy, programme, unit, name, amount, category, _months, _village) in enumerate(SECOND_PROJECTS, 1):
        project = PlanProject.objects.create(development_plan=development, number=order, strategy=strategies[strategy],
                                             programme=programmes[programme], name=name, unit=units[unit])  # fmt: skip
        PlanProjectBudget.objects.create(project=project, fiscal_year=year, amount=Decimal(amount), source="งบประมาณเทศบาล")
        BudgetLine.objects.create(ordinance=ordinance, order=order, programme=programmes[programme], work=DemoLoader._work(programme),
                                  category=categories[category], item=name, amount=Decimal(amount), unit=units[unit], plan_project=project)  # fmt: skip
    plan, _result = plan_create_from_budget(ordinance=ordinance)
    schedule = {row[3]: row for row in SECOND_PROJECTS}
    for activity in plan.activities.all():
        *_rest, months, village = schedule[activity.name]
        activity.months = thai.months_to_mask(months)
        activity.location = "ในเขตเทศบาล" if not village else ""
        activity.save()
        if village:
            activity.villages.set([villages[village]])
    staff, executive = User.objects.get(username="nakham-staff"), User.objects.get(username="nakham-executive")
    plan_transition(plan=plan, user=staff, action=Review.Action.SUBMIT)
    plan_transition(plan=plan, user=executive, action=Review.Action.APPROVE)
    plan_announce(plan=plan, user=executive, draft=announcement_draft(plan, ordinance.enacted_on + dt.timedelta(days=26)))
    return org


NEW_MUNICIPALITY = {
    "code": "4010902",
    "kind": Organisation.Kind.TOWN,
    "name": "ท่าพระ",
    "district": "เมืองขอนแก่น",
    "province": "ขอนแก่น",
    "executive_name": "นายวีระพงษ์ ศรีท่าพระ",
}


def load_new_municipality() -> Organisation:
    """A เทศบาลเมือง with its users and nothing entered yet: its first hour starts from its own files
    (`manage.py example_files` writes them as such a municipality keeps them)."""
    org, created = Organisation.objects.get_or_create(code=NEW_MUNICIPALITY["code"], defaults=NEW_MUNICIPALITY)
    if created:
        for username, role, first in (
            ("thaphra-staff", User.Role.STAFF, "จันทร์เพ็ญ"),
            ("thaphra-executive", User.Role.EXECUTIVE, "วีระพงษ์"),
            ("thaphra-admin", User.Role.ADMIN, "อรุณี"),
        ):
            User.objects.create_user(username=username, password=DEMO_PASSWORD, organisation=org, role=role, first_name=first)
    return org


def load_demo(today: dt.date | None = None) -> Organisation:
    today = today or timezone.localdate()
    with transaction.atomic():
        organisation = DemoLoader(today).load()
        load_second_organisation(today)
        load_new_municipality()
    return organisation
