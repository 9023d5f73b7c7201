from django.conf import settings


def abonent(request):
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    access = request.access
    return {
        "access": access,
        "memberships": access.memberships,
        "LANGUAGES": settings.LANGUAGES,
    }
