"""The organisation admin manages the profile and the users; login and logout speak Thai."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from plans.models import User
from tests.conftest import PASSWORD, login

pytestmark = pytest.mark.django_db


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 40), "gold").save(buffer, "PNG")
    return buffer.getvalue()


def profile(org, **changes):
    data = {
        "kind": org.kind, "name": org.name, "district": org.district, "province": org.province,
        "executive_name": org.executive_name, "executive_title": "", "digit_style": org.digit_style, "version": org.version,
    }  # fmt: skip
    data.update(changes)
    return data


def test_the_login_page_is_thai_and_a_wrong_password_says_so(staff, client):
    assert "เข้าสู่ระบบ" in client.get(reverse("login")).content.decode()
    response = client.post(reverse("login"), {"username": "somying", "password": "ผิด"})
    assert "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง" in response.content.decode()
    response = client.post(reverse("login"), {"username": "somying", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("plans:home")


def test_logout_is_a_post(staff_client):
    assert staff_client.post(reverse("logout")).status_code == 302
    assert staff_client.get(reverse("plans:home")).status_code == 302


def test_the_admin_edits_the_profile_and_uploads_an_emblem(orgadmin, org, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    emblem = SimpleUploadedFile("seal.png", png_bytes(), content_type="image/png")
    response = login(orgadmin).post(
        reverse("plans:organisation_edit"), {**profile(org, executive_name="นางสาวมาลี ศรีสุข", digit_style="arabic"), "emblem": emblem}
    )
    assert response.status_code == 302
    org.refresh_from_db()
    assert (org.executive_name, org.digit_style) == ("นางสาวมาลี ศรีสุข", "arabic")
    assert org.emblem.name.startswith("emblems/")


def test_saving_the_profile_without_a_new_emblem_keeps_the_emblem_and_its_address(orgadmin, org, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    admin = login(orgadmin)
    emblem = SimpleUploadedFile("seal.png", png_bytes(), content_type="image/png")
    admin.post(reverse("plans:organisation_edit"), {**profile(org), "emblem": emblem})
    org.refresh_from_db()
    stored = org.emblem.name
    for name in ("นางสาวมาลี ศรีสุข", "นายสมชาย รักถิ่น"):  # twice: the second save once answered 500
        response = admin.post(reverse("plans:organisation_edit"), profile(org, executive_name=name))
        assert response.status_code == 302
        org.refresh_from_db()
        assert (org.executive_name, org.emblem.name) == (name, stored)
    assert stored.startswith("emblems/")
    assert client.get(reverse("emblem", args=[org.code])).status_code == 200


def test_a_file_that_is_not_an_image_is_refused_in_thai(orgadmin, org, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    fake = SimpleUploadedFile("seal.png", b"%PDF-1.4 not an image", content_type="image/png")
    response = login(orgadmin).post(reverse("plans:organisation_edit"), {**profile(org, executive_name="ชื่อใหม่"), "emblem": fake})
    assert response.status_code == 200
    assert "รูปภาพ" in response.content.decode()
    org.refresh_from_db()
    assert org.executive_name == "นายสมชาย รักถิ่น" and not org.emblem


def test_an_oversized_image_is_refused(orgadmin, org, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.MAX_IMAGE_UPLOAD_BYTES = 100
    big = SimpleUploadedFile("seal.png", png_bytes(), content_type="image/png")
    response = login(orgadmin).post(reverse("plans:organisation_edit"), {**profile(org), "emblem": big})
    assert "ไฟล์ใหญ่เกินไป" in response.content.decode()


def test_staff_and_executives_cannot_manage_the_organisation(staff, executive):
    for user in (staff, executive):
        client = login(user)
        assert client.get(reverse("plans:organisation_edit")).status_code == 403
        assert client.get(reverse("plans:user_list")).status_code == 403
        assert client.post(reverse("plans:user_create"), {"username": "x"}).status_code == 403


def test_the_admin_adds_a_user_with_a_checked_password(orgadmin, org):
    client = login(orgadmin)
    weak = client.post(reverse("plans:user_create"), {"username": "malee", "first_name": "มาลี", "role": "staff", "password": "12345678"})
    assert weak.status_code == 200 and not User.objects.filter(username="malee").exists()
    response = client.post(
        reverse("plans:user_create"), {"username": "malee", "first_name": "มาลี", "role": "staff", "password": "khao-niao-mamuang-2569"}
    )
    assert response.status_code == 302
    malee = User.objects.get(username="malee")
    assert (malee.organisation, malee.role) == (org, "staff")
    assert malee.check_password("khao-niao-mamuang-2569")


def test_the_admin_deactivates_a_user(orgadmin, staff):
    client = login(orgadmin)
    response = client.post(reverse("plans:user_update", args=[staff.pk]), {"first_name": "สมหญิง", "role": "staff", "is_active": ""})
    assert response.status_code == 302
    staff.refresh_from_db()
    assert not staff.is_active


def test_the_admin_cannot_lock_themself_out(orgadmin):
    response = login(orgadmin).post(reverse("plans:user_update", args=[orgadmin.pk]), {"role": "staff", "is_active": ""})
    page = response.content.decode()
    assert "ระงับบัญชีของตนเองไม่ได้" in page and "เปลี่ยนบทบาทของตนเองไม่ได้" in page
    orgadmin.refresh_from_db()
    assert orgadmin.is_active and orgadmin.role == "admin"


def test_users_of_another_organisation_are_404_to_the_admin(orgadmin, outsider):
    client = login(orgadmin)
    assert client.get(reverse("plans:user_update", args=[outsider.pk])).status_code == 404
    assert client.post(reverse("plans:user_update", args=[outsider.pk]), {"role": "admin"}).status_code == 404
    assert "outsider" not in client.get(reverse("plans:user_list")).content.decode()
