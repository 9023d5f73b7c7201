from django.conf import settings

from abonent.core.access import memberships_of


def abonent(request):
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    access = getattr(request, "access", None)
    return {
        "access": access,
        "memberships": memberships_of(request.user),
        "LANGUAGES": settings.LANGUAGES,
    }
