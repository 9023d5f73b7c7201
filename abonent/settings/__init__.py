"""Settings for the embedded demo and development; production overrides live in production.py.

Every value can be set from the environment. With nothing set, Abonent runs on SQLite under
``var/`` with a demo secret key, which production settings refuse.
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from abonent.settings.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("ABONENT_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEMO_SECRET_KEY = "abonent-demo-secret-key-do-not-use-in-production"  # noqa: S105
SECRET_KEY = env_str("ABONENT_SECRET_KEY", DEMO_SECRET_KEY)
DEBUG = env_bool("ABONENT_DEBUG", False)
ALLOWED_HOSTS = env_list("ABONENT_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("ABONENT_CSRF_TRUSTED_ORIGINS", "")
# How many reverse proxies of yours stand before Abonent; the audit trail then takes the client's
# address from X-Forwarded-For. 0: the header is not trusted (anyone could forge it).
ABONENT_PROXY_COUNT = env_int("ABONENT_PROXY_COUNT", 0)

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "abonent.core",
    "abonent.property",
    "abonent.people",
    "abonent.accounts",
    "abonent.tariffs",
    "abonent.metering",
    "abonent.billing",
    "abonent.payments",
    "abonent.collections",
    "abonent.reports",
    "abonent.search",
    "abonent.imports",
    "abonent.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "abonent.core.middleware.UserLanguageMiddleware",
    "abonent.core.middleware.AccessMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "abonent.urls"
WSGI_APPLICATION = "abonent.wsgi.application"
AUTH_USER_MODEL = "core.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "abonent.core.context_processors.abonent",
            ],
        },
    },
]

# Database: SQLite in WAL mode under var/ by default; PostgreSQL through DATABASE_URL.
DATABASE_URL = env_str("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "abonent.sqlite3",
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                    "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=20000;"
                ),
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Repeated failed logins lock the username (from any address) for a while.
AXES_FAILURE_LIMIT = env_int("ABONENT_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("ABONENT_LOGIN_COOLOFF_MINUTES", 15) / 60
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("ABONENT_SESSION_SECONDS", 8 * 3600)
CSRF_COOKIE_HTTPONLY = False  # HTMX reads the token from the page, not the cookie
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("ka", _("Georgian")),
    ("pt-br", _("Portuguese (Brazil)")),
    ("ru", _("Russian")),
]
LOCALE_PATHS = [BASE_DIR / "abonent" / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_ROOT = Path(env_str("ABONENT_MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media/"
WHITENOISE_USE_FINDERS = True

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["abonent.core.api.permissions.RolePermission"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "abonent.core.api.errors.exception_handler",
    "COERCE_DECIMAL_TO_STRING": True,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Abonent API",
    "DESCRIPTION": "Billing and CRM for housing-management companies and utility providers.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1",  # tags and operation ids by resource, not "v1"
    # choice sets shared by several fields named alike get one component each
    "ENUM_NAME_OVERRIDES": {"EntryKindEnum": "abonent.billing.choices.EntryKind"},
}

# Celery: chunks and tasks go to workers when a broker is configured, else run in process.
CELERY_BROKER_URL = env_str("ABONENT_BROKER_URL", "")
CELERY_RESULT_BACKEND = env_str("ABONENT_RESULT_BACKEND", "") or None
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = env_str("ABONENT_TASK_QUEUE", "celery")

# Billing runs work in chunks of whole buildings of about this many accounts.
ABONENT_BILLING_CHUNK_SIZE = env_int("ABONENT_BILLING_CHUNK_SIZE", 2000)
# Local processes of `abonent bill` without a Celery broker (chunks computed side by side).
ABONENT_BILLING_PROCESSES = env_int("ABONENT_BILLING_PROCESSES", os.cpu_count() or 1)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("ABONENT_LOG_LEVEL", "WARNING")},
}

# Size of money columns: 14 digits before the point is enough for any city's turnover.
MONEY_MAX_DIGITS = 18
MONEY_DECIMAL_PLACES = 4

# Sign-in lockout is per username on purpose: staff of one office share one public address,
# and locking the address would lock the whole office out because of one person.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
