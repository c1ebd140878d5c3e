from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from simple_history.admin import SimpleHistoryAdmin

from projects.models import Activity, EditionSnapshot, Progress, ProgressPhoto


class ActivityAdminForm(forms.ModelForm):
    def clean(self):
        cleaned = super().clean()
        plan = cleaned.get("plan")
        if plan is not None and not plan.is_editable:
            raise ValidationError(f"แผนนี้อยู่ในสถานะ “{plan.get_status_display()}” จึงเพิ่มหรือแก้ไขโครงการ/กิจกรรมไม่ได้ ให้จัดทำฉบับแก้ไขหรือเพิ่มเติมแทน")
        return cleaned


@admin.register(Activity)
class ActivityAdmin(SimpleHistoryAdmin):
    """An activity of a plan no longer in drafting (submitted, approved, announced) is shown read-only."""

    form = ActivityAdminForm
    list_display = ["name", "plan", "strategy", "programme", "budget", "unit", "is_equipment", "other_agency"]
    list_filter = ["plan__organisation", "is_equipment", "programme"]
    search_fields = ["name", "details"]
    list_select_related = ["plan__organisation", "strategy", "programme", "unit"]
    raw_id_fields = ["budget_line", "plan_project"]
    filter_horizontal = ["villages"]

    def has_change_permission(self, request, obj=None) -> bool:
        return super().has_change_permission(request, obj) and not (obj and not obj.plan.is_editable)

    def has_delete_permission(self, request, obj=None) -> bool:
        return super().has_delete_permission(request, obj) and not (obj and not obj.plan.is_editable)


@admin.register(Progress)
class ProgressAdmin(SimpleHistoryAdmin):
    list_display = ["key", "organisation", "fiscal_year", "status", "percent", "disbursed"]
    list_filter = ["organisation", "fiscal_year", "status"]


@admin.register(ProgressPhoto)
class ProgressPhotoAdmin(SimpleHistoryAdmin):
    list_display = ["progress", "caption", "uploaded_at"]


@admin.register(EditionSnapshot)
class EditionSnapshotAdmin(admin.ModelAdmin):
    """What an announced edition said: shown, never changed (it is the published legal text)."""

    list_display = ["plan", "created_at"]
    list_select_related = ["plan__organisation"]
    readonly_fields = ["plan", "content", "created_at"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
