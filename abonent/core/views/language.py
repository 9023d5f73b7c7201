from django.views.i18n import set_language as django_set_language

from abonent.core.models import User


def set_language(request):
    """Django's language switch, also remembered on the signed-in user's profile."""
    response = django_set_language(request)
    language = request.POST.get("language")
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and language in dict(User._meta.get_field(
            "language").choices) and user.language != language:
        user.language = language
        user.save(update_fields=["language"])
    return response
