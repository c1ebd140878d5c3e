from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from projects.models import Activity


@admin.register(Activity)
class ActivityAdmin(SimpleHistoryAdmin):
    list_display = ["name", "plan", "strategy", "programme", "budget", "unit", "is_equipment", "other_agency"]
    list_filter = ["plan__organisation", "is_equipment", "programme"]
    search_fields = ["name", "details"]
    list_select_related = ["plan__organisation", "strategy", "programme", "unit"]
    raw_id_fields = ["budget_line", "plan_project"]
    filter_horizontal = ["villages"]
