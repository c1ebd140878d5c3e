"""The default text of ส่วนที่ 1 บทนำ, written for this product following the regulation.

Each plan starts from this text (with its organisation, development plan and year filled in) and
staff may edit it for that plan. The text is plain: a line starting with "## " is a subheading,
a line starting with "- " a bullet, any other line a paragraph.
"""

from __future__ import annotations

from plans.models import OperationalPlan

# The bodies the regulation (ข้อ ๒๖) gives the plan to, in order: one source for step 3 below and for
# the announcement (announcements/text.py), so that the two never name different ones.
SUPPORT_COMMITTEE = "คณะกรรมการสนับสนุนการจัดทำแผนพัฒนาท้องถิ่น"  # gathers the projects and drafts the plan
DEVELOPMENT_COMMITTEE = "คณะกรรมการพัฒนาท้องถิ่น"  # considers the draft and proposes it
EXECUTIVE = "ผู้บริหารท้องถิ่น"  # announces it

SECTIONS = (
    ("intro_nature", "๑. ลักษณะของแผนการดำเนินงาน"),
    ("intro_objectives", "๒. วัตถุประสงค์ของการจัดทำแผนการดำเนินงาน"),
    ("intro_steps", "๓. ขั้นตอนการจัดทำแผนการดำเนินงาน"),
    ("intro_benefits", "๔. ประโยชน์ของแผนการดำเนินงาน"),
)

NATURE = """- แผนการดำเนินงานนำยุทธศาสตร์การพัฒนาและโครงการใน{development_plan} มาแปลงเป็นการปฏิบัติจริงในปีงบประมาณ พ.ศ. {year}
- จัดทำขึ้นหลังจากที่{annual_budget} ประกาศใช้แล้ว และจัดทำเพิ่มเติมหรือแก้ไขทุกครั้งที่มีงบประมาณรายจ่ายเพิ่มเติม งบประมาณจากเงินสะสม หรือได้รับแจ้งโครงการของหน่วยงานอื่น
- แสดงเป้าหมาย รายละเอียดของกิจกรรม งบประมาณ สถานที่ หน่วยงานรับผิดชอบ และช่วงเวลาดำเนินงานของแต่ละโครงการอย่างชัดเจน
- รวบรวมโครงการและกิจกรรมทั้งหมดที่จะดำเนินการในพื้นที่ ทั้งของ{organisation}เอง และของหน่วยราชการส่วนกลาง ส่วนภูมิภาค รัฐวิสาหกิจ และหน่วยงานอื่นที่เข้ามาดำเนินการในพื้นที่"""

OBJECTIVES = """ระเบียบกระทรวงมหาดไทยว่าด้วยการจัดทำแผนพัฒนาขององค์กรปกครองส่วนท้องถิ่น พ.ศ. ๒๕๔๘ และที่แก้ไขเพิ่มเติม กำหนดให้องค์กรปกครองส่วนท้องถิ่นจัดทำแผนการดำเนินงาน โดยมีวัตถุประสงค์ดังนี้
- เพื่อแสดงรายละเอียดของแผนงาน โครงการ และกิจกรรมการพัฒนาที่จะดำเนินการจริงทั้งหมดในพื้นที่ของ{organisation} ในปีงบประมาณ พ.ศ. {year}
- เพื่อให้การบริหารงานและการปฏิบัติงานของทุกหน่วยงานในปีงบประมาณนี้มีทิศทาง เป้าหมาย และกำหนดเวลาที่ชัดเจน
- เพื่อประสานและบูรณาการการทำงานกับหน่วยงานอื่นที่ดำเนินการในพื้นที่ และลดความซ้ำซ้อนของโครงการ
- เพื่อเป็นฐานข้อมูลให้การติดตามและประเมินผลเมื่อสิ้นปีงบประมาณทำได้สะดวกและตรวจสอบได้"""

