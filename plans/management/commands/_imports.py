"""What the import commands share: finding the organisation, reading the file, printing the preview,
and the exit status (0 only when the import is clean)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import CommandError

from plans.models import Organisation
from plans.preview import Preview, as_text

CREATE_HINT = "ใช้ --create-missing เพื่อสร้างชื่อที่ยังไม่มี หรือนำเข้าทางหน้าเว็บครั้งหนึ่งเพื่อจับคู่ชื่อ (ระบบจำการจับคู่ไว้ให้ครั้งต่อไป)"
NAMES_HINT = "เพิ่มหน่วยงานในระบบก่อน หรือนำเข้าทางหน้าเว็บครั้งหนึ่งเพื่อจับคู่ชื่อ (ระบบจำการจับคู่ไว้ให้ครั้งต่อไป)"
CHOOSE_HINT = "เพิ่มคอลัมน์ “รหัสโครงการในแผนพัฒนา” หรือ “ยุทธศาสตร์” ในไฟล์ หรือนำเข้าทางหน้าเว็บเพื่อเลือกโครงการ"


def organisation(code: str) -> Organisation:
    found = Organisation.objects.filter(code=code).first()
    if found is None:
        raise CommandError(f"ไม่พบ อปท. รหัส {code}")
    return found


def content(path: Path) -> bytes:
    if not path.is_file():
        raise CommandError(f"ไม่พบไฟล์ {path}")
    return path.read_bytes()


def report(command, preview: Preview, *, dry_run: bool, names_hint: str = CREATE_HINT) -> None:
    """Print the preview; raise CommandError (exit status 1) unless it is clean."""
    command.stdout.write(as_text(preview))
    if preview.unresolved:
        command.stderr.write(names_hint)
    if preview.open_choices:
        command.stderr.write(CHOOSE_HINT)
    if preview.is_clean:
        return
    problems = (
        len(preview.errors) + len(preview.unresolved) + len(preview.open_choices) + len(preview.subtotal_mismatches) + len(preview.warnings)
    )
    verb = "ตรวจแล้ว" if dry_run else "ไม่ได้นำเข้า"
    raise CommandError(f"{verb}: พบ {problems} เรื่องที่ต้องแก้หรือตรวจ (รายการด้านบน) ข้อมูลในระบบยังเหมือนเดิม")
