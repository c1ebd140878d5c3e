from django.urls import path

from projects import records, views

app_name = "projects"
urlpatterns = [
    path("operational-plans/<int:pk>/draft/", views.plan_draft, name="plan_draft"),
    path("operational-plans/<int:pk>/checks/", views.plan_checks, name="plan_checks"),
    path("operational-plans/<int:pk>/deadline/", views.plan_deadline, name="plan_deadline"),
    path("operational-plans/<int:pk>/introduction/", views.plan_introduction, name="plan_introduction"),
    path("operational-plans/<int:pk>/document/", views.plan_document, name="plan_document"),
    path("operational-plans/<int:pk>/pdf/", views.plan_pdf, name="plan_pdf"),
    path("ordinances/<int:pk>/draft-plan/", views.plan_from_ordinance, name="plan_from_ordinance"),
]
urlpatterns += [url for kind in records.ALL for url in kind.urls()]
