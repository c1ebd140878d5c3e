from django.urls import path, reverse

from public import views

app_name = "public"
edition = "o/<str:code>/<int:year>/<slug:edition>/"
urlpatterns = [
    path("", views.home, name="home"),
    path("open-data/", views.open_data_page, name="open_data"),
    path("open-data/activities-<int:year>.<str:kind>", views.open_data_file, name="open_data_file"),
    path("p/<str:province>/", views.province_page, name="province"),
    path("p/<str:province>/search/", views.province_search, name="province_search"),
    path("o/<str:code>/", views.organisation_page, name="organisation"),
    path("o/<str:code>/<int:year>/", views.plan_page, name="plan"),
    path("o/<str:code>/<int:year>/evaluation/", views.evaluation_page, name="evaluation"),
    path("o/<str:code>/<int:year>/evaluation/<str:which>", views.evaluation_file, name="evaluation_file"),
    path("o/<str:code>/<int:year>/six-month/", views.six_month_page, name="six_month"),
    path("o/<str:code>/<int:year>/six-month/<str:name>.pdf", views.six_month_file, name="six_month_file"),
    path("o/<str:code>/<int:year>/six-month/report.<str:kind>", views.six_month_data, name="six_month_data"),
    path(edition, views.plan_page, name="plan_edition"),
    path(edition + "plan.pdf", views.plan_pdf, name="plan_pdf"),
    path(edition + "announcement.pdf", views.announcement_pdf, name="announcement_pdf"),
    path(edition + "signed", views.signed_scan, name="signed_scan"),
    path(edition + "activities.csv", views.plan_csv, name="plan_csv"),
    path(edition + "activities.xlsx", views.plan_xlsx, name="plan_xlsx"),
    path(edition + "plan.json", views.plan_json, name="plan_json"),
]


def _of_plan(name: str):
    return lambda plan: reverse(f"public:{name}", args=[plan.organisation.code, plan.fiscal_year, plan.edition_slug])


# Where citizens read what was announced, for the announcements app below (announcements/addresses.py).
ADDRESSES = {
    "plan": _of_plan("plan_edition"),
    "plan_pdf": _of_plan("plan_pdf"),
    "announcement_pdf": _of_plan("announcement_pdf"),
    "signed_scan": _of_plan("signed_scan"),
    "evaluation": lambda code, year: reverse("public:evaluation", args=[code, year]),
    "six_month": lambda code, year: reverse("public:six_month", args=[code, year]),
}
