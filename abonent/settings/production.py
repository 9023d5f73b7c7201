"""Production settings: everything secure by default, and no start with the demo secret key."""

from django.core.exceptions import ImproperlyConfigured

from abonent.settings import *  # noqa: F403
from abonent.settings import DEMO_SECRET_KEY, SECRET_KEY
from abonent.settings.env import env_bool, env_int

if SECRET_KEY == DEMO_SECRET_KEY or len(SECRET_KEY) < 50:
    raise ImproperlyConfigured(
        "Production needs its own ABONENT_SECRET_KEY (at least 50 random characters); "
        "the demo key is refused."
    )

DEBUG = False
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_SSL_REDIRECT = env_bool("ABONENT_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("ABONENT_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
