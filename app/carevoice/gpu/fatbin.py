"""Which CUDA kernels (native SASS and PTX, per GPU architecture) a shared library carries."""

from __future__ import annotations

import dataclasses
import functools
import importlib.util
import mmap
import os
import struct
import sys
from pathlib import Path
from typing import Any, NamedTuple

# The layout below is NVIDIA's undocumented fatbin format as measured against cuobjdump 13.5
# (see docs/gpu-kernels.md). Anything that does not fit it is reported as "unknown".
FATBIN_MAGIC = 0xBA55ED50
_FATBIN_MAGIC_BYTES = struct.pack("<I", FATBIN_MAGIC)
_CONTAINER_HEADER = struct.Struct("<IHHQ")  # magic, version, header size, size of the entries
_ENTRY_HEADER = struct.Struct("<HHIQI4xHHI")  # kind, 0x0101, header size, payload, compressed,
#                                               code version minor/major, architecture
_ENTRY_FLAGS = struct.Struct("<Q")
_ENTRY_FLAGS_OFFSET = 0x28
_ENTRY_HEADER_MIN = 64

_KIND_PTX = 1
_KIND_CUBIN = 2
_FLAG_LZ4 = 0x2000
_FLAG_ZSTD = 0x8000
_FLAG_ARCH_SPECIFIC = 0x100000  # "a" variants such as sm_90a
_FLAG_FAMILY = 0x200000  # "f" variants such as sm_120f

# Section names from CUDA's fatbinary_section.h; PE keeps only the first 8 characters. The
# companion sections .nvFatBinSegment / .nvFatBi hold only 24-byte wrappers that point at the
# containers (magic 0x466243B1), so they are not read.
_CONTAINER_SECTIONS = {".nv_fatbin", ".nv_fatb"}

_ELF_SHT_NOBITS = 8
_ELF_SHN_XINDEX = 0xFFFF
_VARIANT_ORDER = {"": 0, "f": 1, "a": 2}


class FatbinFormatError(ValueError):
    """The bytes are not laid out the way this reader understands; the message says how."""


@dataclasses.dataclass(frozen=True)
class KernelEntry:
    """One kernel image in a fatbin: native code (SASS) or PTX for one GPU architecture."""

    kind: str  # "sass" (an ELF cubin) or "ptx"
    arch: int  # major*10 + minor: 53, 86, 90, 100, 120
    variant: str  # "", "a" (exact capability only) or "f" (same major, newer minor)
    ptx_isa: tuple[int, int] | None  # PTX ISA version for PTX entries, e.g. (8, 7)
    compression: str  # "none", "lz4" or "zstd"

    @property
    def name(self) -> str:
        prefix = "sm" if self.kind == "sass" else "compute"
        return f"{prefix}_{self.arch}{self.variant}"

    @property
    def capability(self) -> tuple[int, int]:
        return divmod(self.arch, 10)

    @property
    def sort_key(self) -> tuple[int, int]:
        return self.arch, _VARIANT_ORDER.get(self.variant, 0)


