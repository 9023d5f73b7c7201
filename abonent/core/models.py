"""Organizations, branches, staff users and their memberships, and the audit trail."""

from zoneinfo import available_timezones

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from abonent.core.choices import AuditAction, AuditSource, BranchKind, Currency, Language, Role
from abonent.core.tenancy import TenantModel, TenantQuerySet


def validate_time_zone(value: str) -> None:
    if value not in available_timezones():
        raise ValidationError(_("%(value)s is not an IANA time zone, e.g. Asia/Tbilisi."),
                              params={"value": value})


def validate_country(value: str) -> None:
    if len(value) != 2 or not value.isalpha() or not value.isupper():
        raise ValidationError(_("Use the two-letter ISO 3166 country code, e.g. GE, BR, PT."))


class OrganizationQuerySet(models.QuerySet):
    def restrict(self, access, action: str = "view"):
        """A user sees only the organization they act in."""
        if not access.can("organization", action):
            return self.none()
        return self.filter(pk=access.organization_id)


class Organization(models.Model):
    """A management company or utility. Every domain row belongs to exactly one."""

    slug = models.SlugField(_("short name"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=200)
    country = models.CharField(_("country"), max_length=2, validators=[validate_country])
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices)
    time_zone = models.CharField(_("time zone"), max_length=64, validators=[validate_time_zone])
    language = models.CharField(_("default language"), max_length=8, choices=Language.choices,
                                default=Language.EN)
    legal_name = models.CharField(_("legal name"), max_length=250, blank=True)
    tax_id = models.CharField(_("tax identification number"), max_length=40, blank=True)
    address = models.CharField(_("legal address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    bank_name = models.CharField(_("bank"), max_length=200, blank=True)
    bank_account = models.CharField(_("bank account (IBAN)"), max_length=64, blank=True)
    bank_code = models.CharField(_("bank code (BIC/SWIFT)"), max_length=20, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OrganizationQuerySet.as_manager()
    permission_area = "organization"
    audit_exclude = ("created_at", "updated_at")

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("core:organization_detail", args=[self.pk])


class Branch(TenantModel):
    """An office, department or warehouse of an organization."""

    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=BranchKind.choices,
                            default=BranchKind.OFFICE)
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    permission_area = "organization"

    class Meta:
        verbose_name = _("branch")
        verbose_name_plural = _("branches")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "code"], name="branch_code_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A staff user. What they may do depends on their membership in each organization."""

    language = models.CharField(_("language"), max_length=8, choices=Language.choices,
                                default=Language.EN)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    is_system = models.BooleanField(default=False, editable=False)

    audit_exclude = ("password", "last_login", "date_joined")

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Membership(TenantModel):
    """A user's role in one organization, optionally limited to some branches."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships",
                             verbose_name=_("user"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    branches = models.ManyToManyField(Branch, blank=True, verbose_name=_("branches"),
                                      help_text=_("Leave empty for the whole organization."))
    is_active = models.BooleanField(_("active"), default=True)

    permission_area = "organization"
    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["organization", "user"], name="membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()}"


class AuditQuerySet(models.QuerySet):
    def restrict(self, access, action: str = "view"):
        if not access.can("audit", action):
            return self.none()
        return self.filter(organization_id=access.organization_id)

    def update(self, **kwargs):
        raise PermissionError("audit rows are never changed")

    def delete(self):
        raise PermissionError("audit rows are never deleted")


class AuditEntry(models.Model):
    """One create, update or delete of one object, with field-level before and after.

    Rows are append-only: the model refuses updates and deletes, and on both databases a
    trigger refuses UPDATE (see migration 0002).
    """

    organization = models.ForeignKey(Organization, null=True, on_delete=models.DO_NOTHING,
                                     db_constraint=False, related_name="+")
    timestamp = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(User, null=True, on_delete=models.DO_NOTHING, db_constraint=False,
                              related_name="+", verbose_name=_("who"))
    actor_label = models.CharField(_("who"), max_length=150)
    source = models.CharField(_("source"), max_length=20, choices=AuditSource.choices)
    source_detail = models.CharField(_("detail"), max_length=200, blank=True)
    remote_addr = models.GenericIPAddressField(_("address"), null=True, blank=True)
    action = models.CharField(_("action"), max_length=10, choices=AuditAction.choices)
    object_type = models.CharField(_("object type"), max_length=100, db_index=True)
    object_id = models.CharField(_("object id"), max_length=64)
    object_repr = models.CharField(_("object"), max_length=250)
    changes = models.JSONField(_("changes"), default=dict)

    objects = AuditQuerySet.as_manager()
    permission_area = "audit"

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-timestamp", "-id"]
        indexes = [
            models.Index(fields=["object_type", "object_id"], name="audit_object_idx"),
            models.Index(fields=["organization", "timestamp"], name="audit_org_time_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.timestamp:%Y-%m-%d %H:%M} {self.actor_label} {self.action} " \
            f"{self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("audit rows are never changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("audit rows are never deleted")

    @property
    def who(self) -> str:
        """The actor as readers see it: a username, or "system" in their language."""
        from abonent.core.audit import SYSTEM_USERNAME

        if self.actor_id is None and self.actor_label == SYSTEM_USERNAME:
            return str(_("system"))
        return self.actor_label

    @property
    def object_type_label(self) -> str:
        from django.apps import apps

        try:
            return str(apps.get_model(self.object_type)._meta.verbose_name)
        except (LookupError, ValueError):
            return self.object_type

    @property
    def object_url(self) -> str | None:
        from django.urls import NoReverseMatch, reverse

        if self.action == AuditAction.DELETE:
            return None
        app_label, model_name = self.object_type.split(".")
        try:
            return reverse(f"{app_label}:{model_name}_detail", args=[self.object_id])
        except NoReverseMatch:
            return None
