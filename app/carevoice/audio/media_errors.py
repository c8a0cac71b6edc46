"""Plain words for a file Care Voice cannot turn into audio, and times as messages give them."""

from __future__ import annotations

from pathlib import Path

from carevoice.audio.media_files import MEDIA_EXTENSIONS
from carevoice.phrases import Phrase, joined


class AudioError(Exception):
    """A file Care Voice cannot turn into audio; `message` is plain words for the user.

    `kind`: missing, directory, unreadable, empty, not-media, no-audio, corrupt, silent-empty.
    """

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message


def format_position(seconds: float) -> str:
    """A time for messages: "1:23.4", or "1:02:03.4" past an hour."""
    tenths = max(0, round(seconds * 10))
    minutes, tenth_of_minute = divmod(tenths, 600)
    hours, minutes = divmod(minutes, 60)
    secs = f"{tenth_of_minute // 10:02d}.{tenth_of_minute % 10}"
    return f"{hours}:{minutes:02d}:{secs}" if hours else f"{minutes}:{secs}"


def audio_error(kind: str, path: Path, reason: str | None = None) -> AudioError:
    """The AudioError of `kind` (see AudioError) for `path`, in plain words."""
    name = f'"{path.name}"'
    text: str
    if kind == "unreadable" and reason in (None, "Permission denied"):
        text = Phrase(
            "Care Voice is not allowed to read the file {name}. Check its permissions.", name=name
        )
    else:
        text = {
            "missing": Phrase("The file {name} does not exist.", name=name),
            "directory": Phrase("{name} is a folder, not an audio or video file.", name=name),
            "unreadable": Phrase(
                "Care Voice could not read the file {name} ({reason}).", name=name, reason=reason
            ),
            "empty": Phrase("The file {name} is empty (0 bytes).", name=name),
            "not-media": Phrase(
                "The file {name} is not an audio or video file Care Voice can read.", name=name
            ),
            "no-audio": Phrase(
                "The file {name} has no sound track, so there is nothing to transcribe.",
                name=name,
            ),
            "silent-empty": Phrase("The file {name} contains no audio (0 seconds).", name=name),
            "corrupt": Phrase(
                "The file {name} is damaged: none of its sound could be decoded.", name=name
            ),
        }[kind]
    if kind == "not-media" and path.suffix.lower() in MEDIA_EXTENSIONS:
        text = joined(text, Phrase("It may be damaged or incomplete."))
    return AudioError(kind, text)


def corrupt_error(path: Path, declared_s: float) -> AudioError:
    """A file that promises `declared_s` of sound of which none could be read."""
    return AudioError(
        "corrupt",
        Phrase(
            'The file "{name}" is damaged: it should hold {length} of sound, but none of it '
            "could be read.",
            name=path.name,
            length=format_position(declared_s),
        ),
    )
