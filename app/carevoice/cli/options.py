"""Options that several commands share, written once: the same words in every --help."""

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


def add_device_options(parser, gpu_only_help: str | None = None) -> None:
    """--device and --compute-type; --gpu-only too when `gpu_only_help` says what it does."""
    parser.add_argument(
        "--device",
        choices=("auto", "cpu", "cuda"),
        default="auto",
        help="where to run: auto (the GPU when it works, else the CPU), cpu or cuda",
    )
    if gpu_only_help:
        parser.add_argument("--gpu-only", action="store_true", help=gpu_only_help)
    parser.add_argument(
        "--compute-type", help="e.g. int8, float16 (default: chosen for the device)"
    )
