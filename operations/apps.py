from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "operations"
    verbose_name = "งานดูแลระบบ: ข้อมูลสาธิต สำรองและกู้คืน"
