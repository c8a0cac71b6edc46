"""Whether an English-only model was given speech in another language.

An English-only model (tiny.en) cannot tell languages apart: given Mandarin it writes
English-sounding nonsense ("Boy, three or two more, why isn't she younger …" for a clear
Mandarin sentence, measured) and says nothing. When the language is chosen, a non-English
choice is the answer; when it is detected, the multilingual model listens to the start of
the audio (one encoder pass over at most 30 s). Either way the job says so and names the
model to use instead.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import numpy as np

from carevoice.engine.models import DEFAULT_MULTILINGUAL_MODEL, ModelNotFoundError, resolve_model
from carevoice.phrases import Phrase

log = logging.getLogger(__name__)

SAMPLE_RATE = 16000
DETECT_SECONDS = 30.0
# Below this the multilingual model is not sure enough that the speech is not English.
MIN_PROBABILITY = 0.5


@dataclass(frozen=True)
class LanguageMismatch:
    """An English-only `model` met speech in `language`; `suggested` handles it."""

    model: str
    language: str
    suggested: str
    detected: bool  # False: the user chose the language

    def warning(self) -> str:
        if self.detected:
            return Phrase(
                "{model} understands English only, but this speech sounds like {language}: "
                "the text is probably nonsense. Transcribe it again with {suggested}, "
                "which understands all languages.",
                model=self.model,
                language=self.language,
                suggested=self.suggested,
            )
        return Phrase(
            "{model} understands English only, but the language is set to {language}: "
            "the text is probably nonsense. Transcribe it again with {suggested}, which "
            "understands all languages.",
            model=self.model,
            language=self.language,
            suggested=self.suggested,
        )


def multilingual_model() -> str | None:
    """The multilingual model to offer, or None when this machine has none usable."""
    try:
        resolve_model(DEFAULT_MULTILINGUAL_MODEL)
    except ModelNotFoundError:
        return None
    return DEFAULT_MULTILINGUAL_MODEL


def chosen_language_mismatch(model: str, language: str | None) -> LanguageMismatch | None:
    """The mismatch when the user chose a non-English language for an English-only model."""
    if not language or language == "en":
        return None
    suggested = multilingual_model()
    if suggested is None:
        return None
    return LanguageMismatch(model, language, suggested, detected=False)


def detect_mismatch(pool, model: str, samples: np.ndarray, device: str, compute_type: str):
    """The mismatch when the multilingual model hears a language other than English at
    the start of `samples`, else None (also when no multilingual model is usable)."""
    suggested = multilingual_model()
    if suggested is None or not len(samples):
        return None
    head = samples[: int(DETECT_SECONDS * SAMPLE_RATE)]
    try:
        with pool.lease(suggested, device, compute_type) as loaded:
            language, probability, _ = loaded.model.detect_language(audio=head)
    except Exception:  # the check is advice: a failure must not fail the transcription
        log.warning("could not check the language with %s", suggested, exc_info=True)
        return None
    log.info("English-only %s: %s hears %s (%.2f)", model, suggested, language, probability)
    if language == "en" or probability < MIN_PROBABILITY:
        return None
    return LanguageMismatch(model, language, suggested, detected=True)
