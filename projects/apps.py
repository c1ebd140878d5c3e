from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = "โครงการ/กิจกรรม"

    def ready(self) -> None:
        from projects import deletions
        from projects.panels import fill_slots
        from projects.snapshot import snapshot_missing

        fill_slots()
        deletions.connect()
        post_migrate.connect(snapshot_missing, sender=self)
