"""The --vocabulary option, the same for `transcribe` and `dictate`."""

from __future__ import annotations

from carevoice.engine.vocabulary import parse_terms


def add_vocabulary_option(parser) -> None:
    parser.add_argument(
        "--vocabulary",
        action="append",
        metavar="TERMS",
        help=(
            "names and words to get right, separated by commas (, ; ， 、 work too); "
            "repeat the option for more"
        ),
    )


def vocabulary_terms(values: list[str] | None) -> tuple[str, ...]:
    """The terms of every --vocabulary given, in order, blanks and repeats dropped."""
    return parse_terms(*(values or ()))
