"""The one way a typed list of vocabulary terms is split: command line, settings file, dialog."""

from __future__ import annotations

import re
from collections.abc import Iterable

# A comma or semicolon in either width, the Chinese enumeration comma, or a line break:
# Chinese input methods type ， 、 ； where English uses , and ;.
_SEPARATORS = re.compile(r"[,;\n\r，、；]")


def parse_terms(*texts: str | None) -> tuple[str, ...]:
    """The terms in `texts`, in order: split on , ; ， 、 ； and line breaks, trimmed,
    blanks and repeats (ignoring case) dropped, the first spelling kept."""
    terms: dict[str, str] = {}
    for text in texts:
        for piece in _SEPARATORS.split(text or ""):
            term = piece.strip()
            if term and term.casefold() not in terms:
                terms[term.casefold()] = term
    return tuple(terms.values())


def join_terms(terms: Iterable[str]) -> str:
    """Terms as the settings file keeps them, and as the dialog shows them."""
    return ", ".join(terms)
