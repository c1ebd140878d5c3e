"""Every message a form gives is Thai: Django's own Thai leaves some in English (maximum length,
username format, file extension, file-name length …), and locale/th completes it (issue 11, Low)."""

import gettext
import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from tests.conftest import login

pytestmark = pytest.mark.django_db

ENGLISH = re.compile(r"\b(ensure|enter|this|value|valid|allowed|characters?|must|extension|filename|select|already|exists|digits?)\b", re.I)
ERRORS = re.compile(r'class="[^"]*(?:invalid-feedback|errorlist|alert-danger)[^"]*"[^>]*>(.*?)</(?:div|ul|span|p|strong)>', re.S)


def png(name: str) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "gold").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def profile(org, **changes) -> dict:
    return {
        "kind": org.kind, "name": org.name, "district": org.district, "province": org.province, "executive_name": org.executive_name,
        "executive_title": "", "digit_style": org.digit_style, "version": org.version, **changes,
    }  # fmt: skip


def error_texts(response) -> list[str]:
    return [re.sub(r"<[^>]+>", " ", found).strip() for found in ERRORS.findall(response.content.decode())]


CASES = {
    "a name too long": ("staff", "plans:unit_create", lambda org: {"name": "ก" * 300, "order": "1"}),
    "a village name too long": ("staff", "plans:village_create", lambda org: {"number": "9", "name": "ข" * 300}),
    "a username with spaces and signs": ("orgadmin", "plans:user_create", lambda org: {"username": "สม ชาย!", "role": "staff", "password": "khao-niao-2569-x"}),
    "a username too long": ("orgadmin", "plans:user_create", lambda org: {"username": "a" * 200, "role": "staff", "password": "khao-niao-2569-x"}),
    "an emblem whose name is too long": ("orgadmin", "plans:organisation_edit", lambda org: {**profile(org), "emblem": png("ต" * 120 + ".png")}),
    "an emblem with an extension that is no image's": ("orgadmin", "plans:organisation_edit", lambda org: {**profile(org), "emblem": png("ตรา.exe")}),
    "the district too long": ("orgadmin", "plans:organisation_edit", lambda org: profile(org, district="อ" * 300)),
}  # fmt: skip


@pytest.mark.parametrize("case", CASES)
def test_a_bad_submission_is_told_in_thai(request, org, settings, tmp_path, case):
    settings.MEDIA_ROOT = tmp_path
    who, url_name, data = CASES[case]
    response = login(request.getfixturevalue(who)).post(reverse(url_name), data(org))
    assert response.status_code == 200, "the form should be shown again with its errors"
    errors = error_texts(response)
    assert errors, f"{case}: no error shown"
    english = [text for text in errors if ENGLISH.search(re.sub(r"“[^”]*”", "", text))]
    assert not english, f"{case}: {english}"


def test_the_compiled_thai_messages_match_their_source(tmp_path):
    """locale/th's .mo is committed (servers need no gettext): it must say what the .po says."""
    if shutil.which("msgfmt") is None:
        pytest.skip("msgfmt (Debian package gettext, installed by make setup-test) is not installed")
    folder = Path(settings.BASE_DIR) / "locale" / "th" / "LC_MESSAGES"
    subprocess.run(["msgfmt", "--check", "-o", str(tmp_path / "django.mo"), str(folder / "django.po")], check=True)
    with open(folder / "django.mo", "rb") as committed, open(tmp_path / "django.mo", "rb") as fresh:
        assert gettext.GNUTranslations(committed)._catalog == gettext.GNUTranslations(fresh)._catalog
