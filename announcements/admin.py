from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from announcements.models import Announcement, Review


class ReadOnly:
    """Steps taken and announcements published are the record: shown, never changed or removed here."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Review)
class ReviewAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["plan", "action", "user", "at"]
    list_filter = ["action", "plan__organisation"]
    list_select_related = ["plan__organisation", "user"]


@admin.register(Announcement)
class AnnouncementAdmin(ReadOnly, SimpleHistoryAdmin):
    list_display = ["number", "organisation", "plan", "announced_on", "posted_until"]
    list_filter = ["organisation"]
    list_select_related = ["organisation", "plan"]
