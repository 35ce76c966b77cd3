"""Django settings for painscope.

Everything comes from the environment with safe defaults (as in healthchecks):

- ``PAINSCOPE_DATA_DIR``: folder for the SQLite database and uploads (default: a per-user
  data folder from ``platformdirs``).
- ``DATABASE_URL``: use PostgreSQL (or another engine) instead of the embedded SQLite.
- ``PAINSCOPE_SECRET_KEY``: required in production; in development a random key is kept in
  the data folder so sessions survive restarts.
- ``PAINSCOPE_DEBUG`` (default off), ``PAINSCOPE_ALLOWED_HOSTS`` (comma-separated),
  ``PAINSCOPE_PRODUCTION`` (secure cookies, HSTS, SSL redirect), ``PAINSCOPE_SIGNUP``
  (``1``/``0``: may visitors create accounts), ``PAINSCOPE_CSRF_TRUSTED_ORIGINS`` (default in
  production: ``https://`` + each allowed host).
- ``PAINSCOPE_TRUSTED_PROXY`` (the TLS proxy's address; its ``X-Forwarded-*`` headers are
  believed), ``PAINSCOPE_TRUSTED_PROXY_HEADERS``, ``PAINSCOPE_HSTS_SECONDS``.
- ``PAINSCOPE_MAX_UPLOAD_MB`` (2000), ``PAINSCOPE_MAX_IMPORT_MB`` (50): MB of 10^6 bytes.

Health data is private on disk too: the data folder is made ``0700`` and the SQLite
database ``0600`` (its -wal/-shm files take the database's mode).
- Accounts (idle sign-out, API token lifetime, sign-up and reset limits, SMTP for reset
  e-mails): see the block at the end and docs/accounts.md.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import platformdirs

from painscope.web.limits import MB


def _flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in ("1", "true", "yes", "on")


def data_dir() -> Path:
    """The data folder, created if needed and readable by its owner only (0700)."""
    configured = os.environ.get("PAINSCOPE_DATA_DIR")
    path = Path(configured) if configured else Path(platformdirs.user_data_dir("painscope"))
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    _make_private(path, 0o700)
    return path


def _make_private(path: Path, mode: int) -> None:
    """Take group and other permissions off ``path`` (ours); leave it alone if we cannot."""
    try:
        if path.stat().st_mode & 0o077:
            path.chmod(mode)
    except OSError:
        pass


def private_file(path: Path) -> Path:
    """Create ``path`` empty with mode 0600 if missing, else make it 0600; return it."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        _make_private(path, 0o600)
    except OSError:
        pass  # e.g. a read-only folder: SQLite reports it when it opens the database
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


def _proxy_headers() -> tuple[str, ...]:
    known = ("x-forwarded-proto", "x-forwarded-for", "x-forwarded-host", "x-forwarded-port", "x-forwarded-by", "forwarded")
    raw = os.environ.get("PAINSCOPE_TRUSTED_PROXY_HEADERS", "x-forwarded-proto,x-forwarded-for,x-forwarded-host")
    headers = tuple(h.strip().lower() for h in raw.replace(" ", ",").split(",") if h.strip())
    unknown = [h for h in headers if h not in known]
    if unknown:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            f"PAINSCOPE_TRUSTED_PROXY_HEADERS: unknown header(s) {', '.join(unknown)}; use some of {', '.join(known)}"
        )
    return headers


# Behind a reverse proxy that terminates TLS (nginx, Caddy): the proxy's address as the app
# sees it (e.g. 127.0.0.1), or "*" for any peer (only when nothing else can reach the port).
# `painscope serve` then believes that proxy's X-Forwarded-* headers (waitress trusted_proxy)
# and drops them from anyone else, so a request that came in over https is seen as https:
# no redirect loop, secure cookies and HSTS work. Unset: nothing forwarded is believed.
TRUSTED_PROXY = os.environ.get("PAINSCOPE_TRUSTED_PROXY", "").strip()
TRUSTED_PROXY_HEADERS = _proxy_headers()
if TRUSTED_PROXY:
    # For WSGI servers other than `painscope serve`, which set no wsgi.url_scheme themselves.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    USE_X_FORWARDED_HOST = "x-forwarded-host" in TRUSTED_PROXY_HEADERS


