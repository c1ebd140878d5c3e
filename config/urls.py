from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from plans.views import emblem, health
from projects.progress_views import photo

urlpatterns = [
    path("healthz", health, name="health"),
    # Files that pages of every app show, public as the pages that show them (no app namespace).
    path("o/<str:code>/emblem/", emblem, name="emblem"),
    path("photos/<int:pk>/", photo, name="photo"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("staff/", include("plans.urls")),
    path("staff/", include("projects.urls")),
    path("staff/", include("announcements.staff_urls")),
    path("sysadmin/", admin.site.urls),
    path("", include("public.urls")),
]

handler403 = "config.security.permission_denied"