@dataclasses.dataclass(frozen=True)
class KernelArchs:
    """The kernels found in one library, or "unknown" with the reason they could not be read."""

    path: str | None
    status: str  # "ok" or "unknown"
    reason: str  # why the status is unknown, in plain words; "" when ok
    entries: tuple[KernelEntry, ...]
    containers: int
    format: str  # "elf", "pe", "fatbin", or "" when the file was not recognised

    @classmethod
    def unknown(cls, path: str | None, reason: str, file_format: str = "") -> KernelArchs:
        return cls(path, "unknown", reason, (), 0, file_format)

    @property
    def sass(self) -> tuple[str, ...]:
        return _unique_names(e for e in self.entries if e.kind == "sass")

    @property
    def ptx(self) -> tuple[str, ...]:
        """PTX entries with their ISA version, e.g. "compute_86 (ISA 8.7)"."""
        named: dict[str, None] = {}  # an ordered set
        for entry in sorted((e for e in self.entries if e.kind == "ptx"), key=lambda e: e.sort_key):
            isa = f" (ISA {entry.ptx_isa[0]}.{entry.ptx_isa[1]})" if entry.ptx_isa else ""
            named.setdefault(entry.name + isa, None)
        return tuple(named)

    @property
    def compressions(self) -> tuple[str, ...]:
        return tuple(sorted({e.compression for e in self.entries}))

    @property
    def sass_range(self) -> str:
        """The native kernels as a span: "sm_53–sm_86", "sm_80", or "" when there are none."""
        names = self.sass
        if not names:
            return ""
        return names[0] if len(names) == 1 else f"{names[0]}–{names[-1]}"

    @property
    def summary(self) -> str:
        """One line for people, e.g. "sm_53–sm_86 (7 native) + PTX compute_86 (ISA 8.7)"."""
        if self.status != "ok":
            return f"unknown ({self.reason})"
        parts = []
        if self.sass:
            parts.append(f"{self.sass_range} ({len(self.sass)} native)")
        if self.ptx:
            parts.append("PTX " + ", ".join(self.ptx))
        return " + ".join(parts) or "no kernels"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data; the derived lists ride along for reports and are ignored on load."""
        data = dataclasses.asdict(self)  # entries become dicts; JSON turns ptx_isa into a list
        data.update(
            sass=list(self.sass),
            ptx=list(self.ptx),
            summary=self.summary,
            compressions=list(self.compressions),
        )
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> KernelArchs:
        """Rebuild from to_dict(); raises KeyError, TypeError or ValueError on malformed data."""
        entries = tuple(
            KernelEntry(**{**e, "ptx_isa": tuple(e["ptx_isa"]) if e["ptx_isa"] else None})
            for e in data["entries"]
        )
        return cls(
            data["path"],
            data["status"],
            data["reason"],
            entries,
            int(data["containers"]),
            data["format"],
        )


def _unique_names(entries) -> tuple[str, ...]:
    return tuple(dict.fromkeys(e.name for e in sorted(entries, key=lambda e: e.sort_key)))


class FatbinContents(NamedTuple):
    entries: list[KernelEntry]
    containers: int


def parse_fatbin_bytes(data: bytes | memoryview) -> FatbinContents:
    """Read fatbin containers laid back to back (a raw .fatbin); raises FatbinFormatError."""
    if isinstance(data, memoryview):
        data = data.tobytes()  # a memoryview has no find(); raw fatbins are small
    return _parse_raw(data)


def _parse_raw(buffer) -> FatbinContents:
    entries: list[KernelEntry] = []
    containers = _parse_container_run(buffer, 0, len(buffer), entries)
    if not containers:
        raise FatbinFormatError("no fatbin container was found")
    return FatbinContents(entries, containers)


def _parse_container_run(buffer, start: int, end: int, out: list[KernelEntry]) -> int:
    """Parse containers from start to end, skipping the zero padding that aligns them."""
    pos, containers = start, 0
    while True:
        found = buffer.find(_FATBIN_MAGIC_BYTES, pos, end)
        gap_end = end if found < 0 else found
        if buffer[pos:gap_end].count(0) != gap_end - pos:
            raise FatbinFormatError(
                f"unexpected bytes at offset {pos:#x} between fatbin containers"
            )
        if found < 0:
            return containers
        pos = _parse_container(buffer, found, end, out)
        containers += 1


def _parse_container(buffer, start: int, end: int, out: list[KernelEntry]) -> int:
    """Parse one container and return the offset just past it."""
    if start + _CONTAINER_HEADER.size > end:
        raise FatbinFormatError(f"the fatbin container at {start:#x} is cut off in its header")
    _magic, _version, header_size, body_size = _CONTAINER_HEADER.unpack_from(buffer, start)
    body_start = start + header_size
    body_end = body_start + body_size
    if header_size < _CONTAINER_HEADER.size or body_end > end:
        raise FatbinFormatError(
            f"the fatbin container at {start:#x} claims {body_size} bytes but the data ends "
            f"{max(end - body_start, 0)} bytes in (truncated?)"
        )
    pos = body_start
    while pos < body_end:
        pos = _parse_entry(buffer, pos, body_end, out)
    return body_end


def _parse_entry(buffer, start: int, end: int, out: list[KernelEntry]) -> int:
    """Parse one entry header (the payload is skipped) and return the offset of the next."""
    if start + _ENTRY_HEADER_MIN > end:
        raise FatbinFormatError(f"the fatbin entry at {start:#x} is cut off in its header")
    kind, _, header_size, payload_size, _compressed, minor, major, arch = _ENTRY_HEADER.unpack_from(
        buffer, start
    )
    (flags,) = _ENTRY_FLAGS.unpack_from(buffer, start + _ENTRY_FLAGS_OFFSET)
    next_entry = start + header_size + payload_size
    if header_size < _ENTRY_HEADER_MIN or next_entry > end:
        raise FatbinFormatError(
            f"the fatbin entry at {start:#x} runs past the end of its container (truncated?)"
        )
    if kind not in (_KIND_PTX, _KIND_CUBIN):
        return next_entry  # some other kind of image (not SASS or PTX): nothing a GPU runs
    if not 10 <= arch <= 999:
        raise FatbinFormatError(f"the fatbin entry at {start:#x} names architecture {arch}")
    compression = "zstd" if flags & _FLAG_ZSTD else "lz4" if flags & _FLAG_LZ4 else "none"
    variant = "a" if flags & _FLAG_ARCH_SPECIFIC else "f" if flags & _FLAG_FAMILY else ""
    is_ptx = kind == _KIND_PTX
    out.append(
        KernelEntry(
            kind="ptx" if is_ptx else "sass",
            arch=arch,
            variant=variant,
            ptx_isa=(major, minor) if is_ptx else None,
            compression=compression,
        )
    )
    return next_entry


class _Section(NamedTuple):
    name: str
    offset: int  # in the file
    size: int  # bytes present in the file


def _read_int(buffer, fmt: str, offset: int) -> int:
    """One integer at offset, bounds-checked so truncated headers give a plain reason."""
    size = struct.calcsize(fmt)
    if offset < 0 or offset + size > len(buffer):
        raise FatbinFormatError("the file ends inside its headers (truncated?)")
    return struct.unpack_from(fmt, buffer, offset)[0]


def _elf_sections(buffer) -> list[_Section]:
    if len(buffer) < 6 or buffer[4] not in (1, 2) or buffer[5] not in (1, 2):
        raise FatbinFormatError("the ELF header has an unknown class or byte order")
    order = "<" if buffer[5] == 1 else ">"  # little or big endian
    if buffer[4] == 2:  # 64-bit
        shoff = _read_int(buffer, order + "Q", 0x28)
        counts_at = 0x3A
        header = struct.Struct(order + "IIQQQQI")  # name, type, flags, address, offset, size, link
    else:
        shoff = _read_int(buffer, order + "I", 0x20)
        counts_at = 0x2E
        header = struct.Struct(order + "IIIIIII")
    shentsize, shnum, shstrndx = (
        _read_int(buffer, order + "H", counts_at + 2 * i) for i in range(3)
    )
    if shoff == 0:
        raise FatbinFormatError("the ELF file has no section headers (stripped?)")
    if shentsize < header.size:
        raise FatbinFormatError("the ELF section headers are too small")

    def read_header(index: int) -> tuple[int, ...]:
        offset = shoff + index * shentsize
        if offset + header.size > len(buffer):
            raise FatbinFormatError("the ELF section headers run past the end of the file")
        return header.unpack_from(buffer, offset)

    first = read_header(0)
    # Files with 0xFF00 or more sections keep the real counts in section 0.
    shnum = shnum or first[5]
    shstrndx = first[6] if shstrndx == _ELF_SHN_XINDEX else shstrndx
    if shoff + shnum * shentsize > len(buffer) or shstrndx >= shnum:
        raise FatbinFormatError("the ELF section headers are damaged or cut off")
    headers = [read_header(i) for i in range(shnum)]
    names_at, names_size = headers[shstrndx][4], headers[shstrndx][5]
    names_end = names_at + names_size
    if names_end > len(buffer):
        raise FatbinFormatError("the ELF section names run past the end of the file")
    sections = []
    for name_offset, kind, _flags, _address, offset, size, _link in headers:
        if kind == _ELF_SHT_NOBITS or name_offset >= names_size:
            continue
        name_end = buffer.find(b"\0", names_at + name_offset, names_end)
        name = bytes(buffer[names_at + name_offset : name_end if name_end >= 0 else names_end])
        sections.append(_Section(name.decode("latin-1"), offset, size))
    return sections


def _pe_sections(buffer) -> list[_Section]:
    pe = _read_int(buffer, "<I", 0x3C)
    if bytes(buffer[pe : pe + 4]) != b"PE\0\0":
        raise FatbinFormatError("the file starts like a Windows program but has no PE header")
    count, optional_size = _read_int(buffer, "<H", pe + 6), _read_int(buffer, "<H", pe + 20)
    table = pe + 24 + optional_size  # the COFF section table follows the optional header
    sections = []
    for index in range(count):
        at = table + index * 40
        _read_int(buffer, "<I", at + 36)  # the whole 40-byte record must be present
        name = bytes(buffer[at : at + 8]).rstrip(b"\0").decode("latin-1")
        virtual_size, _rva, raw_size, raw_offset = struct.unpack_from("<IIII", buffer, at + 8)
        # Raw data is padded up to the file alignment; the virtual size is the real length.
        size = min(virtual_size, raw_size) if virtual_size else raw_size
        sections.append(_Section(name, raw_offset, size))
    return sections


def _parse_sections(buffer, sections: list[_Section]) -> FatbinContents:
    entries: list[KernelEntry] = []
    containers = 0
    for section in sections:
        if section.name in _CONTAINER_SECTIONS:
            end = _section_end(buffer, section)
            containers += _parse_container_run(buffer, section.offset, end, entries)
    if not containers:
        raise FatbinFormatError("it has no CUDA kernels (no .nv_fatbin section)")
    return FatbinContents(entries, containers)


def _section_end(buffer, section: _Section) -> int:
    end = section.offset + section.size
    if end > len(buffer):
        raise FatbinFormatError(
            f"the {section.name} section runs past the end of the file (truncated?)"
        )
    return end


def read_kernel_archs(path: str | os.PathLike[str] | None) -> KernelArchs:
    """List the kernels in a library or raw fatbin; never raises, "unknown" says why instead."""
    if path is None:
        return KernelArchs.unknown(None, "no library was given")
    shown = os.fspath(path)
    if os.path.isdir(path):  # Windows refuses to open a folder with "permission denied"
        return KernelArchs.unknown(shown, "it is a folder, not a library")
    file_format = ""
    try:
        with open(path, "rb") as file:
            if os.fstat(file.fileno()).st_size == 0:
                return KernelArchs.unknown(shown, "the file is empty")
            # mmap: only the pages holding headers and fatbin data are read, not the whole library.
            with mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ) as buffer:
                head = bytes(buffer[:4])
                if head == b"\x7fELF":
                    file_format = "elf"
                    contents = _parse_sections(buffer, _elf_sections(buffer))
                elif head[:2] == b"MZ":
                    file_format = "pe"
                    contents = _parse_sections(buffer, _pe_sections(buffer))
                elif head == _FATBIN_MAGIC_BYTES:
                    file_format = "fatbin"
                    contents = _parse_raw(buffer)
                else:
                    return KernelArchs.unknown(shown, "it is not an ELF, PE or fatbin file")
    except FileNotFoundError:
        return KernelArchs.unknown(shown, "the file does not exist")
    except PermissionError:
        return KernelArchs.unknown(shown, "the file cannot be read (permission denied)")
    except OSError as error:
        return KernelArchs.unknown(shown, f"the file cannot be read ({error.strerror or error})")
    except FatbinFormatError as error:
        return KernelArchs.unknown(shown, str(error), file_format)
    except (struct.error, ValueError, IndexError, OverflowError) as error:
        # The format is unpublished: a layout we did not foresee must read as "unknown", not crash.
        return KernelArchs.unknown(shown, f"its layout was not understood ({error})", file_format)
    if not contents.entries:
        return KernelArchs.unknown(shown, "its fatbin holds no SASS or PTX kernels", file_format)
    return KernelArchs(shown, "ok", "", tuple(contents.entries), contents.containers, file_format)


def find_engine_library() -> Path | None:
    """The CTranslate2 library the engine loads, found without importing ctranslate2."""
    for folder in _engine_library_folders():
        library = _library_in(folder)
        if library is not None:
            return library
    return None


def _engine_library_folders() -> list[Path]:
    folders: list[Path] = []
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        # PyInstaller 6 points _MEIPASS at _internal/; older layouts put the same folders one up.
        for root in (Path(bundle), Path(bundle) / "_internal"):
            folders += [root / "ctranslate2.libs", root / "ctranslate2", root]
    try:
        spec = importlib.util.find_spec("ctranslate2")  # finds the package; runs none of it
    except (ImportError, ValueError):
        spec = None
    if spec is not None:
        package_dirs = [Path(p) for p in spec.submodule_search_locations or ()]
        if not package_dirs and spec.origin:
            package_dirs = [Path(spec.origin).parent]
        for package_dir in package_dirs:
            # auditwheel moves the library to a sibling "ctranslate2.libs"; Windows wheels keep
            # ctranslate2.dll inside the package (or beside it).
            folders += [package_dir.parent / "ctranslate2.libs", package_dir, package_dir.parent]
    return folders


def _library_in(folder: Path) -> Path | None:
    try:
        if not folder.is_dir():
            return None
        found = sorted(folder.glob("libctranslate2*.so*")) + sorted(folder.glob("ctranslate2.dll"))
    except OSError:
        return None
    return next((path for path in found if path.is_file()), None)


def engine_kernel_archs() -> KernelArchs:
    """The kernels of the installed engine, read once per (path, size, modification time)."""
    library = find_engine_library()
    if library is None:
        return KernelArchs.unknown(None, "the CTranslate2 engine library was not found")
    try:
        stat = library.stat()
    except OSError:
        return read_kernel_archs(library)  # it gives the plain reason
    return _cached_kernel_archs(str(library), stat.st_size, stat.st_mtime_ns)


@functools.lru_cache(maxsize=8)
def _cached_kernel_archs(path: str, size: int, mtime_ns: int) -> KernelArchs:
    # size and mtime_ns are only part of the cache key: a reinstalled engine is read afresh.
    return read_kernel_archs(path)
