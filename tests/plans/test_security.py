"""Ready for a real deployment: production settings, CSP, login throttling, passwords, sessions,
Thai error pages that leak nothing, uploads judged by content, the health endpoint."""

import io
import os
import secrets
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, RequestFactory
from django.urls import path, reverse
from django.utils import timezone
from PIL import Image

from config.security import client_ip
from plans.models import User
from projects.models import ProgressPhoto
from tests.conftest import PASSWORD, login

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def production_env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DEBUG", "HTTPS", "SECURE_", "SESSION_", "CSRF_"))}
    env.update(DJANGO_SETTINGS_MODULE="config.settings", SECRET_KEY=secrets.token_urlsafe(50), ALLOWED_HOSTS="plan.example.go.th", **extra)
    return env


def manage(*args, env) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_production_settings_pass_the_deployment_check():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_deployment_check_would_catch_a_deployment_without_https():
    """The check above is not vacuous: turning HTTPS off makes it complain."""
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env(HTTPS="0"))
    assert result.returncode != 0 and "security.W004" in result.stderr + result.stdout


def test_without_a_secret_key_production_refuses_to_start():
    env = production_env()
    del env["SECRET_KEY"]
    result = manage("check", env=env)
    assert result.returncode != 0 and "SECRET_KEY is not set" in result.stderr


def test_static_files_are_collected_with_hashed_names_for_whitenoise(tmp_path):
    result = manage("collectstatic", "--noinput", env=production_env(STATIC_ROOT=str(tmp_path)))
    assert result.returncode == 0, result.stderr
    hashed = list((tmp_path / "css").glob("app.*.css"))
    assert hashed and (tmp_path / "css" / (hashed[0].name + ".gz")).exists()
    assert (tmp_path / "staticfiles.json").exists()


