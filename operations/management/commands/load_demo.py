from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from operations.demo import DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = "Load the demo organisation with realistic Thai data (development only; safe to run twice)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("ข้อมูลสาธิตโหลดได้เฉพาะเมื่อ DEBUG=1 (ไม่ใช้กับระบบจริง)")
        organisation = load_demo()
        self.stdout.write(
            f"Demo organisation ready: {organisation} ({organisation.code}). Users: staff, executive, orgadmin; password: {DEMO_PASSWORD}"
        )
