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