def test_every_page_has_a_content_security_policy_without_unsafe_inline(client, staff_client):
    for response in (client.get(reverse("login")), client.get(reverse("public:home")), staff_client.get(reverse("plans:home"))):
        policy = response["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
        assert response["X-Frame-Options"] == "DENY" and response["X-Content-Type-Options"] == "nosniff"


def test_five_wrong_passwords_lock_that_user_out_for_a_while_in_thai(staff, executive, settings):
    client = Client(REMOTE_ADDR="203.0.113.7")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(reverse("login"), {"username": staff.username, "password": "wrong-password"})
        assert response.status_code == 200 and "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง" in response.content.decode()
    locked = client.post(reverse("login"), {"username": staff.username, "password": "wrong-password"})
    assert locked.status_code == 429 and "ระงับการเข้าสู่ระบบชั่วคราว" in locked.content.decode() and "15 นาที" in locked.content.decode()
    # Even the right password is refused now, for this user from this address...
    again = client.post(reverse("login"), {"username": staff.username, "password": PASSWORD})
    assert again.status_code == 429 and "_auth_user_id" not in client.session
    # ...but another user from the same office can still log in.
    other = client.post(reverse("login"), {"username": executive.username, "password": PASSWORD})
    assert other.status_code == 302


def test_after_the_cool_off_the_user_can_log_in_again(staff):
    from axes.models import AccessAttempt

    client = Client(REMOTE_ADDR="203.0.113.8")
    for _ in range(5):
        client.post(reverse("login"), {"username": staff.username, "password": "wrong-password"})
    assert client.post(reverse("login"), {"username": staff.username, "password": PASSWORD}).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert client.post(reverse("login"), {"username": staff.username, "password": PASSWORD}).status_code == 302


def test_behind_the_proxy_the_client_is_the_address_the_proxy_saw(settings):
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.9")
    settings.BEHIND_PROXY = False
    assert client_ip(request) == "10.0.0.2"
    settings.BEHIND_PROXY = True
    assert client_ip(request) == "198.51.100.9"  # not the spoofable left-most entry


@pytest.mark.parametrize(
    ("password", "message"),
    [("1234567890", "ตัวเลขล้วน"), ("สั้น", "อย่างน้อย 10 ตัวอักษร"), ("password123", "ใช้กันทั่วไป"), ("malee-staff", "คล้ายกับชื่อผู้ใช้")],
)
def test_weak_passwords_are_refused_in_thai(orgadmin, password, message):
    response = login(orgadmin).post(
        reverse("plans:user_create"), {"username": "malee-staff", "first_name": "มาลี", "role": "staff", "password": password}
    )
    assert response.status_code == 200 and message in response.content.decode()
    assert not User.objects.filter(username="malee-staff").exists()


def test_a_session_ends_after_a_working_day(staff, settings):
    client = Client()
    assert client.post(reverse("login"), {"username": staff.username, "password": PASSWORD}).status_code == 302
    assert client.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 8 * 3600
    assert client.get(reverse("plans:home")).status_code == 200
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get(reverse("plans:home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_a_missing_page_is_a_thai_404(client):
    response = client.get("/o/0000000/2570/original/nothing/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "ไม่พบหน้าที่ต้องการ" in page and "Traceback" not in page and "urlpatterns" not in page


def test_a_forbidden_page_says_why_in_thai_and_nothing_more(executive):
    response = login(executive).get(reverse("plans:user_list"))
    assert response.status_code == 403
    assert "ไม่มีสิทธิ์เข้าถึงหน้านี้" in response.content.decode()


def test_a_form_without_its_csrf_token_gets_a_thai_page(staff):
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff)
    response = client.post(reverse("logout"))
    assert response.status_code == 403 and "หน้าฟอร์มหมดอายุ" in response.content.decode()


def crash(request):
    raise RuntimeError("secret detail: password=hunter2 at /srv/app/settings.py")


urlpatterns = [path("crash/", crash)]


def test_a_crash_is_a_thai_500_that_leaks_nothing(client, settings):
    settings.ROOT_URLCONF = __name__
    client.raise_request_exception = False
    response = client.get("/crash/")
    page = response.content.decode()
    assert response.status_code == 500 and "ระบบขัดข้องชั่วคราว" in page
    assert "hunter2" not in page and "RuntimeError" not in page and "Traceback" not in page


def test_health_reports_the_database_and_the_cache(client):
    response = client.get(reverse("health"))
    assert response.status_code == 200 and response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"]


def png(size=(40, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "white").save(buffer, "PNG")
    return buffer.getvalue()


def test_a_photo_named_html_is_stored_and_served_as_the_png_it_is(staff_client, client, staff, executive, activity):
    from tests.announcements.conftest import announce

    announce(activity.plan, staff, executive)
    url = reverse("projects:activity_photos", args=[activity.pk])
    response = staff_client.post(
        url, {"image": SimpleUploadedFile("x.html", png() + b"<script>alert(1)</script>", content_type="text/html")}
    )
    assert response.status_code == 302
    photo = ProgressPhoto.objects.get()
    assert photo.image.name.endswith("/x.png")
    served = client.get(reverse("photo", args=[photo.pk]))
    assert served["Content-Type"] == "image/png" and served["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"<html><script>alert(1)</script></html>", "ไม่ใช่รูปภาพ"), (b"%PDF-1.7\n%%EOF", "ไม่ใช่รูปภาพ"), (b"", "ไม่ใช่รูปภาพ")],
)
def test_a_photo_that_is_not_an_image_is_refused_in_thai(staff_client, staff, executive, activity, content, message):
    from tests.announcements.conftest import announce

    announce(activity.plan, staff, executive)
    url = reverse("projects:activity_photos", args=[activity.pk])
    response = staff_client.post(url, {"image": SimpleUploadedFile("photo.jpg", content, content_type="image/jpeg")}, follow=True)
    assert message in response.content.decode() or "กรุณาเลือกรูปภาพ" in response.content.decode()
    assert not ProgressPhoto.objects.exists()


def test_an_image_of_absurd_dimensions_is_refused_before_it_is_decoded(orgadmin, org):
    buffer = io.BytesIO()
    Image.new("1", (9000, 9000)).save(buffer, "PNG")  # 81 megapixels, a few kilobytes
    from tests.plans.test_people import profile

    response = login(orgadmin).post(
        reverse("plans:organisation_edit"),
        {**profile(org), "emblem": SimpleUploadedFile("seal.png", buffer.getvalue(), content_type="image/png")},
    )
    assert response.status_code == 200 and "ขนาดพิกเซลใหญ่เกินไป" in response.content.decode()


def test_with_https_on_the_health_probe_answers_plain_http_and_pages_still_redirect(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    probe = client.get(reverse("health"))
    assert probe.status_code == 200 and probe.json()["database"] == "ok"
    page = client.get(reverse("public:home"))
    assert page.status_code == 301 and page["Location"].startswith("https://")


class UnreadableBody:
    """A request body that fails the test if anything reads it."""

    def read(self, *args):
        raise AssertionError("the body was read")

    readline = read


def test_a_150_mb_upload_is_refused_in_thai_before_a_byte_of_it_is_read(staff_client, staff, executive, activity):
    from tests.announcements.conftest import announce

    announce(activity.plan, staff, executive)
    response = staff_client.generic(
        "POST",
        reverse("projects:activity_photos", args=[activity.pk]),
        content_type="multipart/form-data; boundary=BoUnDaRy",
        **{"wsgi.input": UnreadableBody(), "CONTENT_LENGTH": str(150 * 1024 * 1024)},
    )
    page = response.content.decode()
    assert response.status_code == 413 and "ใหญ่เกินไป" in page and "ไม่เกิน 12 MB" in page and "150 MB" in page
    assert not ProgressPhoto.objects.exists()


def test_a_file_under_the_request_limit_still_gets_its_forms_own_message(staff_client, staff, executive, activity):
    from tests.announcements.conftest import announce

    announce(activity.plan, staff, executive)
    big = SimpleUploadedFile("big.png", png() + b"\0" * (3 * 1024 * 1024), content_type="image/png")
    response = staff_client.post(reverse("projects:activity_photos", args=[activity.pk]), {"image": big}, follow=True)
    assert response.status_code == 200 and "ไฟล์ใหญ่เกินไป (ไม่เกิน 2 MB)" in response.content.decode()


def test_staff_pages_and_pages_seen_signed_in_are_never_stored_by_the_browser(client, staff_client, org):
    for response in (staff_client.get(reverse("plans:home")), client.get(reverse("login")), staff_client.get(reverse("public:home"))):
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert "no-store" not in client.get(reverse("public:home")).get("Cache-Control", "")  # citizens' pages may be kept
