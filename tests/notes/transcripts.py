"""Transcripts as the engine returns them, for notes tests that need no real model."""

from __future__ import annotations

from carevoice.engine.transcript import Segment, Transcript, Word


def make_transcript(
    texts: list[str], language: str = "en", words: bool = False, model: str = "tiny.en"
) -> Transcript:
    """A transcript as the engine returns one: a segment per text, two seconds each."""
    segments = [
        Segment(
            index=i,
            start_s=2.0 * i,
            end_s=2.0 * i + 1.5,
            text=(" " if language == "en" else "") + text,
            avg_logprob=-0.25,
            no_speech_prob=0.01,
            compression_ratio=1.2,
            words=(Word(2.0 * i, 2.0 * i + 1.5, text, 0.9),) if words else (),
        )
        for i, text in enumerate(texts)
    ]
    return Transcript(
        segments=segments,
        language=language,
        language_probability=0.98,
        duration_s=2.0 * len(texts),
        model=model,
        device="cpu",
        compute_type="int8",
        source="ward-round.wav",
    )
