"""One settings file for every environment; everything that differs is read from the environment.

A development machine keeps its own in a local file, `.env` (git-ignored; `make run` writes it with
DEBUG=1 and a key of its own), read only while DEBUG is on; the environment overrides it.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


class SettingError(SystemExit):
    """A setting missing or unreadable. It stops start-up with one line, in Thai and in English, that
    names the variable and how to set it: no traceback, whichever program read the settings
    (manage.py, gunicorn, a worker), as it is a SystemExit that nothing on the way catches."""

    def __init__(self, thai: str, english: str) -> None:
        super().__init__(f"{thai} / {english}")


def _named(name: str, value: str, where: Path | None = None) -> str:
    return f"{name}={value!r}" + (f" ({where})" if where else "")


def yes_no(name: str, value: str, default: bool = False, where: Path | None = None) -> bool:
    """1/true/yes/on or 0/false/no/off (any case); empty is `default`. Anything else stops start-up
    rather than guess ("ture", "enabled"…)."""
    value = value.strip().lower()
    if not value:
        return default
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise SettingError(
        f"{_named(name, value, where)} อ่านเป็นใช่/ไม่ใช่ไม่ได้: ตั้งเป็น 1 หรือ 0",
        f"{_named(name, value, where)} is not a yes/no value: use 1 or 0 (or true/false, yes/no, on/off).",
    )


def envbool(name: str, default: bool = False) -> bool:
    return yes_no(name, os.environ.get(name, ""), default)


def envint(name: str, default: int) -> int:
    """A whole number; unset or empty is `default`. Anything else stops start-up with the variable's name."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise SettingError(
            f"{name}={value!r} ไม่ใช่จำนวนเต็ม: ตั้งเป็นตัวเลขล้วน เช่น {name}={default}",
            f"{name}={value!r} is not a whole number: use digits only, e.g. {name}={default}.",
        ) from None


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def envdatabase(name: str, default: str, conn_max_age: int) -> dict:
    """A database URL as dj-database-url reads it; unset or empty is `default`. The value is not
    repeated in the message: it may hold a password."""
    try:
        return dj_database_url.parse(os.environ.get(name, "").strip() or default, conn_max_age=conn_max_age)
    except ValueError:
        raise SettingError(
            f"อ่าน {name} เป็นที่อยู่ฐานข้อมูลไม่ได้: เขียนแบบ postgres://ผู้ใช้:รหัสผ่าน@เครื่อง:5432/ชื่อฐานข้อมูล",
            f"{name} cannot be read as a database URL: write it as postgres://user:password@host:5432/name.",
        ) from None


def read_env_file(path: Path) -> dict[str, str]:
    """NAME=value lines; blank lines, # comments, `export ` and quotes around a value are allowed."""
    values = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, equals, value = line.removeprefix("export ").partition("=")
        name, value = name.strip(), value.strip()
        if not equals or not name.isidentifier():
            raise SettingError(
                f"{path} บรรทัดที่ {number} อ่านไม่ได้: เขียนเป็น ชื่อ=ค่า เช่น DEBUG=1",
                f"{path} line {number} cannot be read: write NAME=value, e.g. DEBUG=1.",
            )
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        values[name] = value
    return values


def local_settings() -> dict[str, str]:
    """The development machine's own settings file: `.env`, or the file ENV_FILE names (/dev/null for
    none). It is read only while DEBUG is on, by the environment or, where the environment does not
    say, by the file itself: a copy that reaches a server started with DEBUG=0 is never used, its
    development key least of all."""
    debug_said = os.environ.get("DEBUG", "").strip()
    if debug_said and not envbool("DEBUG"):
        return {}
    named = os.environ.get("ENV_FILE", "").strip()
    path = Path(named or BASE_DIR / ".env")
    if not path.exists():
        if named:
            raise SettingError(
                f"ไม่พบไฟล์ {path} ที่ ENV_FILE ระบุ: แก้ ENV_FILE ให้ชี้ไปที่ไฟล์ที่มีอยู่ หรือลบ ENV_FILE ออก",
                f"ENV_FILE names {path}, which does not exist: point ENV_FILE at an existing file, or unset it.",
            )
        return {}
    values = read_env_file(path)
    return values if debug_said or yes_no("DEBUG", values.get("DEBUG", ""), where=path) else {}


