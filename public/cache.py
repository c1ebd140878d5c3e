"""The public site's page cache, and its invalidation.

Announced plans are frozen, so the pages citizens read change only when something of their
organisation changes: an edition announced, progress reported, a photo added, the profile edited.
Every saved or deleted record of plan data (any model with an `organisation_path`) bumps its
organisation's version; a page's cache key carries the versions it was built from, so a changed
organisation's pages are simply never looked up again (and expire). The home page and anything that
cannot tell its organisation follow a site-wide version, bumped by announcements and profile edits.

Only visitors without a session are served from the cache (citizens); staff, logged in, always see
the page as it is now. Responses that set a cookie, or are not a plain 200, are never stored. The
cache is Django's default cache (Redis when REDIS_URL is set, so every server shares pages and
versions), with each process keeping its hottest pages in memory, checked against the shared
versions on every request: a hit costs one small round trip to Redis and no query.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import logging
import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve

log = logging.getLogger(__name__)
SITE = "public:v:site"
PAGE_PREFIX = "public:page:2:"  # bump when what a stored page holds changes (v2: with its CSP header)
VALUE_PREFIX = "public:value:1:"  # likewise for remember()'s values
VERSION_TIMEOUT = None  # versions never expire: losing one would resurrect an old page


def _org_key(code: str) -> str:
    return f"public:v:org:{code}"


def _bump(key: str) -> None:
    try:
        cache.incr(key)
    except ValueError:  # not there yet (or evicted): start anew, above anything a page could carry
        cache.set(key, _fresh(), VERSION_TIMEOUT)


def _fresh() -> int:
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
    """The current versions of the site and of the organisation, in one round trip."""
    keys = [SITE] + ([_org_key(code)] if code else [])
    found = cache.get_many(keys)
    if len(found) < len(keys):
        # Create what is missing only if still missing (a bump in between must not be overwritten
        # by a lower number), then read what is there now.
        for key in keys:
            if key not in found:
                cache.add(key, _fresh(), VERSION_TIMEOUT)
        found = cache.get_many(keys)
    return tuple(found[key] for key in keys)


def remember(name: str, organisation_code: str, build):
    """A value computed from an organisation's published data (a plan page's summary, say), kept in
    the shared cache until that organisation or the site changes; one round trip when it is there.
    The versions are read before `build` runs, so a change during the build is never kept as current."""
    if settings.PUBLIC_CACHE_SECONDS <= 0:
        return build()
    keys = [SITE, _org_key(organisation_code)]
    value_key = f"{VALUE_PREFIX}{organisation_code}:{name}"
    try:
        found = cache.get_many([*keys, value_key])
        if all(key in found for key in keys):
            versions = tuple(found[key] for key in keys)
            stored = found.get(value_key)
            if stored is not None and stored[0] == versions:
                return stored[1]
        else:
            versions = _versions(organisation_code)
    except Exception:  # noqa: BLE001 - the cache is a speed-up: without it the page is built as it is now
        log.warning("public cache unavailable, building %s without it", name, exc_info=True)
        return build()
    value = build()
    _store(value_key, (versions, value))
    return value


def _store(key: str, entry: tuple) -> None:
    try:
        cache.set(key, entry, settings.PUBLIC_CACHE_SECONDS)
    except Exception:  # noqa: BLE001 - not stored: the next visitor builds it again
        log.warning("public cache unavailable, %s not stored", key, exc_info=True)


def cached_page(view):
    """Mark a public view as cacheable; PublicCacheMiddleware does the caching."""
    view.public_cache = True
    return view


class _Local:
    """This process's own copy of the hottest pages (no transfer, no unpickling), always checked
    against the shared versions first, so it can never be staler than the shared cache."""

    def __init__(self, max_bytes: int = 32 * 1024 * 1024):
        self.entries: OrderedDict[str, tuple] = OrderedDict()
        self.size, self.max_bytes = 0, max_bytes
        self.lock = threading.Lock()

    def get(self, key: str, versions: tuple):
        with self.lock:
            entry = self.entries.get(key)
            if entry is None or entry[0] != versions:
                return None
            self.entries.move_to_end(key)
            return entry

    def put(self, key: str, entry: tuple) -> None:
        with self.lock:
            old = self.entries.pop(key, None)
            if old is not None:
                self.size -= len(old[1]) + len(old[2])
            self.entries[key] = entry
            self.size += len(entry[1]) + len(entry[2])
            while self.size > self.max_bytes and self.entries:
                _, dropped = self.entries.popitem(last=False)
                self.size -= len(dropped[1]) + len(dropped[2])


class PublicCacheMiddleware:
    """Serves citizens' cached pages before sessions, authentication and CSRF run.

    Placed after the security middleware (its headers go on every response) and before CSP and
    SessionMiddleware: a stored page keeps the Content-Security-Policy and other headers it was
    built with, so a hit costs neither. Only GET requests without a session cookie, to views marked @cached_page,
    are looked up; a page is stored with the versions it was built from (read before building, so a
    change during the build is never cached as current), gzip-compressed once for clients that
    accept it.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.local = _Local()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.PUBLIC_CACHE_SECONDS <= 0 or request.method != "GET" or settings.SESSION_COOKIE_NAME in request.COOKIES:
            return self.get_response(request)
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return self.get_response(request)
        if not getattr(match.func, "public_cache", False):
            return self.get_response(request)
        key = PAGE_PREFIX + hashlib.sha256(request.get_full_path().encode()).hexdigest()[:40]
        try:
            versions = _versions(match.kwargs.get("code"))
            entry = self.local.get(key, versions)
            if entry is None:
                stored = cache.get(key)
                if stored is not None and stored[0] == versions:
                    entry = stored
                    self.local.put(key, entry)
        except Exception:  # noqa: BLE001 - the shared cache is down: serve the page as built now
            log.warning("public cache unavailable, serving %s uncached", request.path, exc_info=True)
            return self.get_response(request)
        if entry is not None:
            return self._respond(request, entry, "hit")
        response = self.get_response(request)
        if response.status_code != 200 or response.streaming or response.cookies or not response.has_header("Content-Type"):
            return response
        content = response.content
        headers = {name: value for name, value in response.items() if name.lower() not in ("set-cookie", "content-length", "vary")}
        entry = (versions, content, gzip.compress(content, compresslevel=6, mtime=0), headers)
        _store(key, entry)
        self.local.put(key, entry)
        return self._respond(request, entry, "miss")

    @staticmethod
    def _respond(request: HttpRequest, entry: tuple, outcome: str) -> HttpResponse:
        _, content, compressed, headers = entry
        zipped = "gzip" in request.headers.get("Accept-Encoding", "")
        response = HttpResponse(compressed if zipped else content, headers=headers)
        if zipped:
            response["Content-Encoding"] = "gzip"
        response["Vary"] = "Accept-Encoding, Cookie"
        response["X-Public-Cache"] = outcome
        return response


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
