"""Transcript files: plain text, SubRip (.srt), WebVTT (.vtt) and JSON, written atomically
and readable only by the user (they are health data)."""

from __future__ import annotations

import html
import json
import math
import re
from pathlib import Path

from carevoice.engine.segmenting import MAX_LINES, wrap_lines
from carevoice.engine.transcript import Segment, Transcript
from carevoice.fileio import atomic_create_text, atomic_write_text

FORMATS = ("txt", "srt", "vtt", "json")

Cue = tuple[float, float, str]  # (start_s, end_s, text), as parse_srt/parse_vtt return them


def format_timestamp(seconds: float, sep: str) -> str:
    """Seconds as HH:MM:SS,mmm (sep ",": SRT) or HH:MM:SS.mmm (sep ".": VTT); 100+ hours in full."""
    # Round once, to whole milliseconds, before splitting: rounding the parts
    # separately can print 59.9996 s as "00:00:60,000".
    total_ms = max(0, round(seconds * 1000))
    hours, rest = divmod(total_ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}{sep}{millis:03d}"


def to_txt(transcript: Transcript) -> str:
    """One line per segment; an empty transcript is an empty file."""
    lines = [text for text in (_cue_text(s.text) for s in transcript.segments) if text]
    return "".join(line + "\n" for line in lines)


def to_srt(transcript: Transcript) -> str:
    """SubRip: cues numbered from 1, a blank line after each."""
    blocks = [
        f"{number}\n{format_timestamp(start, ',')} --> {format_timestamp(end, ',')}\n{text}\n"
        for number, (start, end, text) in enumerate(_cues(transcript), start=1)
    ]
    return "\n".join(blocks)


def to_vtt(transcript: Transcript) -> str:
    """WebVTT: the "WEBVTT" header, then cues; &, < and > escaped as the format requires."""
    blocks = ["WEBVTT\n"] + [
        f"{format_timestamp(start, '.')} --> {format_timestamp(end, '.')}\n{_vtt_escape(text)}\n"
        for start, end, text in _cues(transcript)
    ]
    return "\n".join(blocks)


def to_json(transcript: Transcript) -> str:
    """Everything the transcript knows, readable back with Transcript.from_dict."""
    data = _finite(transcript.to_dict())
    return json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False) + "\n"


_RENDERERS = {"txt": to_txt, "srt": to_srt, "vtt": to_vtt, "json": to_json}


def render(transcript: Transcript, fmt: str) -> str:
    """The transcript as the text of a `fmt` file (one of FORMATS)."""
    try:
        renderer = _RENDERERS[fmt]
    except KeyError:
        formats = ", ".join(FORMATS)
        raise ValueError(f"Unknown transcript format {fmt!r}; choose from {formats}.") from None
    return renderer(transcript)


def write_exports(
    transcript: Transcript, formats, output_base: Path, replace: bool = True
) -> list[Path]:
    """Write `output_base` + ".txt" etc. for each format; returns the paths written.

    Every format is rendered before any file is touched, and each file is replaced
    atomically (mode 0600), so a failure leaves earlier versions of the files as they were.
    `output_base` has no suffix: a recording "ward.round.m4a" gives "ward.round.srt".
    With `replace=False` no existing file is touched: FileExistsError, and the files this
    call wrote before it are removed again (carevoice.output_names picks the names).
    """
    output_base = Path(output_base)
    texts = {fmt: render(transcript, fmt) for fmt in dict.fromkeys(formats)}
    write = atomic_write_text if replace else atomic_create_text
    written: list[Path] = []
    try:
        for fmt, text in texts.items():
            written.append(write(output_base.with_name(f"{output_base.name}.{fmt}"), text))
    except FileExistsError:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    return written


# --- reading subtitles back ------------------------------------------------

_SRT_TIME = r"(\d{2,}):([0-5]\d):([0-5]\d),(\d{3})"
_SRT_TIMING = re.compile(rf"{_SRT_TIME} --> {_SRT_TIME}")
_VTT_TIME = r"(?:(\d{2,}):)?([0-5]\d):([0-5]\d)\.(\d{3})"
_VTT_TIMING = re.compile(rf"{_VTT_TIME}[ \t]+-->[ \t]+{_VTT_TIME}(?:[ \t]+.*)?")


def parse_srt(text: str) -> list[Cue]:
    """Cues of a SubRip file; ValueError, naming the line, on anything malformed."""
    cues: list[Cue] = []
    for line_no, lines in _blocks(text):
        number = len(cues) + 1
        if lines[0].strip() != str(number):
            raise ValueError(f"line {line_no}: expected cue number {number}, found {lines[0]!r}")
        if len(lines) < 2 or not (timing := _SRT_TIMING.fullmatch(lines[1].strip())):
            raise ValueError(f"line {line_no + 1}: expected 'HH:MM:SS,mmm --> HH:MM:SS,mmm'")
        # SubRip cannot escape "-->", so prose may hold one; a whole timing line in the
        # text means the blank line before the next cue is missing.
        if any(_SRT_TIMING.fullmatch(line.strip()) for line in lines[2:]):
            raise ValueError(f"line {line_no}: a cue runs into the next; a blank line is missing")
        cues.append(_cue(timing.groups(), lines[2:], line_no))
    return cues


