"""The test suite's settings: the production settings, except that the test client and the live
server speak plain http (no redirect to https, cookies not marked secure) and static files are
served from their sources, as `collectstatic` has not run. Tests of the production values run
`manage.py` with config.settings in a subprocess (tests/plans/test_settings.py).

The suite reads no local settings file: a developer's `.env` (DEBUG=1) would change what it tests.
Subprocesses inherit that, and tests of the file name one with ENV_FILE."""

import os

os.environ["ENV_FILE"] = os.devnull

from config.settings import *  # noqa: E402, F403

SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
STATIC_ROOT = BASE_DIR / "var" / "test-static"  # noqa: F405 - empty: WhiteNoise finds the sources
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
WHITENOISE_USE_FINDERS = True
ARCHIVE_SIGNING_KEY = "tests-only-archive-signing-key"