for _name, _value in local_settings().items():
    os.environ.setdefault(_name, _value)  # the environment overrides the file

DEBUG = envbool("DEBUG")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise SettingError(
            "ยังไม่ได้ตั้ง SECRET_KEY: ตั้งตัวแปรสภาพแวดล้อม SECRET_KEY เป็นข้อความสุ่มยาว ๆ "
            "หรือบนเครื่องที่ใช้พัฒนาให้รัน make run (เขียนไฟล์ .env ที่มี DEBUG=1 และกุญแจสำหรับพัฒนา)",
            "SECRET_KEY is not set: set the environment variable SECRET_KEY to a long random string "
            "(python3 -c 'import secrets; print(secrets.token_urlsafe(50))'), or on a development machine "
            "run make run (it writes .env with DEBUG=1 and a development key).",
        )
    SECRET_KEY = "insecure-development-key-only-used-with-DEBUG"

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "simple_history",
    "axes",
    "plans",
    "projects",
    "announcements",
    "public",
    "operations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "config.security.PrivatePagesMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Citizens' cached pages: before sessions and auth, outside CSP (a cached page keeps the headers
    # CSP and the inner middleware gave it when it was built; the policy uses no per-request nonce).
    "public.cache.PublicCacheMiddleware",
    "csp.middleware.CSPMiddleware",
    "config.security.UploadLimitMiddleware",  # before anything reads the body (CSRF reads POST)
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes requires
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "plans.context_processors.organisation",
            ],
            "builtins": ["lib.templatetags.thai", "lib.templatetags.slots"],
        },
    },
]

# Widget templates (the month strip, the Thai date input) live in templates/ like every other template.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

WSGI_APPLICATION = "config.wsgi.application"

DATABASES = {"default": envdatabase("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}", conn_max_age=envint("DB_CONN_MAX_AGE", 60))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Staff save while others read; wait for a lock instead of failing at once. The test database
    # is a file too, so that tests of two people acting at once wait for each other as in production.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "var" / "test-db.sqlite3")}
    (BASE_DIR / "var").mkdir(exist_ok=True)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "plans.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out user before the password is checked
    "django.contrib.auth.backends.ModelBackend",
]

# Django's four validators, with Thai messages (plans/passwords.py).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "plans.passwords.UserAttributeSimilarityValidator"},
    {"NAME": "plans.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "plans.passwords.CommonPasswordValidator"},
    {"NAME": "plans.passwords.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "plans:home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "th"
LANGUAGES = [("th", "ไทย")]
# Django's own Thai leaves some form messages in English: locale/th completes it (make locale compiles it).
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Bangkok"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
    ("vendor/sarabun", BASE_DIR / "node_modules" / "@expo-google-fonts" / "sarabun"),
]

MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

# Static files are served by WhiteNoise from STATIC_ROOT (`collectstatic`), with content-hashed names
# and a year's cache lifetime in production; in development (DEBUG) straight from the sources.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# --- Cache: Redis when REDIS_URL is set (required when more than one process serves the site, so
# that they share the public-page cache and its invalidation); otherwise memory of this process.
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = {
    "default": {"BACKEND": "lib.redis_cache.ReusingRedisCache", "LOCATION": REDIS_URL, "KEY_PREFIX": "opplan"}
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "opplan"}
}
# --- Background work (Celery). With CELERY_BROKER_URL set (Redis: redis://host:6379/2) the plan
# PDFs, large imports and archives run on `make worker` processes, on any machine that reaches the
# broker, the database and the media storage; the page shows their progress. Without it (the
# embedded default) the same tasks run inside the request, as a single process needs.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND", CELERY_BROKER_URL)  # chords need one
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True  # a task whose worker dies is delivered again, not lost
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1  # long tasks: a worker takes one at a time
CELERY_TASK_SERIALIZER = CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_EXPIRES = 3600
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A job with no sign of life for this long is reported as stopped (its worker died or was killed).
JOB_STALE_SECONDS = envint("JOB_STALE_SECONDS", 15 * 60)
# Imports of more rows than this run in the background when a broker is configured.
IMPORT_BACKGROUND_ROWS = envint("IMPORT_BACKGROUND_ROWS", 300)
# A year's open-data files cover every organisation's plan (minutes at national size): with a queue,
# announcements that come in a burst share one run, which starts this long after the first of them.
OPEN_DATA_DELAY_SECONDS = envint("OPEN_DATA_DELAY_SECONDS", 60)