def parse_vtt(text: str) -> list[Cue]:
    """Cues of a WebVTT file (NOTE, STYLE and REGION blocks skipped); ValueError if malformed."""
    blocks = _blocks(text)
    if not blocks or blocks[0][0] != 1 or not re.fullmatch(r"WEBVTT(?:[ \t].*)?", blocks[0][1][0]):
        raise ValueError("line 1: a WebVTT file must start with 'WEBVTT'")
    if len(blocks[0][1]) > 1 and "-->" in "".join(blocks[0][1]):
        raise ValueError("line 2: a blank line must follow the WEBVTT header")
    cues: list[Cue] = []
    for line_no, lines in blocks[1:]:
        if re.match(r"(NOTE|STYLE|REGION)\b", lines[0]) and "-->" not in lines[0]:
            continue
        if "-->" not in lines[0]:  # an optional cue identifier comes first
            line_no, lines = line_no + 1, lines[1:]
        if not lines or not (timing := _VTT_TIMING.fullmatch(lines[0].strip())):
            raise ValueError(f"line {line_no}: expected '[HH:]MM:SS.mmm --> [HH:]MM:SS.mmm'")
        if any("-->" in line for line in lines[1:]):  # never allowed in WebVTT cue text
            raise ValueError(f"line {line_no}: a cue runs into the next; a blank line is missing")
        cue = _cue(timing.groups(), lines[1:], line_no)
        cues.append((cue[0], cue[1], html.unescape(cue[2])))
    return cues


# --- helpers ---------------------------------------------------------------


def _cue_text(text: str) -> str:
    """Segment text fit for a cue: trimmed, and no blank line (which would end the cue)."""
    lines = (line.strip() for line in text.strip().splitlines())
    return "\n".join(line for line in lines if line)


def _cues(transcript: Transcript) -> list[Cue]:
    # A segment with no text would make an empty cue, which players and parsers
    # take for the end of the file; a segment ending before it starts is invalid.
    cues: list[Cue] = []
    for seg in transcript.segments:
        if _cue_text(seg.text):
            cues += _subtitle_cues(seg)
    return cues


def _subtitle_cues(seg: Segment) -> list[Cue]:
    """One segment as cues of at most MAX_LINES lines (segmenting.wrap_lines decides
    the lines); a longer text is cut into several cues between lines, each timed by the
    words it holds when the segment's words still spell its text, else by its share of
    the characters."""
    lines = wrap_lines(seg.text)
    start, end = seg.start_s, max(seg.start_s, seg.end_s)
    if len(lines) <= MAX_LINES:
        return [(start, end, "\n".join(lines))]
    chunks = [lines[i : i + MAX_LINES] for i in range(0, len(lines), MAX_LINES)]

    def letters(part: list[str]) -> int:  # spaces left out, as _time_at counts
        return sum(len(line.replace(" ", "")) for line in part)

    total = letters(lines)
    cues: list[Cue] = []
    done = 0
    for chunk in chunks:
        size = letters(chunk)
        cue_start = cues[-1][1] if cues else start
        cue_end = end if chunk is chunks[-1] else _time_at(seg, (done + size) / total)
        cues.append((cue_start, max(cue_start, cue_end), "\n".join(chunk)))
        done += size
    return cues


def _time_at(seg: Segment, fraction: float) -> float:
    """When the speaker reaches `fraction` of the segment's text: the end of the word at
    that point when the words spell the text, else that fraction of the duration."""
    words = [w for w in seg.words if w.text.strip()]
    joined = "".join(w.text.strip() for w in words)
    if words and joined == "".join(seg.text.split()):
        reached = 0
        for word in words:
            reached += len(word.text.strip())
            if reached >= fraction * len(joined):
                return min(max(word.end_s, seg.start_s), seg.end_s)
    return seg.start_s + fraction * (seg.end_s - seg.start_s)


def _vtt_escape(text: str) -> str:
    # "-->" cannot appear in cue text either; escaping ">" takes care of it.
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _blocks(text: str) -> list[tuple[int, list[str]]]:
    """Runs of non-blank lines with the 1-based number of their first line."""
    lines = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    blocks: list[tuple[int, list[str]]] = []
    current: list[str] = []
    for number, line in enumerate(lines + [""], start=1):
        if line.strip():
            if not current:
                blocks.append((number, current))
            current.append(line)
        else:
            current = []
    return blocks


def _cue(groups, text_lines: list[str], line_no: int) -> Cue:
    start_h, start_m, start_s, start_ms, end_h, end_m, end_s, end_ms = groups
    start = _ms(start_h, start_m, start_s, start_ms)
    end = _ms(end_h, end_m, end_s, end_ms)
    if end < start:
        raise ValueError(f"line {line_no}: the cue ends before it starts")
    if not text_lines:
        raise ValueError(f"line {line_no}: the cue has no text")
    return start / 1000, end / 1000, "\n".join(line.strip() for line in text_lines)


def _ms(hours, minutes, seconds, millis) -> int:
    return ((int(hours or 0) * 60 + int(minutes)) * 60 + int(seconds)) * 1000 + int(millis)


def _finite(value):
    """JSON has no NaN or infinity; a log-probability can be -inf, so those become null."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {key: _finite(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(item) for item in value]
    return value
