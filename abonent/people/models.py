"""People and companies, and who owns or occupies which unit, when, and in what share."""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from abonent.core.choices import Language
from abonent.core.tenancy import TenantModel
from abonent.core.validators import phone_validator
from abonent.people.choices import Channel, OwnershipKind, PersonKind


class Person(TenantModel):
    kind = models.CharField(_("kind"), max_length=10, choices=PersonKind.choices,
                            default=PersonKind.PERSON)
    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    middle_name = models.CharField(_("middle name / patronymic"), max_length=100, blank=True)
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    company_name = models.CharField(_("company name"), max_length=250, blank=True)
    personal_id = models.CharField(_("personal or tax number"), max_length=40, blank=True,
                                   help_text=_("National ID, CPF/CNPJ, NIF or INN."))
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True, validators=[phone_validator])
    phone_alt = models.CharField(_("second phone"), max_length=40, blank=True,
                                 validators=[phone_validator])
    email = models.EmailField(_("e-mail"), blank=True)
    email_alt = models.EmailField(_("second e-mail"), blank=True)
    postal_address = models.CharField(_("postal address"), max_length=300, blank=True)
    language = models.CharField(_("preferred language"), max_length=8, choices=Language.choices,
                                default=Language.EN)
    channels = models.JSONField(_("preferred channels"), default=list, blank=True,
                                help_text=_("In order of preference."))
    consent_processing = models.BooleanField(_("consents to data processing"), default=False)
    consent_electronic = models.BooleanField(_("consents to electronic documents"),
                                             default=False)
    consent_marketing = models.BooleanField(_("consents to news and offers"), default=False)
    closed_on = models.DateField(_("archived on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    permission_area = "person"
    picker = True  # thousands of rows: chosen through a search, not a long list
    close_field = "closed_on"

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["last_name", "first_name", "company_name"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.kind == PersonKind.COMPANY:
            return self.company_name
        return " ".join(p for p in (self.first_name, self.middle_name, self.last_name) if p)

    def clean(self) -> None:
        errors = {}
        if self.kind == PersonKind.COMPANY and not self.company_name:
            errors["company_name"] = _("A company needs its name.")
        if self.kind == PersonKind.PERSON and not (self.first_name and self.last_name):
            if not self.first_name:
                errors["first_name"] = _("A person needs a first name.")
            if not self.last_name:
                errors["last_name"] = _("A person needs a last name.")
        unknown = [c for c in (self.channels or []) if c not in Channel.values]
        if unknown:
            errors["channels"] = _("Unknown channel: %(c)s.") % {"c": ", ".join(map(str, unknown))}
        if errors:
            raise ValidationError(errors)


class Ownership(TenantModel):
    """A person's right to a unit (owner, tenant, occupant) over a date range."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="ownerships",
                               verbose_name=_("person"))
    unit = models.ForeignKey("property.Unit", on_delete=models.PROTECT, related_name="ownerships",
                             verbose_name=_("unit"))
    kind = models.CharField(_("kind"), max_length=10, choices=OwnershipKind.choices,
                            default=OwnershipKind.OWNER)
    share_numerator = models.PositiveIntegerField(_("share (numerator)"), default=1,
                                                  validators=[MinValueValidator(1)])
    share_denominator = models.PositiveIntegerField(_("share (denominator)"), default=1,
                                                    validators=[MinValueValidator(1)])
    date_from = models.DateField(_("from"))
    date_to = models.DateField(_("until"), null=True, blank=True)
    document_ref = models.CharField(_("document"), max_length=200, blank=True,
                                    help_text=_("Title deed, lease or registry reference."))

    permission_area = "ownership"
    branch_path = "unit__building__branch"
    close_field = "date_to"

    class Meta:
        verbose_name = _("ownership or occupancy")
        verbose_name_plural = _("ownership and occupancy")
        ordering = ["unit", "-date_from"]

    def __str__(self) -> str:
        return f"{self.person} · {self.unit} · {self.share}"

    @property
    def share(self) -> str:
        return f"{self.share_numerator}/{self.share_denominator}"

    def clean(self) -> None:
        errors = {}
        if self.share_numerator and self.share_denominator and (
                self.share_numerator > self.share_denominator):
            errors["share_numerator"] = _("A share cannot be more than the whole.")
        if self.date_to and self.date_from and self.date_to < self.date_from:
            errors["date_to"] = _("The end date is before the start date.")
        if not errors and self.kind == OwnershipKind.OWNER and self.unit_id and self.date_from:
            self._check_owner_shares(errors)
        if errors:
            raise ValidationError(errors)

    def _check_owner_shares(self, errors: dict) -> None:
        """Owners' shares that overlap in time may not add up to more than the whole unit."""
        from fractions import Fraction

        overlapping = Ownership.objects.filter(unit_id=self.unit_id, kind=OwnershipKind.OWNER)
        overlapping = overlapping.exclude(pk=self.pk).filter(
            Q(date_to__isnull=True) | Q(date_to__gte=self.date_from))
        if self.date_to:
            overlapping = overlapping.filter(date_from__lte=self.date_to)
        total = Fraction(self.share_numerator, self.share_denominator) + sum(
            (Fraction(o.share_numerator, o.share_denominator) for o in overlapping), Fraction(0))
        if total > 1:
            errors["share_numerator"] = _(
                "Owners' shares of this unit would add up to %(total)s, more than the whole."
            ) % {"total": str(total)}
