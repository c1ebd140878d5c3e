"""Django's password validators, speaking Thai (Django's Thai translation does not cover them)."""

from django.contrib.auth import password_validation as django_validators
from django.core.exceptions import ValidationError


class MinimumLengthValidator(django_validators.MinimumLengthValidator):
    def validate(self, password, user=None):
        if len(password) < self.min_length:
            raise ValidationError(f"รหัสผ่านสั้นเกินไป ต้องยาวอย่างน้อย {self.min_length} ตัวอักษร", code="password_too_short")

    def get_help_text(self):
        return f"ยาวอย่างน้อย {self.min_length} ตัวอักษร"


class UserAttributeSimilarityValidator(django_validators.UserAttributeSimilarityValidator):
    def validate(self, password, user=None):
        try:
            super().validate(password, user)
        except ValidationError:
            raise ValidationError("รหัสผ่านคล้ายกับชื่อผู้ใช้หรือชื่อ-นามสกุลมากเกินไป", code="password_too_similar") from None

    def get_help_text(self):
        return "ไม่คล้ายกับชื่อผู้ใช้หรือชื่อ-นามสกุล"


class CommonPasswordValidator(django_validators.CommonPasswordValidator):
    def validate(self, password, user=None):
        try:
            super().validate(password, user)
        except ValidationError:
            raise ValidationError("รหัสผ่านนี้ใช้กันทั่วไปจนเดาได้ง่าย กรุณาตั้งรหัสผ่านอื่น", code="password_too_common") from None

    def get_help_text(self):
        return "ไม่ใช่รหัสผ่านที่ใช้กันทั่วไป (เช่น password123)"


class NumericPasswordValidator(django_validators.NumericPasswordValidator):
    def validate(self, password, user=None):
        if password.isdigit():
            raise ValidationError("รหัสผ่านต้องไม่เป็นตัวเลขล้วน", code="password_entirely_numeric")

    def get_help_text(self):
        return "ไม่เป็นตัวเลขล้วน"
