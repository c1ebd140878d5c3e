from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from operations import archive


class Command(BaseCommand):
    help = "Restore one organisation from FILE.zip made by export_organisation; refuses to overwrite anything."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="the archive made by export_organisation (.zip)")

    def handle(self, *args, **options):
        path: Path = options["file"]
        try:
            content = path.read_bytes()
        except OSError as error:
            raise CommandError(f"อ่านไฟล์ {path} ไม่ได้: {error.strerror}") from error
        try:
            organisation = archive.restore_organisation(content)
        except archive.ArchiveError as error:
            raise CommandError(str(error)) from error
        totals = archive.read_manifest(content)["totals"]
        self.stdout.write(
            f"กู้คืนข้อมูลของ{organisation} (รหัส {organisation.code}) แล้ว: ข้อมูล {totals['records']:,} รายการ "
            f"ประวัติการแก้ไข {totals['history']:,} รายการ ไฟล์ {totals['files']:,} ไฟล์"
        )