STEPS = """การจัดทำแผนการดำเนินงานมี ๓ ขั้นตอน ดังนี้
## ขั้นตอนที่ ๑ การเก็บรวบรวมข้อมูล
{support}รวบรวมโครงการและกิจกรรมที่จะดำเนินการจริงในพื้นที่ ทั้งโครงการที่ตั้งงบประมาณไว้ใน{budget}ของ{organisation} และโครงการของหน่วยงานอื่นที่จะเข้ามาดำเนินการในพื้นที่ โดยตรวจสอบกับหน่วยงานในพื้นที่และแผนพัฒนาจังหวัดและอำเภอ
## ขั้นตอนที่ ๒ การจัดทำร่างแผนการดำเนินงาน
{support}จัดหมวดหมู่โครงการให้สอดคล้องกับยุทธศาสตร์และแนวทางการพัฒนาในแผนพัฒนา แล้วจัดทำร่างแผนการดำเนินงาน ซึ่งมีเค้าโครง ๒ ส่วน คือ ส่วนที่ ๑ บทนำ และส่วนที่ ๒ บัญชีโครงการ/กิจกรรม
## ขั้นตอนที่ ๓ การประกาศแผนการดำเนินงาน
{support}เสนอร่างแผนการดำเนินงานต่อ{committee}เพื่อพิจารณา {committee}พิจารณาแล้วเสนอ{executive}ประกาศใช้ แล้วปิดประกาศโดยเปิดเผยภายในสิบห้าวันนับแต่วันที่ประกาศใช้ และปิดไว้อย่างน้อยสามสิบวัน เพื่อให้ประชาชนทราบและตรวจสอบได้"""

BENEFITS = """- ทำให้ทราบเป้าหมาย รายละเอียดของกิจกรรม งบประมาณ และระยะเวลาของการดำเนินงานจริงในปีงบประมาณ พ.ศ. {year} อย่างชัดเจน
- ทำให้หน่วยงานต่าง ๆ ปฏิบัติงานได้ตามทิศทางและกำหนดเวลา และประสานงานกันได้ง่ายขึ้น
- ทำให้ประชาชนทราบว่าจะมีโครงการใดดำเนินการใน{locality}ของตนเมื่อใด และติดตามตรวจสอบได้
- ทำให้การติดตามและประเมินผลเมื่อสิ้นปีงบประมาณทำได้สะดวก เพราะมีรายละเอียดของแผนงานและโครงการจำแนกไว้ครบถ้วน"""

DEFAULTS = {"intro_nature": NATURE, "intro_objectives": OBJECTIVES, "intro_steps": STEPS, "intro_benefits": BENEFITS}


def default_text(plan: OperationalPlan, field: str) -> str:
    development_plan = str(plan.development_plan) if plan.development_plan_id else "แผนพัฒนาท้องถิ่น"
    words = plan.organisation.words
    return DEFAULTS[field].format(
        organisation=plan.organisation.full_name,
        development_plan=development_plan,
        annual_budget=words.ordinance_on(f"งบประมาณรายจ่ายประจำปีงบประมาณ พ.ศ. {plan.fiscal_year}"),
        budget=words.ordinance_on("งบประมาณรายจ่าย"),
        locality=words.locality,
        year=plan.fiscal_year,
        support=SUPPORT_COMMITTEE,
        committee=DEVELOPMENT_COMMITTEE,
        executive=EXECUTIVE,
    )


def introduction(plan: OperationalPlan) -> list[tuple[str, str]]:
    """The four sections of Part 1 as (heading, text): the plan's own text, or the default."""
    return [(heading, getattr(plan, field) or default_text(plan, field)) for field, heading in SECTIONS]


def blocks(text: str) -> list[tuple[str, str]]:
    """The text as ("heading" | "bullet" | "paragraph", line) blocks for the templates."""
    result = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        if line.startswith("## "):
            result.append(("heading", line[3:].strip()))
        elif line.startswith(("- ", "• ")):
            result.append(("bullet", line[2:].strip()))
        else:
            result.append(("paragraph", line))
    return result
