"""The text of a PDF that Qt's QPdfWriter wrote, read back without poppler.

Enough of PDF for Qt's own output: Flate-compressed content streams showing glyph ids
with `<hex> Tj` in Type0 fonts, each with a ToUnicode CMap. `pdftotext` (Debian's
poppler-utils) reads any PDF; the tests use it too when it is installed.
"""

from __future__ import annotations

import re
import zlib
from pathlib import Path

_OBJECT = re.compile(rb"(\d+) 0 obj(.*?)endobj", re.S)
_STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.S)
_HEX = re.compile(rb"<([0-9A-Fa-f]*)>")


def pdf_text(path: Path) -> str:
    data = Path(path).read_bytes()
    objects = {int(m.group(1)): m.group(2) for m in _OBJECT.finditer(data)}
    streams = {number: _stream(body) for number, body in objects.items()}
    # Font resource names (/F11) → that font's glyph-id → text map.
    cmaps: dict[bytes, dict[int, str]] = {}
    for body in objects.values():
        for name, number in re.findall(rb"/(F\d+)\s+(\d+) 0 R", body):
            font = objects.get(int(number), b"")
            found = re.search(rb"/ToUnicode (\d+) 0 R", font)
            if found:
                cmaps[name] = _parse_cmap(streams[int(found.group(1))] or b"")
    pieces: list[str] = []
    for stream in streams.values():
        if stream is None or b" Tf" not in stream:
            continue
        cmap: dict[int, str] = {}
        for token in re.finditer(rb"/(F\d+)\s+[\d.]+\s+Tf|<([0-9A-Fa-f]+)>\s*Tj|\bET\b", stream):
            if token.group(1):
                cmap = cmaps.get(token.group(1), {})
            elif token.group(2):
                raw = bytes.fromhex(token.group(2).decode())
                codes = [int.from_bytes(raw[i : i + 2], "big") for i in range(0, len(raw), 2)]
                pieces.append("".join(cmap.get(code, "\ufffd") for code in codes))
            else:
                pieces.append("\n")
    return "".join(pieces)


def _stream(body: bytes) -> bytes | None:
    found = _STREAM.search(body)
    if not found:
        return None
    raw = found.group(1)
    if b"/FlateDecode" in body[: found.start()]:
        try:
            return zlib.decompress(raw)
        except zlib.error:
            return zlib.decompressobj().decompress(raw)
    return raw


def _parse_cmap(cmap: bytes) -> dict[int, str]:
    mapping: dict[int, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", cmap, re.S):
        values = _HEX.findall(block)
        for src, dst in zip(values[::2], values[1::2], strict=False):
            mapping[int(src, 16)] = _utf16(dst)
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", cmap, re.S):
        for line in re.finditer(
            rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(\[[^\]]*\]|<[0-9A-Fa-f]+>)", block
        ):
            low, high, target = int(line.group(1), 16), int(line.group(2), 16), line.group(3)
            if target.startswith(b"["):
                for offset, dst in enumerate(_HEX.findall(target)):
                    mapping[low + offset] = _utf16(dst)
            else:
                first = _HEX.match(target).group(1)
                base = int(first, 16)
                width = len(first)
                for offset in range(high - low + 1):
                    mapping[low + offset] = _utf16(f"{base + offset:0{width}X}".encode())
    return mapping


def _utf16(hex_digits: bytes) -> str:
    return bytes.fromhex(hex_digits.decode()).decode("utf-16-be", errors="replace")
