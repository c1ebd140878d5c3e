from django.apps import AppConfig


class AnnouncementsConfig(AppConfig):
    name = "announcements"
    verbose_name = "การพิจารณาและประกาศใช้"

    def ready(self):
        from announcements.panels import fill_slots

        fill_slots()
