from django.db import models
from django.utils.translation import gettext_lazy as _


class Currency(models.TextChoices):
    GEL = "GEL", _("Georgian lari")
    BRL = "BRL", _("Brazilian real")
    EUR = "EUR", _("Euro")
    RUB = "RUB", _("Russian ruble")
    USD = "USD", _("US dollar")
    KZT = "KZT", _("Kazakh tenge")
    UZS = "UZS", _("Uzbek som")
    AMD = "AMD", _("Armenian dram")


class Language(models.TextChoices):
    EN = "en", _("English")
    KA = "ka", _("Georgian")
    PT_BR = "pt-br", _("Portuguese (Brazil)")
    RU = "ru", _("Russian")


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    MANAGER = "manager", _("Manager")
    ACCOUNTANT = "accountant", _("Accountant")
    CASHIER = "cashier", _("Cashier")
    DISPATCHER = "dispatcher", _("Dispatcher")
    TECHNICIAN = "technician", _("Technician")
    AUDITOR = "auditor", _("Auditor")


class Action(models.TextChoices):
    VIEW = "view", _("View")
    ADD = "add", _("Add")
    CHANGE = "change", _("Change")
    CLOSE = "close", _("Close")
    EXPORT = "export", _("Export")
    IMPORT = "import", _("Import")
    APPROVE = "approve", _("Approve")


class BranchKind(models.TextChoices):
    OFFICE = "office", _("Office")
    DEPARTMENT = "department", _("Department")
    WAREHOUSE = "warehouse", _("Warehouse")


class AuditAction(models.TextChoices):
    CREATE = "create", _("Created")
    UPDATE = "update", _("Updated")
    DELETE = "delete", _("Deleted")


class AuditSource(models.TextChoices):
    WEB = "web", _("Web")
    API = "api", _("API")
    COMMAND = "command", _("Command")
    TASK = "task", _("Background task")
    SHELL = "shell", _("Shell")
    IMPORT = "import", _("Import")
