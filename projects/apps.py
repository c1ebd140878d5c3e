from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = "โครงการ/กิจกรรม"

    def ready(self):
        from projects.panels import fill_slots

        fill_slots()
