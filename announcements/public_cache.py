"""The public site's page cache, and its invalidation.

Announced plans are frozen, so the pages citizens read change only when something of their
organisation changes: an edition announced, progress reported, a photo added, the profile edited.
Every saved or deleted record of plan data (any model with an `organisation_path`) bumps its
organisation's version; a page's cache key carries the versions it was built from, so a changed
organisation's pages are simply never looked up again (and expire). The home page and anything that
cannot tell its organisation follow a site-wide version, bumped by announcements and profile edits.

Only anonymous visitors without a session are served from the cache (citizens); staff always see
the page as it is now. Responses that set a cookie, or are not a plain 200, are never stored. The
cache is Django's default cache: Redis when REDIS_URL is set, so every server shares it.
"""

from __future__ import annotations

import functools
import hashlib
import logging

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse

log = logging.getLogger(__name__)
SITE = "public:v:site"
VERSION_TIMEOUT = None  # versions never expire: losing one would resurrect an old page


def _org_key(code: str) -> str:
    return f"public:v:org:{code}"


def _bump(key: str) -> None:
    try:
        cache.incr(key)
    except ValueError:  # not there yet (or evicted): start anew, above anything a page could carry
        cache.set(key, _fresh(), VERSION_TIMEOUT)


def _fresh() -> int:
    import time

    return int(time.time() * 1000)


def invalidate(organisation_code: str | None = None, *, site: bool = False) -> None:
    """Forget the public pages of one organisation (and, with `site` or no code, of every organisation)."""
    if organisation_code is None or site:
        _bump(SITE)
    if organisation_code is not None:
        _bump(_org_key(organisation_code))


def invalidate_on_commit(organisation_code: str | None = None, *, site: bool = False) -> None:
    """Now (this transaction's own later reads) and again once it commits (a reader in between may
    have cached the state before the commit)."""
    invalidate(organisation_code, site=site)
    transaction.on_commit(functools.partial(invalidate, organisation_code, site=site))


def _versions(code: str | None) -> tuple:
    keys = [SITE] + ([_org_key(code)] if code else [])
    found = cache.get_many(keys)
    missing = {key: _fresh() for key in keys if key not in found}
    if missing:
        cache.set_many(missing, VERSION_TIMEOUT)
        found.update(missing)
    return tuple(found[key] for key in keys)


def _cacheable(request: HttpRequest) -> bool:
    return (
        settings.PUBLIC_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.user.is_authenticated
    )


def cached_page(view):
    """Cache a public view's response for anonymous visitors, keyed by the organisation in its URL."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        if not _cacheable(request):
            return view(request, *args, **kwargs)
        code = kwargs.get("code")
        path = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
        key = "public:page:{}:{}".format(":".join(map(str, _versions(code))), path)
        stored = cache.get(key)
        if stored is not None:
            content, headers = stored
            response = HttpResponse(content, headers=headers)
            response["X-Public-Cache"] = "hit"
            return response
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming and not response.cookies:
            headers = {name: value for name, value in response.items() if name in ("Content-Type", "Content-Disposition")}
            cache.set(key, (response.content, headers), settings.PUBLIC_CACHE_SECONDS)
            response["X-Public-Cache"] = "miss"
        return response

    return wrapper


# --- what invalidates ------------------------------------------------------------------------------

SITE_WIDE = {"Organisation", "Announcement", "OperationalPlan"}  # the home page lists these


def organisation_code_of(instance) -> str | None:
    """The code of the organisation a record belongs to, following its `organisation_path`."""
    from plans.models import Organisation

    if isinstance(instance, Organisation):
        return instance.code
    obj = instance
    for part in type(instance).organisation_path.split("__")[:-1]:
        obj = getattr(obj, part)
    organisation_id = obj.organisation_id
    return Organisation.objects.filter(pk=organisation_id).values_list("code", flat=True).first()


def record_changed(sender, instance, **kwargs) -> None:
    """post_save / post_delete of any record of plan data."""
    if kwargs.get("raw"):
        return  # loading fixtures or restoring an archive: the whole cache is stale anyway
    try:
        code = organisation_code_of(instance)
    except Exception:  # noqa: BLE001 - a parent already deleted in a cascade: forget everything
        log.debug("public cache: no organisation for %r, invalidating the whole site", instance)
        code = None
    invalidate_on_commit(code, site=code is None or sender.__name__ in SITE_WIDE)


def connect_signals() -> None:
    from django.apps import apps
    from django.db.models.signals import post_delete, post_save

    for model in apps.get_models():
        if hasattr(model, "organisation_path") and not model.__name__.startswith("Historical"):
            post_save.connect(record_changed, sender=model, dispatch_uid=f"public-cache-save-{model._meta.label}")
            post_delete.connect(record_changed, sender=model, dispatch_uid=f"public-cache-delete-{model._meta.label}")
