from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from announcements.models import Announcement, Review


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ["plan", "action", "user", "at"]
    list_filter = ["action", "plan__organisation"]
    list_select_related = ["plan__organisation", "user"]


@admin.register(Announcement)
class AnnouncementAdmin(SimpleHistoryAdmin):
    list_display = ["number", "organisation", "plan", "announced_on", "posted_until"]
    list_filter = ["organisation"]
    list_select_related = ["organisation", "plan"]
