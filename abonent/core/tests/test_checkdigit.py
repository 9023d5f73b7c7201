"""Account numbers carry a Damm check digit that catches a mistyped or swapped digit."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from abonent.core.checkdigit import damm_digit, is_valid, with_check_digit

bodies = st.text(alphabet="0123456789", min_size=1, max_size=15)


def test_known_values_of_the_damm_algorithm():
    # The worked example of the algorithm's description: 572 -> check digit 4.
    assert damm_digit("572") == "4"
    assert with_check_digit("572") == "5724"
    assert is_valid("5724")
    assert not is_valid("5723")
    assert with_check_digit("1000000") == "1000000" + damm_digit("1000000")


FULLWIDTH_5724 = "\uff15\uff17\uff12\uff14"  # digits to str.isdigit(), not to an account


@pytest.mark.parametrize("bad", ["", "7", "12a4", "12 34", "-5724", FULLWIDTH_5724, "572\u00b2"])
def test_malformed_numbers_are_not_valid(bad):
    assert not is_valid(bad)


def test_a_body_with_other_characters_is_refused():
    with pytest.raises(ValueError, match="digits"):
        with_check_digit("12-34")


@given(bodies)
def test_a_number_with_its_check_digit_is_valid(body):
    assert is_valid(with_check_digit(body))


@given(bodies, st.data())
def test_every_single_digit_substitution_is_detected(body, data):
    number = with_check_digit(body)
    position = data.draw(st.integers(min_value=0, max_value=len(number) - 1))
    wrong = data.draw(st.sampled_from([d for d in "0123456789" if d != number[position]]))
    typo = number[:position] + wrong + number[position + 1:]
    assert not is_valid(typo)


@given(bodies, st.data())
def test_every_adjacent_transposition_is_detected(body, data):
    number = with_check_digit(body)
    position = data.draw(st.integers(min_value=0, max_value=len(number) - 2))
    a, b = number[position], number[position + 1]
    swapped = number[:position] + b + a + number[position + 2:]
    if a != b:
        assert not is_valid(swapped)


def test_exhaustively_on_every_four_digit_body():
    """All 10 000 bodies, every substitution and every swap: the property holds without luck."""
    for n in range(10_000):
        number = with_check_digit(f"{n:04d}")
        for i, digit in enumerate(number):
            for other in "0123456789":
                if other != digit:
                    assert not is_valid(number[:i] + other + number[i + 1:])
            if i + 1 < len(number) and number[i] != number[i + 1]:
                assert not is_valid(number[:i] + number[i + 1] + number[i] + number[i + 2:])
