"""What a transcription produces: timed segments, words, and how they were made.

`segments_from_words` groups words that arrive one by one (a live dictation's) into segments.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Word:
    start_s: float
    end_s: float
    text: str
    probability: float


@dataclass(frozen=True)
class Segment:
    """One stretch of speech with its text; times are seconds from the start of the audio."""

    index: int
    start_s: float
    end_s: float
    text: str
    avg_logprob: float | None = None
    no_speech_prob: float | None = None
    compression_ratio: float | None = None
    words: tuple[Word, ...] = ()


@dataclass
class Timings:
    """Seconds spent in each stage of one job."""

    model_load_s: float = 0.0
    decode_s: float = 0.0
    transcribe_s: float = 0.0
    total_s: float = 0.0


@dataclass
class Transcript:
    """A finished (or cancelled) transcription and the facts needed to trust it."""

    segments: list[Segment]
    language: str | None
    language_probability: float | None
    duration_s: float
    model: str
    device: str
    compute_type: str
    source: str | None = None
    task: str = "transcribe"
    timings: Timings = field(default_factory=Timings)
    cancelled: bool = False
    warnings: list[str] = field(default_factory=list)
    # A model that suits this audio better (an English-only model heard another
    # language: engine/language_check.py); None when the one used was right.
    suggested_model: str | None = None

    @property
    def text(self) -> str:
        return " ".join(s.text.strip() for s in self.segments if s.text.strip())

    def to_dict(self) -> dict:
        data = asdict(self)
        data["text"] = self.text
        return data

    @classmethod
    def from_dict(cls, data: dict) -> Transcript:
        segments = [
            Segment(**{**s, "words": tuple(Word(**w) for w in s.get("words", ()))})
            for s in data["segments"]
        ]
        fields = {k: v for k, v in data.items() if k not in ("segments", "timings", "text")}
        return cls(segments=segments, timings=Timings(**data.get("timings", {})), **fields)


_ABBREVIATIONS = frozenset({"mr.", "mrs.", "ms.", "dr.", "st.", "no.", "vs.", "e.g.", "i.e."})


def _ends_sentence(word: str) -> bool:
    word = word.strip()
    return word.endswith((".", "?", "!")) and word.lower() not in _ABBREVIATIONS


def segments_from_words(words: list[Word], max_gap_s: float = 1.0, max_s: float = 20.0):
    """Group settled words into segments: at sentence ends, pauses, or every `max_s`."""
    segments: list[Segment] = []
    current: list[Word] = []

    def close() -> None:
        if current:
            segments.append(
                Segment(
                    index=len(segments),
                    start_s=current[0].start_s,
                    end_s=current[-1].end_s,
                    text="".join(w.text for w in current),
                    words=tuple(current),
                )
            )
            current.clear()

    for word in words:
        if current and (
            word.start_s - current[-1].end_s >= max_gap_s or word.end_s - current[0].start_s > max_s
        ):
            close()
        current.append(word)
        if _ends_sentence(word.text):
            close()
    close()
    return segments
