from django.core.management.base import BaseCommand, CommandError

from plans.models import Organisation, User


class Command(BaseCommand):
    help = (
        "The system administrator sets a user's role in an organisation, the executive's (approve, return and announce) included, "
        "which an organisation's administrator cannot grant. Creates the user with --password if it does not exist. "
        "The change is kept in the organisation's role history."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("role", choices=User.Role.values)
        parser.add_argument("--organisation", required=True, help="the 7-digit DLA code")
        parser.add_argument("--password", help="the initial password of a new user (the user changes it on the password page)")

    def handle(self, *args, username, role, organisation, password, **options):
        org = Organisation.objects.filter(code=organisation).first()
        if org is None:
            raise CommandError(f"ไม่พบ อปท. รหัส {organisation} (no organisation with this code)")
        user = User.objects.filter(username=username).first()
        if user is None:
            if not password:
                raise CommandError(f"ไม่พบผู้ใช้ {username}: ระบุ --password เพื่อสร้างผู้ใช้ใหม่ (no such user; give --password to create it)")
            user = User(username=username)
            user.set_password(password)
        elif user.organisation_id not in (None, org.pk):
            raise CommandError(f"ผู้ใช้ {username} เป็นของ อปท. อื่น (the user belongs to another organisation)")
        before = user.get_role_display() if user.pk else "—"
        user.organisation, user.role = org, role
        user.save()
        self.stdout.write(f"{username}: {before} → {user.get_role_display()} ({org.full_name})")
