"""Care vocabulary: names and medications the model must spell right, and the prompt for them.

Terms live in the notes database, for everyone or for one resident. `options_for`
puts them in TranscribeOptions.vocabulary; the engine turns that into faster-whisper
hotwords and a "Glossary: …" initial prompt. Measured with tiny.en on espeak-ng speech
and a ten-term glossary, the prompt is what fixes the spelling ("don't reveal" →
"Donepezil", "shimong" → "Siobhan"); hotwords alone fixed only some words, and neither
pulled glossary words into a sentence that did not say them.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from carevoice.engine.transcriber import TranscribeOptions
    from carevoice.notes.records import Resident
    from carevoice.notes.store import NoteStore

KINDS = ("name", "medication", "other")
# Whisper's prompt holds about 223 tokens, shared by the hotwords and the initial
# prompt, and every prompt token is one fewer for the transcript: keep the glossary short.
MAX_GLOSSARY_CHARS = 400


def terms_for(store: NoteStore, resident: Resident | int | None = None) -> list[str]:
    """The words to prime the model with, most specific first, within the prompt budget.

    The resident's own name, then their terms, then everyone's; duplicates dropped.
    """
    from carevoice.notes.records import Resident

    if isinstance(resident, int):
        resident = store.get_resident(resident)
    candidates: list[str] = []
    if isinstance(resident, Resident):
        candidates.append(resident.name)
    candidates += [t.term for t in store.terms(resident, include_global=True)]
    chosen: list[str] = []
    seen: set[str] = set()
    used = 0
    for term in candidates:
        key = term.casefold()
        if key in seen:
            continue
        if used + len(term) + 2 > MAX_GLOSSARY_CHARS:
            break
        seen.add(key)
        chosen.append(term)
        used += len(term) + 2
    return chosen


def options_for(
    store: NoteStore,
    resident: Resident | int | None = None,
    base: TranscribeOptions | None = None,
) -> TranscribeOptions:
    """`base` (default: the app's file options) with this resident's vocabulary added.

    The engine turns the vocabulary into hotwords and a "Glossary: …" prompt itself.
    """
    from carevoice.engine.transcriber import TranscribeOptions

    base = base or TranscribeOptions()
    terms = tuple(terms_for(store, resident))
    if not terms:
        return base
    vocabulary = tuple(dict.fromkeys((*terms, *base.vocabulary)))
    return dataclasses.replace(base, vocabulary=vocabulary)
