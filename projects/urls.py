from django.urls import path

from projects import bulk_views, evaluation_views, import_views, progress_views, records, views

app_name = "projects"
urlpatterns = [
    path("operational-plans/<int:pk>/draft/", views.plan_draft, name="plan_draft"),
    path("operational-plans/<int:pk>/checks/", views.plan_checks, name="plan_checks"),
    path("operational-plans/<int:pk>/deadline/", views.plan_deadline, name="plan_deadline"),
    path("operational-plans/<int:pk>/activities/bulk/", bulk_views.activity_bulk, name="activity_bulk"),
    path("operational-plans/<int:pk>/activities/bulk/undo/", bulk_views.activity_bulk_undo, name="activity_bulk_undo"),
    path("operational-plans/<int:pk>/introduction/", views.plan_introduction, name="plan_introduction"),
    path("operational-plans/<int:pk>/document/", views.plan_document, name="plan_document"),
    path("operational-plans/<int:pk>/pdf/", views.plan_pdf, name="plan_pdf"),
    path("operational-plans/<int:pk>/pdf/job/", views.plan_pdf_job, name="plan_pdf_job"),
    path("ordinances/<int:pk>/draft-plan/", views.plan_from_ordinance, name="plan_from_ordinance"),
    path("operational-plans/<int:pk>/progress/", progress_views.plan_progress, name="plan_progress"),
    path("operational-plans/<int:pk>/progress/sheet.xlsx", progress_views.progress_sheet, name="progress_sheet"),
    path("operational-plans/<int:pk>/progress/upload/", progress_views.progress_upload, name="progress_upload"),
    path("activities/<int:pk>/photos/", progress_views.activity_photos, name="activity_photos"),
    path("import/activities/", import_views.activity_import, name="activity_import"),
    path("import/activities/template.xlsx", import_views.activity_template, name="activity_template"),
    path("operational-plans/imports/<uuid:pk>/", import_views.import_review, name="import_review"),
    path("operational-plans/<int:pk>/export.<str:kind>", import_views.plan_export, name="plan_export"),
    path("evaluation/<int:year>/", evaluation_views.evaluation, name="evaluation"),
    path("evaluation/<int:year>/report.pdf", evaluation_views.evaluation_pdf, name="evaluation_pdf"),
    path("evaluation/<int:year>/report.csv", evaluation_views.evaluation_csv, name="evaluation_csv"),
    path("evaluation/<int:year>/report.xlsx", evaluation_views.evaluation_xlsx, name="evaluation_xlsx"),
    path("evaluation/<int:year>/six-month/", evaluation_views.six_month, name="six_month"),
    path("evaluation/<int:year>/six-month/report.<str:kind>", evaluation_views.six_month_file, name="six_month_file"),
]
urlpatterns += [url for kind in records.ALL for url in kind.urls()]
