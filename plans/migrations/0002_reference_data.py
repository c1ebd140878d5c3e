"""The national classification every อปท. budget uses: 4 ด้าน, 12 แผนงาน, the งบ and their หมวด."""

from django.db import migrations

SECTORS = [
    ("00100", "ด้านบริหารทั่วไป"),
    ("00200", "ด้านบริการชุมชนและสังคม"),
    ("00300", "ด้านการเศรษฐกิจ"),
    ("00400", "ด้านการดำเนินงานอื่น"),
]

PROGRAMMES = [
    ("00110", "00100", "แผนงานบริหารงานทั่วไป"),
    ("00120", "00100", "แผนงานการรักษาความสงบภายใน"),
    ("00210", "00200", "แผนงานการศึกษา"),
    ("00220", "00200", "แผนงานสาธารณสุข"),
    ("00230", "00200", "แผนงานสังคมสงเคราะห์"),
    ("00240", "00200", "แผนงานเคหะและชุมชน"),
    ("00250", "00200", "แผนงานสร้างความเข้มแข็งของชุมชน"),
    ("00260", "00200", "แผนงานการศาสนาวัฒนธรรมและนันทนาการ"),
    ("00310", "00300", "แผนงานอุตสาหกรรมและการโยธา"),
    ("00320", "00300", "แผนงานการเกษตร"),
    ("00330", "00300", "แผนงานการพาณิชย์"),
    ("00410", "00400", "แผนงานงบกลาง"),
]

GROUPS = [
    ("100", "งบกลาง"),
    ("200", "งบบุคลากร"),
    ("300", "งบดำเนินงาน"),
    ("400", "งบลงทุน"),
    ("500", "งบเงินอุดหนุน"),
    ("600", "งบรายจ่ายอื่น"),
]

# (code, group, name, what its lines become in the operational plan)
CATEGORIES = [
    ("110", "100", "งบกลาง", "none"),
    ("210", "200", "เงินเดือน (ฝ่ายการเมือง)", "none"),
    ("220", "200", "เงินเดือน (ฝ่ายประจำ)", "none"),
    ("310", "300", "ค่าตอบแทน", "none"),
    ("320", "300", "ค่าใช้สอย", "project_items"),
    ("330", "300", "ค่าวัสดุ", "none"),
    ("340", "300", "ค่าสาธารณูปโภค", "none"),
    ("410", "400", "ค่าครุภัณฑ์", "equipment"),
    ("420", "400", "ค่าที่ดินและสิ่งก่อสร้าง", "activity"),
    ("510", "500", "เงินอุดหนุน", "activity"),
    ("610", "600", "รายจ่ายอื่น", "none"),
]


def load(apps, schema_editor):
    Sector = apps.get_model("plans", "Sector")
    Programme = apps.get_model("plans", "Programme")
    ExpenseGroup = apps.get_model("plans", "ExpenseGroup")
    ExpenseCategory = apps.get_model("plans", "ExpenseCategory")
    sectors = {code: Sector.objects.update_or_create(code=code, defaults={"name": name})[0] for code, name in SECTORS}
    for code, sector, name in PROGRAMMES:
        Programme.objects.update_or_create(code=code, defaults={"sector": sectors[sector], "name": name})
    groups = {code: ExpenseGroup.objects.update_or_create(code=code, defaults={"name": name})[0] for code, name in GROUPS}
    for code, group, name, drafting in CATEGORIES:
        ExpenseCategory.objects.update_or_create(
            code=code, defaults={"group": groups[group], "name": name, "drafting": drafting}
        )


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
