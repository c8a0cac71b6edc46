"""The one vocabulary parser the command line, the settings file and the dialog share."""

from __future__ import annotations

import pytest

from carevoice.engine.vocabulary import join_terms, parse_terms


@pytest.mark.parametrize(
    "text",
    [
        "Mrs Chen, metformin, donepezil",
        "Mrs Chen; metformin; donepezil",
        "Mrs Chen\nmetformin\r\ndonepezil",
        "Mrs Chen，metformin、donepezil",
        "Mrs Chen；metformin ,, donepezil ;",
    ],
)
def test_every_separator_people_type_splits_the_same(text):
    assert parse_terms(text) == ("Mrs Chen", "metformin", "donepezil")


def test_blanks_and_repeats_are_dropped_first_spelling_kept():
    assert parse_terms("Metformin, metformin , ,METFORMIN", "Siobhan", None) == (
        "Metformin",
        "Siobhan",
    )


def test_nothing_typed_is_no_terms():
    assert parse_terms("") == ()
    assert parse_terms(" ,，\n ") == ()


def test_joined_terms_read_back_the_same():
    terms = ("陳太太", "Mrs. Tan", "metformin")
    assert parse_terms(join_terms(terms)) == terms