# How long a published page stays cached; changes to what it shows invalidate it sooner. 0 = no cache.
PUBLIC_CACHE_SECONDS = envint("PUBLIC_CACHE_SECONDS", 24 * 3600)
# At most this many addresses with a query (filters, searches, pages of the list) are cached per
# page and version; further ones are served without being stored.
PUBLIC_CACHE_VARIANTS = envint("PUBLIC_CACHE_VARIANTS", 200)

# --- Transport security. HTTPS (default: on unless DEBUG) sets the defaults of the rest; behind a
# TLS-terminating proxy also set BEHIND_PROXY=1 so the proxy's X-Forwarded-Proto/-For are believed.
HTTPS = envbool("HTTPS", not DEBUG)
BEHIND_PROXY = envbool("BEHIND_PROXY")
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", HTTPS)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # a load balancer's probe over plain HTTP inside the network
SESSION_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", HTTPS)
CSRF_COOKIE_SECURE = envbool("CSRF_COOKIE_SECURE", HTTPS)
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 365 * 24 * 3600 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", True)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# A staff session lasts one working day from login, then asks for the password again.
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", 8 * 3600)

# Content Security Policy: only this site's own scripts, styles, fonts and images (no inline script).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],  # Bootstrap's icons are data: SVGs in its CSS
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Login throttling (django-axes): after 5 wrong passwords for one user name from one address, that
# pair waits 15 minutes; a correct login resets the count.
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=envint("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "config.security.locked_out"
AXES_CLIENT_IP_CALLABLE = "config.security.client_ip"
AXES_VERBOSE = False

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
# lib.widgets.FastSelect draws a select: give it the CSS class crispy gives Django's Select.
CRISPY_CLASS_CONVERTERS = {"fastselect": "select"}

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# Uploaded emblems are small images; anything larger is refused with a Thai message.
# The key that signs and checks organisation archives (operations/archive.py): the same on the server
# that exports and the one that restores; without it neither runs.
ARCHIVE_SIGNING_KEY = os.environ.get("ARCHIVE_SIGNING_KEY", "")
MAX_IMAGE_UPLOAD_BYTES = envint("MAX_IMAGE_UPLOAD_BYTES", 2 * 1024 * 1024)
# Any request body larger than this is refused (413, in Thai) before it is read: the largest file a
# form takes is a 10 MB signed scan. Keep the proxy's client_max_body_size at or above it.
MAX_UPLOAD_BYTES = envint("MAX_UPLOAD_BYTES", 12 * 1024 * 1024)

# Processes that render a plan's PDF (0: one per core, at most 4). lib/pdf.py reads the variable
# itself, as its worker processes load no Django; it is read here too so that a bad value stops start-up.
PDF_WORKERS = envint("PDF_WORKERS", 0)

LOG_LEVEL = os.environ.get("LOG_LEVEL", "").strip().upper() or "WARNING"
if LOG_LEVEL not in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"):
    raise SettingError(
        f"{_named('LOG_LEVEL', LOG_LEVEL)} ไม่ใช่ระดับของบันทึก: ตั้งเป็น DEBUG, INFO, WARNING, ERROR หรือ CRITICAL",
        f"{_named('LOG_LEVEL', LOG_LEVEL)} is not a log level: use DEBUG, INFO, WARNING, ERROR or CRITICAL.",
    )
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
}

# Where citizens reach the public site: the QR code on every printed announcement points here.
PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
