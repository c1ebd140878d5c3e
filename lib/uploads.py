"""Uploads are judged by their content, not their name, and stored under the extension they proved."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from PIL import Image

IMAGE_EXTENSIONS = {"PNG": "png", "JPEG": "jpg", "GIF": "gif", "WEBP": "webp"}
MAX_IMAGE_PIXELS = 40_000_000  # a 40-megapixel photo; larger is a mistake or a decompression bomb


def with_extension(name: str, extension: str) -> str:
    """The upload's name with the extension its content proved, whatever the name claimed
    ("ตรา.html" holding a PNG is stored and served as "ตรา.png")."""
    stem = name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1].rsplit(".", 1)[0][:60] or "file"
    return f"{stem}.{extension}"


def validate_image_upload(upload) -> None:
    """Checked by content, not by name: Pillow must read it as PNG, JPEG, GIF or WebP, of a sane
    size; the upload is then renamed to the extension of what it really is. A form saved without a
    new file hands back the stored file, which was checked when it came in and keeps its name."""
    if not isinstance(upload, UploadedFile):
        return
    limit = settings.MAX_IMAGE_UPLOAD_BYTES
    if upload.size > limit:
        raise ValidationError(f"ไฟล์ใหญ่เกินไป (ไม่เกิน {limit // (1024 * 1024)} MB)")
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            image_format, (width, height) = image.format, image.size
            if width * height > MAX_IMAGE_PIXELS:
                raise ValidationError("รูปภาพมีขนาดพิกเซลใหญ่เกินไป กรุณาย่อรูปก่อน (ไม่เกิน 40 ล้านพิกเซล)")
            image.verify()
    except ValidationError:
        raise
    except Exception:
        raise ValidationError("ไฟล์นี้ไม่ใช่รูปภาพ กรุณาเลือกไฟล์ PNG หรือ JPEG") from None
    finally:
        upload.seek(0)
    if image_format not in IMAGE_EXTENSIONS:
        raise ValidationError("รองรับเฉพาะรูปภาพ PNG, JPEG, GIF หรือ WebP")
    upload.name = with_extension(upload.name, IMAGE_EXTENSIONS[image_format])
