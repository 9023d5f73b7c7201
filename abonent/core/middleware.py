import ipaddress

from django.conf import settings
from django.utils.functional import SimpleLazyObject

from abonent.core import audit
from abonent.core.access import access_for_request
from abonent.core.choices import AuditSource


def _ip(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_address(request) -> str | None:
    """The client's address. Behind ``ABONENT_PROXY_COUNT`` reverse proxies it is the entry
    that the outermost proxy appended to X-Forwarded-For; entries before it are the client's
    own word and are ignored. Without proxies the header is not trusted at all."""
    hops = getattr(settings, "ABONENT_PROXY_COUNT", 0)
    if hops:
        forwarded = [a for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
                     if a.strip()]
        if len(forwarded) >= hops and (address := _ip(forwarded[-hops])):
            return address
    return _ip(request.META.get("REMOTE_ADDR") or "")


class AccessMiddleware:
    """Puts ``request.access`` (lazy: the API authenticates later) and the audit context."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.access = SimpleLazyObject(lambda: access_for_request(request))
        source = AuditSource.API if request.path.startswith("/api/") else AuditSource.WEB
        with audit.audit_context(source=source, detail=f"{request.method} {request.path}"[:200],
                                 request=request, remote_addr=client_address(request)):
            return self.get_response(request)


class UserLanguageMiddleware:
    """A signed-in user without an explicit language choice gets their profile's language."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings
        from django.utils import translation

        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated
                and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES and user.language):
            translation.activate(user.language)
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)
