"""A synthetic organisation with a large operational plan, for the benchmarks."""

from __future__ import annotations

import random
from decimal import Decimal

from lib import thai
from plans.models import OperationalPlan, Organisation, Programme, StrategicPlan, Strategy, Unit, Village
from projects.models import Activity

WORDS = [
    "ก่อสร้างถนนคอนกรีตเสริมเหล็ก", "ปรับปรุงระบบประปาหมู่บ้าน", "ฝึกอบรมอาชีพการทอผ้า", "ส่งเสริมสุขภาพผู้สูงอายุ",
    "ป้องกันโรคไข้เลือดออก", "จัดงานประเพณีบุญบั้งไฟ", "ขุดลอกหนองน้ำสาธารณะ", "ติดตั้งไฟฟ้าส่องสว่าง",
    "อุดหนุนอาหารกลางวันโรงเรียน", "รณรงค์คัดแยกขยะต้นทาง", "แข่งขันกีฬาต้านยาเสพติด", "พัฒนาศักยภาพบุคลากร",
]  # fmt: skip
DETAILS = [
    "กว้าง 5 เมตร ยาว 300 เมตร หนา 0.15 เมตร หรือมีพื้นที่ไม่น้อยกว่า 1,500 ตารางเมตร",
    "ผู้เข้าร่วมโครงการ 50 คน เพื่อเพิ่มรายได้และส่งเสริมการพึ่งพาตนเองของครัวเรือน",
    "เพื่อให้ประชาชนมีน้ำสะอาดใช้อุปโภคบริโภคอย่างเพียงพอตลอดปี",
]


LONG_DETAIL = (
    "ก่อสร้างถนนคอนกรีตเสริมเหล็กสายหลักของตำบล ผิวจราจรกว้าง 6 เมตร ยาว 1,200 เมตร หนา 0.15 เมตร ไหล่ทางลูกรังกว้างข้างละ 0.50 เมตร "
    "พร้อมวางท่อระบายน้ำคอนกรีตเสริมเหล็กขนาดเส้นผ่านศูนย์กลาง 0.60 เมตร จำนวน 24 จุด และบ่อพักน้ำทุกระยะ 50 เมตร ติดตั้งป้ายโครงการ 1 ป้าย "
)


def make_plan(activities: int = 1000, strategies: int = 8, code: str = "9990001", seed: int = 2570, long_every: int = 0) -> OperationalPlan:
    """With `long_every`, every so many activities has a detail of about 2,400 characters (three pages' worth)."""
    rng = random.Random(seed)
    org = Organisation.objects.create(code=code, kind=Organisation.Kind.TOWN, name=f"ทดสอบ{code}", district="เมือง", province="ขอนแก่น")
    units = [
        Unit.objects.create(organisation=org, name=name) for name in ("สำนักปลัด", "กองคลัง", "กองช่าง", "กองการศึกษา", "กองสาธารณสุขและสิ่งแวดล้อม")
    ]
    villages = [Village.objects.create(organisation=org, number=n, name=f"บ้านหมู่ {n}") for n in range(1, 16)]
    strategic = StrategicPlan.objects.create(organisation=org, first_year=2566, last_year=2570)
    strategy_list = [
        Strategy.objects.create(strategic_plan=strategic, number=n, name=f"การพัฒนาด้านที่ {n} ของเมือง") for n in range(1, strategies + 1)
    ]
    programmes = list(Programme.objects.all())
    plan = OperationalPlan.objects.create(organisation=org, fiscal_year=2570, strategic_plan=strategic)
    rows = []
    for i in range(activities):
        first = rng.randrange(12)
        length = rng.randint(1, 12 - first)
        kind = rng.random()
        rows.append(
            Activity(
                plan=plan,
                order=i,
                strategy=strategy_list[i % strategies],
                programme=programmes[rng.randrange(len(programmes))],
                name=f"โครงการ{rng.choice(WORDS)} หมู่ที่ {rng.randint(1, 15)} ลำดับ {i + 1}",
                details=LONG_DETAIL * 9 if long_every and i % long_every == long_every - 1 else rng.choice(DETAILS),
                budget=Decimal(rng.randrange(100_000_000, 999_999_999) if i % 97 == 0 else rng.randrange(5_000, 20_000_000, 500)),
                location=f"บ้านหมู่ {rng.randint(1, 15)}",
                unit=None if kind > 0.93 else rng.choice(units),
                other_agency="กรมทางหลวงชนบท" if kind > 0.93 else "",
                is_equipment=0.85 < kind <= 0.93,
                item_type="ครุภัณฑ์สำนักงาน" if 0.85 < kind <= 0.93 else "",
                months=thai.months_to_mask(range(first, first + length)),
            )
        )
    Activity.objects.bulk_create(rows, batch_size=500)
    through = Activity.villages.through
    through.objects.bulk_create(
        [through(activity_id=a.pk, village_id=rng.choice(villages).pk) for a in plan.activities.all()], batch_size=500
    )
    return plan
