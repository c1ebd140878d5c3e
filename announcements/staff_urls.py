from django.urls import path

from announcements import staff

app_name = "announcements"
urlpatterns = [
    path("operational-plans/<int:pk>/submit/", staff.plan_submit, name="plan_submit"),
    path("operational-plans/<int:pk>/approve/", staff.plan_approve, name="plan_approve"),
    path("operational-plans/<int:pk>/return/", staff.plan_return, name="plan_return"),
    path("operational-plans/<int:pk>/announce/", staff.plan_announce_view, name="plan_announce"),
    path("operational-plans/<int:pk>/signed-scan/", staff.announcement_scan, name="announcement_scan"),
    path("operational-plans/<int:pk>/editions/new/", staff.edition_start_view, name="edition_start"),
    path("operational-plans/<int:pk>/history/", staff.plan_history, name="plan_history"),
    path("evaluation/<int:year>/announce/", staff.evaluation_announce_view, name="evaluation_announce"),
    path("evaluation/<int:year>/six-month/announce/", staff.six_month_announce_view, name="six_month_announce"),
]
