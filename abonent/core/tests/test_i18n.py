"""Four languages from day one: the ka, pt_BR and ru catalogs are complete, compiled, in step
with the code, and the pages really come out in the language the user chose.

When a test here fails, run ``abonent i18n`` (extract and compile), translate what it lists in
abonent/locale/<lang>/LC_MESSAGES/django.po, and run it again. docs/translations.md says more.
"""

import re
import shutil

import polib
import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from abonent.core.management.commands import i18n
from abonent.testing.factories import MembershipFactory
from abonent.testing.services import missing_service

FIX = "run `abonent i18n`, translate what it lists, and run it again (docs/translations.md)"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]|\{(\w*)\}")
LANGUAGE_OF_LOCALE = {"ka": "ka", "pt_BR": "pt-br", "ru": "ru"}


def catalog(locale: str, domain: str = "django") -> polib.POFile:
    path = i18n.po_path(locale, domain)
    assert path.exists(), f"{path} is missing: {FIX}"
    return polib.pofile(str(path))


def domains() -> list[str]:
    return sorted({p.stem for p in i18n.catalogs()})


def in_catalog(locale: str, msgid: str) -> str:
    entry = catalog(locale).find(msgid)
    assert entry is not None, f"{msgid!r} is not in the {locale} catalog: {FIX}"
    return entry.msgstr


@pytest.fixture(scope="module")
def extracted() -> dict[str, polib.POFile]:
    """What ``abonent i18n`` would extract from the code now, per domain (nothing is written)."""
    if not i18n.gettext_available():
        missing_service("GNU gettext (xgettext, msgmerge) is not installed")
    return {domain: i18n.extract(domain) for domain in i18n.DOMAIN_EXTENSIONS}


def test_the_four_languages_have_catalogs():
    assert [code for code, _name in settings.LANGUAGES] == ["en", "ka", "pt-br", "ru"]
    for locale in i18n.LOCALES:
        assert i18n.po_path(locale).exists(), f"no catalog for {locale}: {FIX}"


@pytest.mark.parametrize("locale", i18n.LOCALES)
def test_every_message_is_translated_and_none_is_fuzzy(locale):
    problems = []
    for domain in domains():
        for entry in catalog(locale, domain):
            if entry.obsolete:
                continue
            if entry.fuzzy:
                problems.append(f"fuzzy: {entry.msgid!r}  <- {i18n.where(entry)}")
            elif not entry.translated():
                problems.append(f"untranslated: {entry.msgid!r}  <- {i18n.where(entry)}")
    assert not problems, f"{locale}: {len(problems)} messages need work ({FIX}):\n" + "\n".join(
        problems)


