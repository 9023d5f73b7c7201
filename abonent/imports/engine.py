"""The import engine: one row at a time, matched to what exists, validated by the model itself.

Each sheet has a ``Loader`` (loaders.py). For every row it resolves the references (building
code, person_ref, ...), finds the existing row by its natural key, fills the model fields from
the cells, and, if anything differs, runs the model's own ``full_clean()`` (so that every rule
lives in the model) and saves the row in a savepoint. Model errors are mapped back to the
sheet's columns. Rows that fail are not saved, and rows that refer to them are still checked
for their own problems, without repeating the failure. The caller (services.py) rolls the
whole transaction back unless every row passed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import DatabaseError, models, transaction
from django.utils.translation import gettext as _

from abonent.imports.choices import Outcome
from abonent.imports.reader import Issue, Row, Sheet
from abonent.imports.spec import SheetSpec


class Unresolved(Exception):
    """A reference cannot be followed. ``message`` None: its row failed and was reported."""

    def __init__(self, message: str | None = None):
        super().__init__(message)
        self.message = message


@dataclass
class RowCheck:
    """The problems of one row, collected while it is loaded."""

    sheet: Sheet
    row: Row
    issues: list[Issue]
    failed: bool = False
    #: the row repeats an earlier row's key: not matched, and not checked for uniqueness
    duplicate: bool = False
    #: model fields left out of full_clean: their cell or reference failed, or is not given
    exclude: set[str] = field(default_factory=set)

    def error(self, column: str, message: Any) -> None:
        self.failed = True
        self.issues.append(self.sheet.issue(self.row.number, column, message))

    def skip(self, field_name: str | None = None) -> None:
        """A problem already reported elsewhere: fail the row silently."""
        self.failed = True
        if field_name:
            self.exclude.add(field_name)


@dataclass
class Pending:
    """A row ready to save: the instance (None for a new one) and its new field values."""

    check: RowCheck
    key: tuple | None
    instance: models.Model | None
    values: dict[str, Any]


class Job:
    """The state of one import run: what the file has made so far, counts and issues."""

    def __init__(self, organization, issues: list[Issue],
                 tick: Callable[[int], None] | None = None, user: Any = None):
        self.organization = organization
        self.issues = issues
        #: who imports (None: the system); loaders that record an author use it
        self.user = user
        #: what the user should know about rows that passed (a reading held for review)
        self.notes: list[Issue] = []
        self.counts: dict[str, dict[str, int]] = {}
        self.tick = tick or (lambda n: None)
        #: objects keyed as the file refers to them; None means "in the file, but failed"
        self.made: dict[str, dict[Any, Any]] = {}
        #: the file's own keys (person_ref, account_ref) -> object id, to remember
        self.keys: dict[str, dict[str, int]] = {}
        self._cache: dict[tuple, Any] = {}

    def register(self, kind: str, key: Any, instance: Any) -> None:
        self.made.setdefault(kind, {})[key] = instance

    def lookup(self, kind: str, key: Any, fetch: Callable[[], Any], unknown: str) -> Any:
        """Follow a reference: to a row of the file, else to a row already in Abonent."""
        made = self.made.get(kind, {})
        if key in made:
            if made[key] is None:
                raise Unresolved(None)
            return made[key]
        cache_key = (kind, key)
        if cache_key not in self._cache:
            self._cache[cache_key] = fetch()
        found = self._cache[cache_key]
        if found is None:
            raise Unresolved(unknown)
        return found

    def note(self, check: RowCheck, column: str, message: Any) -> None:
        self.notes.append(check.sheet.issue(check.row.number, column, message))

    def count(self, sheet: str, outcome: str) -> None:
        counts = self.counts.setdefault(sheet, {o.value: 0 for o in Outcome})
        counts[outcome] += 1


class Loader:
    spec: SheetSpec
    model: type[models.Model]
    #: model field -> the column its reference comes from (for mapping errors back)
    ref_columns: dict[str, str] = {}
    #: the columns of the natural key, as the user sees them (for duplicate messages)
    key_columns: list[str] = []

    def __init__(self, job: Job, sheet: Sheet):
        self.job = job
        self.sheet = sheet
        self.org = job.organization
        self.seen: dict[str, dict[Any, int]] = {}

    # -- steps a sheet's loader fills in -------------------------------------------------
    def prefetch(self) -> None:
        """Load the existing rows the sheet may match, in a few queries."""

    def references(self, row: Row, check: RowCheck) -> dict[str, Any]:
        return {}

    def key(self, row: Row, refs: dict[str, Any]) -> tuple | None:
        raise NotImplementedError

    def existing(self, row: Row, refs: dict[str, Any], key: tuple,
                 check: RowCheck) -> models.Model | None:
        raise NotImplementedError

    def adjust(self, pending: Pending) -> None:
        """Last changes to the values before validation (defaults that depend on context)."""

    def after_save(self, pending: Pending, instance: models.Model | None) -> None:
        """Publish the row for later sheets (``instance`` None if it failed)."""

    # -- the common part -----------------------------------------------------------------
    def run(self) -> None:
        self.job.counts.setdefault(self.spec.name, {o.value: 0 for o in Outcome})
        self.prefetch()
        for row in self.sheet.rows:
            pending = self.prepare(row)
            if pending is not None:
                self.commit(pending)
            self.job.tick(1)

    def prepare(self, row: Row) -> Pending | None:
        check = RowCheck(self.sheet, row, self.job.issues)
        if self.sheet.missing:
            check.skip()
        refs = self.references(row, check)
        values = self.cell_values(row, check)
        values.update(refs)
        key = self.key(row, refs)
        instance = None
        if key is not None and self.unique_in_file(check, "key", key, self.key_columns):
            instance = self.existing(row, refs, key, check)
        pending = Pending(check, key, instance, values)
        self.adjust(pending)
        return pending

    def unique_in_file(self, check: RowCheck, name: str, key: tuple,
                       columns: list[str]) -> bool:
        """Whether ``key`` is the first of its kind in the sheet; a repeat is an error."""
        seen = self.seen.setdefault(name, {})
        if key in seen:
            check.duplicate = True
            check.error(columns[0], _("Duplicate: row %(row)s has the same %(what)s "
                                      "(%(key)s).") % {
                "row": seen[key], "what": ", ".join(columns),
                "key": " / ".join(str(k) for k in key if k not in (None, ""))})
            return False
        seen[key] = check.row.number
        return True

    def cell_values(self, row: Row, check: RowCheck) -> dict[str, Any]:
        """Model field values from the cells the sheet has; a missing column is left alone."""
        values: dict[str, Any] = {}
        for column in self.spec.columns:
            if column.field is None:
                continue
            if column.name in self.sheet.missing or column.name in row.bad:
                check.skip(column.field)
                continue
            if not self.sheet.has(column.name):
                continue
            value = row.values.get(column.name)
            if value in (None, "", []) and column.required:
                check.error(column.name, _("A value is required."))
                check.exclude.add(column.field)
                continue
            values[column.field] = self.empty_value(column.field) if value is None else (
                self.to_field(column.field, value))
        return values

    def to_field(self, name: str, value: Any) -> Any:
        """54.3 for an area is 54.30: the stored form, so that an unchanged cell is equal."""
        f = self.model._meta.get_field(name)
        if isinstance(f, models.DecimalField) and isinstance(value, Decimal):
            places = Decimal(1).scaleb(-f.decimal_places)
            try:
                if value == value.quantize(places, rounding=ROUND_DOWN):
                    return value.quantize(places)
            except InvalidOperation:  # too many digits: the field's validator says so
                pass
        return value

    def empty_value(self, name: str) -> Any:
        f = self.model._meta.get_field(name)
        if f.null:
            return None
        if f.has_default():
            return f.get_default()
        return ""

    def ref(self, check: RowCheck, field_name: str, resolve: Callable[[], Any]) -> Any:
        """Resolve one reference; on failure, report (once) and leave the field out."""
        try:
            return resolve()
        except Unresolved as exc:
            column = self.ref_columns[field_name]
            if exc.message is None:
                check.skip(field_name)
            else:
                check.error(column, exc.message)
                check.exclude.add(field_name)
            return None

    def commit(self, pending: Pending) -> models.Model | None:
        check, instance, values = pending.check, pending.instance, pending.values
        values = {k: v for k, v in values.items() if k not in check.exclude}
        is_new = instance is None
        if is_new:
            instance = self.model(organization=self.org)
        elif not check.failed and not any(self.differs(instance, k, v)
                                          for k, v in values.items()):
            self.job.count(self.spec.name, Outcome.UNCHANGED)
            self.after_save(pending, instance)
            return instance
        for name, value in values.items():
            setattr(instance, name, value)
        self.validate(instance, check, values)
        if not check.failed:
            try:
                with transaction.atomic():
                    instance.save()
            except DatabaseError as exc:
                check.error("", _("The database refused the row: %(error)s") % {
                    "error": str(exc).splitlines()[0]})
        if check.failed:
            if not is_new:
                instance.refresh_from_db()
            self.after_save(pending, None)
            return None
        self.job.count(self.spec.name, Outcome.CREATED if is_new else Outcome.UPDATED)
        self.after_save(pending, instance)
        return instance

    def validate(self, instance: models.Model, check: RowCheck, values: dict[str, Any]) -> None:
        """The model's ``full_clean()``, less the existence checks of the references the
        loader has just found in this organization (a query each per row, for nothing)."""
        found = {"organization"} | {name for name, value in values.items() if value is not None
                                    and self.model._meta.get_field(name).is_relation}
        errors: dict[str, list] = {}
        try:
            instance.full_clean(exclude=sorted(check.exclude | found), validate_unique=False,
                                validate_constraints=False)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        if not check.duplicate:  # a repeated key is reported once, as a duplicate
            exclude = sorted(check.exclude | set(errors))
            for validate in (instance.validate_unique, instance.validate_constraints):
                try:
                    validate(exclude=exclude)
                except ValidationError as exc:
                    errors = exc.update_error_dict(errors)
        if errors:
            self.model_errors(check, ValidationError(errors))

    def differs(self, instance: models.Model, name: str, value: Any) -> bool:
        f = instance._meta.get_field(name)
        if f.is_relation:
            return getattr(instance, f.attname) != (value.pk if value is not None else None)
        return getattr(instance, name) != value

    def column_for(self, field_name: str) -> str:
        if field_name == NON_FIELD_ERRORS:
            return ""
        if field_name in self.ref_columns:
            return self.ref_columns[field_name]
        for column in self.spec.columns:
            if column.field == field_name:
                return column.name
        return field_name

    def model_errors(self, check: RowCheck, exc: ValidationError) -> None:
        for field_name, messages in exc.message_dict.items():
            for message in messages:
                check.error(self.column_for(field_name), message)
