"""Where a batch input's transcripts go: one name per input, never over another's files.

The names follow carevoice.output_names' rule ("a", "a (2)", "a (3)"…, the formats of one
input under one name), kept across runs: the manifest remembers which name is whose.
"""

from __future__ import annotations

from pathlib import Path

from carevoice.export import FORMATS


def free_base(folder: Path, stem: str, claimed: dict[str, str], digest: str, ours: bool) -> str:
    """The first of "stem", "stem (2)", "stem (3)"… that this input may write under.

    A name is free when no other input of the manifest holds it and no transcript file of
    any format is there, or, when `ours` (this input's files were written under it before,
    by an earlier run), when the manifest gives it to this very input.
    """
    number = 1
    while True:
        name = stem if number == 1 else f"{stem} ({number})"
        owner = claimed.get(name)
        if owner == digest and ours:
            return name
        if owner in (None, digest) and not any_transcript(folder, name):
            return name
        number += 1


def any_transcript(folder: Path, name: str) -> bool:
    return any((folder / f"{name}.{fmt}").exists() for fmt in FORMATS)


def outputs_exist(folder: Path, name: str, formats: list[str]) -> bool:
    return bool(name) and all((folder / f"{name}.{fmt}").is_file() for fmt in formats)
