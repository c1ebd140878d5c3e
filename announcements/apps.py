from django.apps import AppConfig


class AnnouncementsConfig(AppConfig):
    name = "announcements"
    verbose_name = "การประกาศและเว็บไซต์สาธารณะ"

    def ready(self):
        from announcements.public_cache import connect_signals

        connect_signals()
