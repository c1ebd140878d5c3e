"""No one person both enters a plan and approves it (issue 11, Medium 10).

The organisation's administrator adds staff and administrators but never an executive (the role
that approves and announces), and sets nobody's password; the system administrator grants approval
roles (Django admin or `manage.py grant_role`); each user changes their own password; every role
change is kept, and the organisation's administrator reads it.
"""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import Resolver404, resolve, reverse

from plans.models import RoleChange, User
from tests.conftest import PASSWORD, login

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "khao-niao-mamuang-2569"


def test_the_org_admin_cannot_create_an_executive(orgadmin):
    client = login(orgadmin)
    page = client.get(reverse("plans:user_create")).content.decode()
    assert 'value="executive"' not in page
    response = client.post(reverse("plans:user_create"), {"username": "puppet", "role": "executive", "password": NEW_PASSWORD})
    assert response.status_code == 200 and "เลือกตัวเลือกที่ถูกต้อง" in response.content.decode()
    assert not User.objects.filter(username="puppet").exists()


def test_the_org_admin_cannot_make_a_member_an_executive(orgadmin, staff):
    response = login(orgadmin).post(
        reverse("plans:user_update", args=[staff.pk]), {"first_name": "สมหญิง", "role": "executive", "is_active": "on"}
    )
    assert response.status_code == 200
    staff.refresh_from_db()
    assert staff.role == User.Role.STAFF


def test_the_org_admin_cannot_take_the_executive_role_away(orgadmin, executive):
    client = login(orgadmin)
    assert "กำหนดหรือยกเลิกได้โดยผู้ดูแลระบบเท่านั้น" in client.get(reverse("plans:user_update", args=[executive.pk])).content.decode()
    response = client.post(reverse("plans:user_update", args=[executive.pk]), {"first_name": "สมชาย", "role": "admin", "is_active": "on"})
    assert response.status_code == 302  # the name is saved, the role is not the admin's to change
    executive.refresh_from_db()
    assert (executive.first_name, executive.role) == ("สมชาย", User.Role.EXECUTIVE)


def test_no_page_sets_another_users_password(orgadmin, executive):
    with pytest.raises(Resolver404):
        resolve(f"/staff/users/{executive.pk}/password/")
    assert f"/users/{executive.pk}/password" not in login(orgadmin).get(reverse("plans:user_list")).content.decode()
    executive.refresh_from_db()
    assert executive.check_password(PASSWORD)


def test_a_user_changes_their_own_password_knowing_the_old_one(executive):
    client = login(executive)
    wrong = client.post(
        reverse("plans:password_change"), {"old_password": "ผิด", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert wrong.status_code == 200 and "รหัสผ่านเดิมไม่ถูกต้อง" in wrong.content.decode()
    weak = client.post(
        reverse("plans:password_change"), {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"}
    )
    assert "รหัสผ่านต้องไม่เป็นตัวเลขล้วน" in weak.content.decode()
    done = client.post(
        reverse("plans:password_change"), {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert done.status_code == 302 and done["Location"] == reverse("plans:password_change")
    executive.refresh_from_db()
    assert executive.check_password(NEW_PASSWORD)
    assert client.get(reverse("plans:home")).status_code == 200  # still logged in


def test_the_system_administrator_grants_the_executive_role_by_command(org, staff):
    call_command("grant_role", "somying", "executive", "--organisation", org.code)
    staff.refresh_from_db()
    assert staff.role == User.Role.EXECUTIVE
    change = RoleChange.objects.get(user=staff, to_role="executive")
    assert (change.from_role, change.changed_by, change.organisation) == ("staff", None, org)


def test_grant_role_refuses_a_user_of_another_organisation(org, outsider):
    with pytest.raises(CommandError, match="อปท. อื่น"):
        call_command("grant_role", "outsider", "executive", "--organisation", org.code)
    outsider.refresh_from_db()
    assert outsider.role == User.Role.STAFF


def test_the_system_administrator_grants_the_executive_role_in_django_admin(org, staff):
    root = User.objects.create_superuser("root", password=PASSWORD)
    client = Client()
    client.force_login(root)
    form = {
        "username": staff.username, "first_name": "สมหญิง", "last_name": "", "email": "", "is_active": "on",
        "organisation": org.pk, "role": "executive", "date_joined_0": "2026-01-01", "date_joined_1": "00:00:00",
    }  # fmt: skip
    response = client.post(reverse("admin:plans_user_change", args=[staff.pk]), form)
    assert response.status_code == 302, response.content.decode()[:2000]
    change = RoleChange.objects.get(user=staff, to_role="executive")
    assert change.changed_by == root


def test_every_role_change_is_in_the_history_the_org_admin_reads(org, orgadmin, staff):
    client = login(orgadmin)
    client.post(reverse("plans:user_create"), {"username": "malee", "first_name": "มาลี", "role": "staff", "password": NEW_PASSWORD})
    malee = User.objects.get(username="malee")
    client.post(reverse("plans:user_update", args=[malee.pk]), {"first_name": "มาลี", "role": "admin", "is_active": "on"})
    call_command("grant_role", "somying", "executive", "--organisation", org.code)
    changes = list(
        RoleChange.objects.filter(organisation=org).values_list("user__username", "from_role", "to_role", "changed_by__username")
    )
    assert ("malee", "", "staff", "wilai") in changes
    assert ("malee", "staff", "admin", "wilai") in changes
    assert ("somying", "staff", "executive", None) in changes
    page = client.get(reverse("plans:role_history")).content.decode()
    assert "malee" in page and "ผู้ดูแลระบบ (คำสั่ง manage.py)" in page
    rows = page[page.index("<tbody>") :]
    assert rows.index("somying") < rows.index("malee")  # newest first


def test_the_role_history_shows_only_the_organisations_own(orgadmin, outsider, other_org):
    call_command("grant_role", "outsider", "executive", "--organisation", other_org.code)
    assert "outsider" not in login(orgadmin).get(reverse("plans:role_history")).content.decode()


def test_logging_in_records_no_role_change(staff, client):
    before = RoleChange.objects.count()
    assert client.post(reverse("login"), {"username": "somying", "password": PASSWORD}).status_code == 302
    assert RoleChange.objects.count() == before