@pytest.mark.parametrize("locale", i18n.TRANSLATED_LOCALES)
def test_catalog_is_a_real_translation_not_a_copy_of_the_english(locale):
    po = catalog(locale)
    entries = [e for e in po if e.translated() and not e.msgid_plural]
    copies = [e.msgid for e in entries if e.msgstr == e.msgid]
    # Brand names and codes (SMS, API, Viber, Euro…) may be spelled the same; not much more.
    assert len(copies) <= max(10, len(entries) // 20), f"{locale} copies the English: {copies}"


def test_the_catalogs_have_every_message_in_the_code(extracted):
    missing = []
    for domain, pot in extracted.items():
        if not len(pot):
            continue
        for locale, entries in i18n.missing_messages(domain, pot).items():
            missing += [f"{locale}/{domain}.po lacks {i18n.describe(e)}  <- {i18n.where(e)}"
                        for e in entries]
    assert not missing, f"messages in the code that the catalogs lack ({FIX}):\n" + "\n".join(
        missing)


@pytest.mark.parametrize("locale", i18n.LOCALES)
def test_compiled_mo_files_match_their_po(locale):
    for domain in domains():
        po_file = i18n.po_path(locale, domain)
        mo_file = po_file.with_suffix(".mo")
        assert mo_file.exists(), f"{mo_file} is missing: {FIX}"
        on_disk = i18n.load_mo(mo_file.read_bytes())
        expected = i18n.load_mo(i18n.compiled(polib.pofile(str(po_file))))
        assert on_disk == expected, f"{mo_file} is stale: {FIX}"


@pytest.mark.parametrize("locale", i18n.LOCALES)
def test_translations_keep_the_placeholders(locale):
    wrong = []
    for domain in domains():
        for entry in catalog(locale, domain):
            if not entry.translated():
                continue
            wanted = sorted(PLACEHOLDER.findall(entry.msgid))
            forms = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
            if entry.msgid_plural:
                wanted = sorted(set(wanted) | set(PLACEHOLDER.findall(entry.msgid_plural)))
                wrong += [f"{entry.msgid!r} -> {form!r}" for form in forms
                          if sorted(set(PLACEHOLDER.findall(form))) != wanted]
            else:
                wrong += [f"{entry.msgid!r} -> {form!r}" for form in forms
                          if sorted(PLACEHOLDER.findall(form)) != wanted]
    assert not wrong, f"{locale}: placeholders changed in translation:\n" + "\n".join(wrong)


@pytest.mark.parametrize("locale", i18n.LOCALES)
def test_msgfmt_accepts_the_catalogs(locale):
    if not shutil.which("msgfmt"):
        missing_service("GNU gettext's msgfmt is not installed")
    for domain in domains():
        error = i18n.check_format(i18n.po_path(locale, domain))
        assert not error, error


@pytest.mark.parametrize("locale", list(i18n.PLURAL_FORMS))
def test_plural_forms_follow_the_language(locale):
    po = catalog(locale)
    assert po.metadata["Plural-Forms"] == i18n.PLURAL_FORMS[locale]
    nplurals = int(po.metadata["Plural-Forms"].split(";")[0].split("=")[1])
    for entry in po:
        if entry.msgid_plural:
            assert len(entry.msgstr_plural) == nplurals, entry.msgid


def test_russian_uses_three_plural_forms_and_portuguese_counts_zero_as_one():
    entry = next((e for e in catalog("ru") if e.msgid_plural), None)
    if entry is None:
        pytest.skip("no plural message in the catalogs yet")
    with translation.override("ru"):
        forms = [translation.ngettext(entry.msgid, entry.msgid_plural, n) for n in (1, 3, 5, 21)]
    assert forms == [entry.msgstr_plural[0], entry.msgstr_plural[1], entry.msgstr_plural[2],
                     entry.msgstr_plural[0]]
    pt = catalog("pt_BR").find(entry.msgid)
    with translation.override("pt-br"):
        assert translation.ngettext(entry.msgid, entry.msgid_plural, 0) == pt.msgstr_plural[0]
        assert translation.ngettext(entry.msgid, entry.msgid_plural, 2) == pt.msgstr_plural[1]


def test_check_lists_an_untranslated_message_with_where_it_comes_from(tmp_path, capsys):
    shutil.copytree(i18n.locale_dir(), tmp_path, dirs_exist_ok=True)
    path = i18n.po_path("ka", base=tmp_path)
    po = polib.pofile(str(path))
    po.find("Sign in").msgstr = ""
    po.save(str(path))
    report = i18n.Report()
    with override_settings(LOCALE_PATHS=[tmp_path]):
        for each in i18n.catalogs():
            i18n.check_catalog(each, report)
    [line] = [line for line in report.problems if "'Sign in'" in line]
    assert "untranslated" in line
    assert "abonent/core/templates/registration/login.html" in line
    assert [p for p in report.problems if "ka/LC_MESSAGES/django.mo: stale" in p]


@pytest.mark.django_db
@pytest.mark.parametrize("locale", i18n.TRANSLATED_LOCALES)
def test_sign_in_page_speaks_the_browsers_language(client, locale):
    language = LANGUAGE_OF_LOCALE[locale]
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE=f"{language};q=1, en;q=0.5")
    html = page.content.decode()
    assert f'<html lang="{language}">' in html
    for msgid in ("Sign in", "Username", "Password"):
        text = in_catalog(locale, msgid)
        assert text and text != msgid
        assert text in html, f"{locale}: {text!r} not on the sign-in page"


@pytest.mark.django_db
@pytest.mark.parametrize("locale", i18n.TRANSLATED_LOCALES)
def test_language_cookie_wins_over_the_browser(client, locale):
    language = LANGUAGE_OF_LOCALE[locale]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    html = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert in_catalog(locale, "Sign in") in html


@pytest.mark.django_db
def test_staff_member_chooses_russian_and_the_dashboard_follows(client):
    membership = MembershipFactory()
    client.force_login(membership.user)
    response = client.post(reverse("set_language"), {"language": "ru", "next": "/"})
    assert response.status_code == 302
    html = client.get(reverse("home")).content.decode()
    assert '<html lang="ru">' in html
    assert in_catalog("ru", "Personal accounts") in html  # «Лицевые счета» in the navigation
    assert in_catalog("ru", "Sign out") in html
