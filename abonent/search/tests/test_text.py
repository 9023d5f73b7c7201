"""How typed text and stored text are compared."""

from abonent.search.text import index_text, normalize, parse_query


def test_normalizing_drops_case_accents_and_punctuation():
    assert normalize("  João  da CONCEIÇÃO-Silva ") == "joao da conceicao silva"
    assert normalize("Пётр Ёлкин") == "петр елкин"
    assert normalize("ნინო_ბერიძე") == "ნინო ბერიძე"


def test_indexed_text_has_unique_words_between_spaces():
    assert index_text(["Nino", None, "nino Beridze", "+995 555"]) == " nino beridze 995 555 "


def test_a_phone_typed_with_separators_becomes_one_number():
    assert parse_query("+995 555 12-34").words == ("995555 1234".replace(" ", ""),)
    assert parse_query("12 5").words == ("12", "5")  # house and unit, not a phone


def test_short_and_address_words():
    assert parse_query("b") is None
    assert parse_query("5 6") is None
    assert parse_query("Rustaveli 12 apt 5").patterns == ("rustaveli", " 12", " 5 ")
    assert parse_query("кв").words == ("кв",)  # a noise word alone is still searched
