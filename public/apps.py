from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "public"
    verbose_name = "เว็บไซต์สาธารณะ"

    def ready(self):
        from public.cache import connect_signals

        connect_signals()
