from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "public"
    verbose_name = "เว็บไซต์สาธารณะ"

    def ready(self):
        from announcements import addresses
        from public.cache import connect_signals
        from public.urls import ADDRESSES

        connect_signals()
        addresses.register(**ADDRESSES)
