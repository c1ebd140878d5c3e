from django.urls import path

from plans import import_views, job_views, records, views

app_name = "plans"
urlpatterns = [
    path("", views.home, name="home"),
    path("organisation/", views.organisation_edit, name="organisation_edit"),
    path("users/", views.user_list, name="user_list"),
    path("users/new/", views.user_create, name="user_create"),
    path("users/<int:pk>/edit/", views.user_update, name="user_update"),
    path("users/history/", views.role_history, name="role_history"),
    path("password/", views.password_change, name="password_change"),
    path("development-plans/<int:pk>/import/", views.planproject_import, name="planproject_import"),
    path("development-plans/<int:pk>/import/template.xlsx", views.planproject_template, name="planproject_template"),
    path("ordinances/<int:pk>/import/", views.budgetline_import, name="budgetline_import"),
    path("ordinances/<int:pk>/import/template.xlsx", views.budgetline_template, name="budgetline_template"),
    path("imports/<uuid:pk>/", import_views.import_review, name="import_review"),
    path("jobs/<uuid:pk>/", job_views.job, name="job"),
    path("jobs/<uuid:pk>/file", job_views.job_file, name="job_file"),
]
urlpatterns += [url for kind in records.ALL for url in kind.urls()]
