"""``POST /api/v1/auth/token/``: username and password in, API token out; ``DELETE`` revokes it.

Signing in for a token is signing in: it goes through ``django.contrib.auth.authenticate`` with
the request, so django-axes counts failures and locks the username exactly as on the login
page. A locked-out client gets 429 in JSON (not the HTML lockout page).
"""

from __future__ import annotations

from django.contrib.auth import authenticate, user_logged_in
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import parsers, renderers, serializers, status
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from abonent.core.api.schema import VALIDATION_ERROR, AutoSchema, ErrorSerializer


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=256, trim_whitespace=False,
                                     style={"input_type": "password"})


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text=_('Send it as "Authorization: Token <token>".'))


class TokenSchema(AutoSchema):
    requires_auth = False


class ObtainTokenView(APIView):
    # Getting a token needs no authentication (and so no CSRF token); revoking one needs it.
    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes: list = []
    parser_classes = [parsers.JSONParser, parsers.FormParser]
    renderer_classes = [renderers.JSONRenderer]
    schema = TokenSchema()

    @extend_schema(
        operation_id="auth_token_create",
        tags=["auth"],
        summary=_("Get an API token"),
        request=TokenRequestSerializer,
        responses={
            200: TokenSerializer,
            400: OpenApiResponse(VALIDATION_ERROR, description=_("Wrong username or password.")),
            429: OpenApiResponse(ErrorSerializer, description=_(
                "Too many failed sign-ins: the username is locked for a while.")),
        },
    )
    def post(self, request, *args, **kwargs):
        data = TokenRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        http_request = request._request  # axes marks lockouts on Django's request
        user = authenticate(request=http_request, username=data.validated_data["username"],
                            password=data.validated_data["password"])
        if getattr(http_request, "axes_locked_out", False):
            # Answer in JSON ourselves; left set, the flag makes AxesMiddleware replace this
            # response with the HTML lockout page meant for browsers.
            http_request.axes_locked_out = False
            return Response({"detail": _("Too many failed sign-ins. Try again later.")},
                            status=status.HTTP_429_TOO_MANY_REQUESTS)
        if user is None:
            raise serializers.ValidationError(
                {"non_field_errors": [_("Unable to sign in with these credentials.")]})
        user_logged_in.send(sender=user.__class__, request=http_request, user=user)
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})

    def get_authenticators(self):
        if self.request is not None and self.request.method == "DELETE":
            return [TokenAuthentication()]
        return super().get_authenticators()

    def get_permissions(self):
        if self.request is not None and self.request.method == "DELETE":
            return [IsAuthenticated()]
        return super().get_permissions()

    @extend_schema(
        operation_id="auth_token_destroy",
        tags=["auth"],
        summary=_("Revoke the API token"),
        description=_("Deletes the token the request is made with; get a new one by signing "
                      "in again."),
        auth=[{"tokenAuth": []}],
        request=None,
        responses={
            204: OpenApiResponse(description=_("The token is revoked.")),
            401: OpenApiResponse(ErrorSerializer, description=_("No or invalid token.")),
        },
    )
    def delete(self, request, *args, **kwargs):
        request.auth.delete()
        return Response(status=status.HTTP_204_NO_CONTENT)
