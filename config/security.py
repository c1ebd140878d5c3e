"""Login throttling hooks and error pages: what a refused request sees, in Thai, leaking nothing."""

import re

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

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
