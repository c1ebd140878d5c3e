from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from operations import archive
from plans.models import Organisation


class Command(BaseCommand):
    help = "Write one organisation's complete data (records, their history, its users and uploaded files) to FILE.zip."

    def add_arguments(self, parser):
        parser.add_argument("code", help="the 7-digit DLA code of the organisation")
        parser.add_argument("file", type=Path, help="the archive to write (.zip)")

    def handle(self, *args, **options):
        path: Path = options["file"]
        if path.suffix.lower() != ".zip":
            raise CommandError("ชื่อไฟล์สำรองต้องลงท้ายด้วย .zip")
        organisation = Organisation.objects.filter(code=options["code"]).first()
        if organisation is None:
            raise CommandError(f"ไม่พบ อปท. รหัส {options['code']}")
        try:
            content = archive.export_organisation(organisation)
        except archive.ArchiveError as error:
            raise CommandError(str(error)) from error
        path.write_bytes(content)
        manifest = archive.read_manifest(content)
        totals = manifest["totals"]
        self.stdout.write(
            f"ส่งออกข้อมูลของ{organisation} ไปที่ {path} แล้ว: ข้อมูล {totals['records']:,} รายการ "
            f"ประวัติการแก้ไข {totals['history']:,} รายการ ไฟล์ {totals['files']:,} ไฟล์"
        )
        for name in manifest["missing_files"]:
            self.stderr.write(f"ไม่พบไฟล์ {name} ในที่เก็บไฟล์ จึงไม่ได้อยู่ในไฟล์สำรอง")
