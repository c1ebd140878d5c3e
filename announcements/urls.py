from django.urls import path

from announcements import views

app_name = "public"
urlpatterns = [
    path("", views.home, name="home"),
]
