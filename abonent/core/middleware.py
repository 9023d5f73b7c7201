from django.utils.functional import SimpleLazyObject

from abonent.core import audit
from abonent.core.access import access_for_request
from abonent.core.choices import AuditSource


def client_address(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


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
