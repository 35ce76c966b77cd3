"""Django settings for painscope.

Everything comes from the environment with safe defaults (as in healthchecks):

- ``PAINSCOPE_DATA_DIR``: folder for the SQLite database and uploads (default: a per-user
  data folder from ``platformdirs``).
- ``DATABASE_URL``: use PostgreSQL (or another engine) instead of the embedded SQLite.
- ``PAINSCOPE_SECRET_KEY``: required in production; in development a random key is kept in
  the data folder so sessions survive restarts.
- ``PAINSCOPE_DEBUG`` (default off), ``PAINSCOPE_ALLOWED_HOSTS`` (comma-separated),
  ``PAINSCOPE_PRODUCTION`` (secure cookies, HSTS, SSL redirect), ``PAINSCOPE_SIGNUP``
  (``1``/``0``: may visitors create accounts), ``PAINSCOPE_CSRF_TRUSTED_ORIGINS``.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import platformdirs


def _flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in ("1", "true", "yes", "on")


def data_dir() -> Path:
    configured = os.environ.get("PAINSCOPE_DATA_DIR")
    path = Path(configured) if configured else Path(platformdirs.user_data_dir("painscope"))
    path.mkdir(parents=True, exist_ok=True)
    return path


BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = data_dir()
DEBUG = _flag("PAINSCOPE_DEBUG", False)
PRODUCTION = _flag("PAINSCOPE_PRODUCTION", False)


def _secret_key() -> str:
    key = os.environ.get("PAINSCOPE_SECRET_KEY")
    if key:
        return key
    if PRODUCTION:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("PAINSCOPE_SECRET_KEY must be set in production")
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("PAINSCOPE_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver").split(",")
    if h.strip()
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("PAINSCOPE_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]
SIGNUP_ENABLED = _flag("PAINSCOPE_SIGNUP", True)
# Crisis contacts shown with safety messages (e.g. PHQ-9 item 9); a site sets its own.
CRISIS_CONTACTS = os.environ.get(
    "PAINSCOPE_CRISIS_CONTACTS",
    "If you are in danger or thinking about harming yourself, call your local emergency number "
    "now, or a crisis line (for example 988 in the US, 116 123 Samaritans in the UK and Ireland).",
)

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    # Serves the API docs page's Swagger UI from our own static files; without it ninja
    # loads the script from a CDN, i.e. third-party JavaScript on the site's own origin,
    # where it could call the API with the visitor's session.
    "ninja",
    "painscope.web.accounts",
    "painscope.web.journal",
    "painscope.web.assessments",
    "painscope.web.wearables",
    "painscope.web.insights_web",
    "painscope.web.explain",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before CSRF, which reads the form first: a too-large check-in gets an inline error, not a bare 400.
    "painscope.web.journal.middleware.TooBigFormMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "painscope.web.security.ContentSecurityPolicyMiddleware",
]

ROOT_URLCONF = "painscope.web.urls"
WSGI_APPLICATION = "painscope.web.wsgi.application"

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
                "painscope.web.context.site",
            ],
        },
    }
]


def _databases() -> dict:
    url = os.environ.get("DATABASE_URL")
    if url:
        import dj_database_url

        return {"default": dj_database_url.parse(url, conn_max_age=60)}
    return {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "painscope.sqlite3",
            "OPTIONS": {
                # WAL lets readers and one writer work at once; IMMEDIATE transactions take
                # the write lock up front so concurrent writers wait instead of failing.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=10000;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
            "TEST": {"NAME": None},
        }
    }


DATABASES = _databases()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

# Login rate limit (django-axes): 5 failures per username and address lock for 15 minutes.
AXES_FAILURE_LIMIT = int(os.environ.get("PAINSCOPE_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise expects it, even when serving from the finders
# Static files ship inside the package and are served by WhiteNoise straight from the
# finders, so `painscope serve` needs no collectstatic step and no web server in front.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_ROOT = DATA_DIR / "uploads"
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Largest file a person may upload (a multi-year Apple Health export can be large).
MAX_UPLOAD_BYTES = int(os.environ.get("PAINSCOPE_MAX_UPLOAD_MB", "2048")) * 1024 * 1024

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = _flag("PAINSCOPE_SSL_REDIRECT", True)
    # A load balancer's health probe talks plain HTTP to the app; /healthz holds no data.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = int(os.environ.get("PAINSCOPE_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("PAINSCOPE_LOG_LEVEL", "WARNING")},
}
