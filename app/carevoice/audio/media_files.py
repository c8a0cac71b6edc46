"""Finding the audio and video files among dropped or opened paths, folders walked."""

from __future__ import annotations

import os
from pathlib import Path

# Audio and video files by their extension: what a folder walk picks up, and the names a
# file that fails to open is said to be "damaged or incomplete" under.
MEDIA_EXTENSIONS: frozenset[str] = frozenset(
    {
        # audio
        ".wav", ".wave", ".flac", ".mp3", ".mp2", ".ogg", ".oga", ".opus", ".m4a", ".m4b",
        ".aac", ".wma", ".aiff", ".aif", ".aifc", ".amr", ".3ga", ".caf", ".ac3", ".alac",
        ".ape", ".wv", ".mka", ".au", ".snd", ".spx", ".weba", ".dss", ".voc",
        # video
        ".mp4", ".m4v", ".mkv", ".mov", ".webm", ".avi", ".wmv", ".3gp", ".3g2", ".flv",
        ".mpg", ".mpeg", ".ts", ".mts", ".m2ts", ".vob", ".ogv", ".asf",
    }
)  # fmt: skip


def collect_media(paths: list[Path]) -> tuple[list[Path], int]:
    """The audio and video files in `paths`, folders walked recursively in name order.

    Returns them and how many files were skipped: not audio or video by their extension,
    or hidden (macOS "._name.wav" companions look like recordings but are not).
    """
    found: list[Path] = []
    skipped = 0
    for path in paths:
        if path.is_dir():
            for folder, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if _is_media(Path(name)):
                        found.append(Path(folder) / name)
                    else:
                        skipped += 1
        elif _is_media(path):
            found.append(path)
        else:
            skipped += 1
    return found, skipped


def _is_media(path: Path) -> bool:
    return not path.name.startswith(".") and path.suffix.lower() in MEDIA_EXTENSIONS