def _csrf_trusted_origins() -> list[str]:
    """PAINSCOPE_CSRF_TRUSTED_ORIGINS when given; in production, else https:// + each allowed host."""
    given = [o.strip() for o in os.environ.get("PAINSCOPE_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]
    if given or not PRODUCTION:
        return given
    return [f"https://*{h}" if h.startswith(".") else f"https://{h}" for h in ALLOWED_HOSTS if h != "*"]


CSRF_TRUSTED_ORIGINS = _csrf_trusted_origins()
SIGNUP_ENABLED = _flag("PAINSCOPE_SIGNUP", True)
# Who runs this copy and how to reach them, for the public landing page. Left empty, the page
# says plainly that the operator has not said who they are (it never invents one).
SITE_OPERATOR = os.environ.get("PAINSCOPE_SITE_OPERATOR", "").strip()
SITE_CONTACT = os.environ.get("PAINSCOPE_SITE_CONTACT", "").strip()
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
    "painscope.web.care",
    "django_tasks",
    "django_tasks_db",
    "painscope.web.reminders",
    "painscope.web.programmes",
    "painscope.web.welcome",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # the browser's language for everyone; a signed-in person's own choice is applied below
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before CSRF, which reads the form first: a too-large check-in gets an inline error, not a bare 400.
    "painscope.web.journal.middleware.TooBigFormMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # every time on a signed-in person's pages in their account's zone (issue 16)
    "painscope.web.accounts.zone.AccountZoneMiddleware",
    # and in the language they chose in Account (when they chose one)
    "painscope.web.accounts.zone.AccountLanguageMiddleware",
    # route, address and user agent of the request, for the audit log written by the gate
    "painscope.web.care.gate.AuditMiddleware",
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
                "painscope.web.accounts.zone.zone_context",
                "painscope.web.navigation.navigation",
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
            "ENGINE": "painscope.web.sqlite",  # Django's, with an in-process writer queue (see there)
            # Created 0600 before SQLite opens it (SQLite would use the umask: 0644).
            "NAME": private_file(DATA_DIR / "painscope.sqlite3"),
            "OPTIONS": {
                # WAL lets readers and one writer work at once; IMMEDIATE transactions take
                # the write lock up front so concurrent writers wait instead of failing.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                "PRAGMA foreign_keys=ON;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
            "TEST": {"NAME": ":memory:"},  # explicit: pytest-django suffixes any other name of a non-stock engine
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

# API rate limits (painscope.web.api.limits, docs/api.md): requests per person (token or
# session) and, for requests without valid credentials, per client address. "off" disables.
API_RATE_USER = os.environ.get("PAINSCOPE_API_RATE", "1200/min")
API_RATE_ANON = os.environ.get("PAINSCOPE_API_ANON_RATE", "60/min")

LANGUAGE_CODE = "en"
# The pages' languages (issue 16). A person picks one in Account (Profile.language); signed
# out, or with no choice made, the browser's Accept-Language decides (LocaleMiddleware).
# Catalogues: painscope/web/locale (shared pages) and each app's locale/ folder; see
# docs/translations.md. Number and date formats follow the language (Django's locale formats).
LANGUAGES = [("en", "English"), ("de", "Deutsch")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise expects it, even when serving from the finders
# Static files ship inside the package. `painscope serve` collects them into STATIC_ROOT
# with .br/.gz copies at start and serves that copy, compressed (painscope/web/staticfiles.py);
# other WSGI servers serve straight from the package (no collectstatic step needed), or
# run `collectstatic` and set PAINSCOPE_STATIC_COLLECTED=1 to get the compressed copies too.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "painscope.web.staticfiles.CompressedStaticFiles"},
}
WHITENOISE_USE_FINDERS = DEBUG or not _flag("PAINSCOPE_STATIC_COLLECTED", False)
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_ROOT = DATA_DIR / "uploads"
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024


def _megabytes_setting(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip() or str(default)
    if not raw.isdigit() or int(raw) < 1:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(f"{name} must be a whole number of megabytes (10^6 bytes), got {raw!r}")
    return int(raw) * MB


# Size limits: one set of numbers for the server (waitress), Django, the messages and the
# docs, in MB of 10^6 bytes (painscope.web.limits). Largest wearable export a person may
# upload (a multi-year Apple Health export can be large):
MAX_UPLOAD_BYTES = _megabytes_setting("PAINSCOPE_MAX_UPLOAD_MB", 2000)
# Largest tidy diary CSV, on the "My data" page and at /api/v1/import:
MAX_IMPORT_BYTES = _megabytes_setting("PAINSCOPE_MAX_IMPORT_MB", 50)
# Largest JSON body of the API's other routes (an entry or a dose is a few kilobytes):
MAX_JSON_BYTES = 1 * MB
# Multipart framing and the other form fields add a little beyond the file itself.
UPLOAD_BODY_SLACK_BYTES = 64 * 1024
# `painscope serve` refuses a larger body before reading it (waitress max_request_body_size);
# anything up to this reaches Django, which answers with its own message.
MAX_REQUEST_BODY_BYTES = max(MAX_UPLOAD_BYTES, MAX_IMPORT_BYTES) + UPLOAD_BODY_SLACK_BYTES

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

# Jobs (reminders): django-tasks with its database backend, so SQLite and PostgreSQL both
# work with no broker. `painscope serve` runs the worker in-process on the embedded default
# (SQLite) unless PAINSCOPE_EMBEDDED_WORKER=0; larger sites run `painscope worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "reminders"]}}
EMBEDDED_WORKER = _flag("PAINSCOPE_EMBEDDED_WORKER", "DATABASE_URL" not in os.environ)

# Email (reminders; password reset uses the same settings). Off unless the site sets an
# SMTP host (PAINSCOPE_SMTP_HOST) or a backend (PAINSCOPE_EMAIL_BACKEND).
EMAIL_BACKEND = os.environ.get("PAINSCOPE_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("PAINSCOPE_SMTP_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("PAINSCOPE_SMTP_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("PAINSCOPE_SMTP_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("PAINSCOPE_SMTP_PASSWORD", "")
EMAIL_USE_TLS = _flag("PAINSCOPE_SMTP_STARTTLS", True)
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = os.environ.get("PAINSCOPE_EMAIL_FROM", "painscope <painscope@localhost>")
PAINSCOPE_EMAIL_ENABLED = bool(os.environ.get("PAINSCOPE_SMTP_HOST") or os.environ.get("PAINSCOPE_EMAIL_BACKEND"))
# Public address of the site, for links in emails (e.g. https://pain.example.org).
PAINSCOPE_SITE_URL = os.environ.get("PAINSCOPE_SITE_URL", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("PAINSCOPE_LOG_LEVEL", "WARNING")},
}

# -- Accounts a clinic can run (docs/accounts.md) ------------------------------------------
# Two-step sign-in (django-otp TOTP) and the session rules, in this order after
# MessageMiddleware: OTPMiddleware marks verified sessions, the idle rule may sign a
# session out, then the second-factor rule sends who must to the code step or set-up.
INSTALLED_APPS += ["django_otp", "django_otp.plugins.otp_totp"]
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.messages.middleware.MessageMiddleware") + 1,
    "django_otp.middleware.OTPMiddleware",
)
MIDDLEWARE.insert(
    MIDDLEWARE.index("django_otp.middleware.OTPMiddleware") + 1,
    "painscope.web.accounts.middleware.IdleTimeoutMiddleware",
)
MIDDLEWARE.insert(
    MIDDLEWARE.index("painscope.web.accounts.middleware.IdleTimeoutMiddleware") + 1,
    "painscope.web.accounts.middleware.SecondFactorMiddleware",
)
# Not a rule about passwords: ends every API token of an account whose password changes.
AUTH_PASSWORD_VALIDATORS += [{"NAME": "painscope.web.accounts.validators.EndTokensOnPasswordChange"}]
OTP_TOTP_ISSUER = os.environ.get("PAINSCOPE_SITE_NAME", "painscope")
OTP_TOTP_THROTTLE_FACTOR = 1  # wrong codes wait 1, 2, 4, 8 ... seconds (django-otp)

# Idle sign-out. 12 h for people keeping a diary, 30 min for clinicians (ASVS 4.0.3
# 3.3.2, level 2: "12 hours or 30 minutes of inactivity").
SESSION_IDLE_MINUTES = float(os.environ.get("PAINSCOPE_SESSION_IDLE_MINUTES", str(12 * 60)))
CLINICIAN_IDLE_MINUTES = float(os.environ.get("PAINSCOPE_CLINICIAN_IDLE_MINUTES", "30"))
SESSION_COOKIE_AGE = int(max(SESSION_IDLE_MINUTES, CLINICIAN_IDLE_MINUTES) * 60) + 60

# Personal API tokens: default and longest lifetime in days.
API_TOKEN_DAYS = int(os.environ.get("PAINSCOPE_API_TOKEN_DAYS", "90"))
API_TOKEN_MAX_DAYS = max(API_TOKEN_DAYS, int(os.environ.get("PAINSCOPE_API_TOKEN_MAX_DAYS", "365")))

# Per network address and hour: account sign-ups and password-reset e-mails.
SIGNUPS_PER_HOUR = int(os.environ.get("PAINSCOPE_SIGNUPS_PER_HOUR", "5"))
RESETS_PER_HOUR = int(os.environ.get("PAINSCOPE_RESETS_PER_HOUR", "5"))
PASSWORD_RESET_TIMEOUT = int(os.environ.get("PAINSCOPE_RESET_LINK_MINUTES", "60")) * 60

# E-mail (password reset). Without PAINSCOPE_SMTP_HOST the site sends no e-mail at all and
# says so on the reset page; reset links are never written to a log instead.
EMAIL_ENABLED = bool(os.environ.get("PAINSCOPE_SMTP_HOST"))
if EMAIL_ENABLED:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["PAINSCOPE_SMTP_HOST"]
    _smtp_security = os.environ.get("PAINSCOPE_SMTP_SECURITY", "starttls").strip().lower()
    EMAIL_USE_TLS = _smtp_security == "starttls"
    EMAIL_USE_SSL = _smtp_security == "tls"
    EMAIL_PORT = int(os.environ.get("PAINSCOPE_SMTP_PORT", "465" if EMAIL_USE_SSL else "587"))
    EMAIL_HOST_USER = os.environ.get("PAINSCOPE_SMTP_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("PAINSCOPE_SMTP_PASSWORD", "")
    EMAIL_TIMEOUT = 20
else:
    EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("PAINSCOPE_EMAIL_FROM", "painscope <noreply@localhost>")
# Reset e-mails go out on a thread, so the reset page answers in the same time whether or
# not the address has an account (no enumeration by timing).
EMAIL_IN_BACKGROUND = True
