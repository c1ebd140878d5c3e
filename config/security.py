"""Login throttling hooks and error pages: what a refused request sees, in Thai, leaking nothing."""

import re

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control

THAI = re.compile(r"[\u0e00-\u0e7f]")


def client_ip(request: HttpRequest) -> str:
    """REMOTE_ADDR; behind our own proxy (BEHIND_PROXY=1), the address that proxy appended to
    X-Forwarded-For (the right-most one: anything left of it was written by the client)."""
    if settings.BEHIND_PROXY:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if forwarded:
            return forwarded[-1]
    return request.META.get("REMOTE_ADDR", "")


def locked_out(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """django-axes: the page shown after too many wrong passwords (HTTP 429)."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "registration/locked_out.html", {"cooloff_minutes": minutes}, status=429)


def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:
    """403: our own refusals explain themselves in Thai (“บทบาทของคุณไม่มีสิทธิ์…”); anything else
    (a message from a library, possibly English or technical) is replaced by a general sentence."""
    message = str(exception or "")
    reason = message if THAI.search(message) and len(message) < 300 else ""
    return render(request, "403.html", {"reason": reason}, status=403)


class UploadLimitMiddleware:
    """Refuses a request body larger than MAX_UPLOAD_BYTES by its declared length, before a byte of
    it is read (413, in Thai): the largest file any form takes is a 10 MB signed scan. A body sent
    without a length is not read at all by Django."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_UPLOAD_BYTES:
            context = {"limit_mb": settings.MAX_UPLOAD_BYTES // (1024 * 1024), "sent_mb": -(-length // (1024 * 1024))}
            return render(request, "413.html", context, status=413)
        return self.get_response(request)


class PrivatePagesMiddleware:
    """Staff pages, and any page answered to a visitor with a session (a signed-in user), are never
    kept by the browser or a proxy: `Cache-Control: no-store, private`. Files that say they are
    public (the emblem, photos, static files) keep their own header."""

    STAFF_PATHS = ("/staff/", "/sysadmin/", "/login/", "/logout/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        signed_in = settings.SESSION_COOKIE_NAME in request.COOKIES
        if request.path.startswith(self.STAFF_PATHS) or (signed_in and "public" not in response.get("Cache-Control", "")):
            patch_cache_control(response, no_store=True, private=True)
        return response
