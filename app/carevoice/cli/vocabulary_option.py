"""The --vocabulary option, the same for `transcribe` and `dictate`."""

from __future__ import annotations


def add_vocabulary_option(parser) -> None:
    parser.add_argument(
        "--vocabulary",
        action="append",
        metavar="TERMS",
        help="names and words to get right, comma-separated; repeat the option for more",
    )


def vocabulary_terms(values: list[str] | None) -> tuple[str, ...]:
    """The terms of every --vocabulary given, in order, blanks and repeats dropped."""
    terms = (term.strip() for value in values or () for term in value.split(","))
    return tuple(dict.fromkeys(term for term in terms if term))
