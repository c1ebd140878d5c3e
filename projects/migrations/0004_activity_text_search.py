from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

from projects.migrations import _text_search


def _on_postgresql(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    """Text search across every plan of a province: trigram indexes on PostgreSQL (SQLite scans)."""

    dependencies = [("projects", "0003_edition_snapshot")]

    operations = [
        TrigramExtension(),
        migrations.RunPython(_on_postgresql(_text_search.CREATE), _on_postgresql(_text_search.DROP)),
    ]
