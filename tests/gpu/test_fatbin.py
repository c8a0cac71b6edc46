"""Reading kernel architectures: the real engine library, cuobjdump-checked fixtures, and junk."""

from __future__ import annotations

import importlib.machinery
import importlib.metadata
import json
import random
import re
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from carevoice.gpu import fatbin
from carevoice.gpu.fatbin import (
    FatbinFormatError,
    KernelArchs,
    engine_kernel_archs,
    find_engine_library,
    parse_fatbin_bytes,
    read_kernel_archs,
)

FIXTURES = Path(__file__).resolve().parents[1] / "data" / "fatbin"
NATIVE_53_TO_86 = ("sm_53", "sm_60", "sm_61", "sm_70", "sm_75", "sm_80", "sm_86")

# What docs/gpu-kernels.md records was measured in each ctranslate2 release's library.
ENGINE_KERNELS_BY_VERSION = [
    ((4, 4, 0), (4, 4, 0), NATIVE_53_TO_86, ("compute_86 (ISA 8.2)",)),
    ((4, 5, 0), (4, 6, 0), NATIVE_53_TO_86, ("compute_86 (ISA 8.2)",)),
    ((4, 6, 3), (4, 8, 5), NATIVE_53_TO_86, ("compute_86 (ISA 8.7)",)),
]


def load_expected() -> dict[str, dict]:
    """EXPECTED.txt is cuobjdump's listing of each fixture; it is the oracle, not our parser."""
    expected: dict[str, dict] = {}
    current: dict = {}
    for line in (FIXTURES / "EXPECTED.txt").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if match := re.fullmatch(r"== (\S+)\s+\[(\w+)\]", line):
            current = expected.setdefault(match[1], {"format": match[2]})
        elif match := re.fullmatch(
            r"containers: (\d+)\s+entries: (\d+)\s+compression: (\S+)", line
        ):
            current.update(containers=int(match[1]), entries=int(match[2]))
            current["compressions"] = tuple(sorted(match[3].split(",")))
        elif line.startswith("SASS (cubin):"):
            current["sass"] = tuple(line.split(":", 1)[1].split())
        elif line.startswith("PTX:"):
            found = re.findall(r"(compute_\w+)\(ISA (\d+\.\d+),", line)
            current["ptx"] = tuple(f"{name} (ISA {isa})" for name, isa in found)
    return expected


EXPECTED = load_expected()


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def build_elf(
    sections: list[tuple[str, bytes]],
    bits: int = 64,
    endian: str = "<",
    headers_first: bool = False,
) -> bytes:
    """A minimal ELF: header, section data, .shstrtab and the section header table."""
    names = b"\0"
    name_offsets = []
    for name, _ in [*sections, (".shstrtab", b"")]:
        name_offsets.append(len(names))
        names += name.encode() + b"\0"
    all_sections = [*sections, (".shstrtab", names)]
    header_size, entry_size = (64, 64) if bits == 64 else (52, 40)
    table_size = entry_size * (len(all_sections) + 1)
    data_start = header_size + table_size if headers_first else header_size
    layout, body = [], b""
    for _, data in all_sections:
        body += b"\0" * (-(data_start + len(body)) % 8)
        layout.append((data_start + len(body), len(data)))
        body += data
    shoff = (
        header_size if headers_first else data_start + len(body) + (-(data_start + len(body)) % 8)
    )
    word = "Q" if bits == 64 else "I"
    ident = b"\x7fELF" + bytes([bits // 32, 1 if endian == "<" else 2, 1]) + bytes(9)
    # e_type (shared object), e_machine (x86-64), e_version, e_entry, e_phoff, e_shoff, e_flags,
    # e_ehsize, e_phentsize, e_phnum, e_shentsize, e_shnum, e_shstrndx
    fields = [3, 62, 1, 0, 0, shoff, 0, header_size, 0, 0, entry_size]
    fields += [len(all_sections) + 1, len(all_sections)]
    header = ident + struct.pack(endian + f"HHI{word}{word}{word}IHHHHHH", *fields)
    section_format = endian + ("IIQQQQIIQQ" if bits == 64 else "IIIIIIIIII")
    table = bytes(entry_size)  # section 0 is the null section
    for name_offset, (offset, size), (name, _) in zip(
        name_offsets, layout, all_sections, strict=True
    ):
        kind = 3 if name == ".shstrtab" else 1  # SHT_STRTAB / SHT_PROGBITS
        table += struct.pack(
            section_format, name_offset, kind, 2, 0x1000 + offset, offset, size, 0, 0, 8, 0
        )
    if headers_first:
        return header + table + body
    out = header + body
    return out + b"\0" * (shoff - len(out)) + table


def build_pe(sections: list[tuple[str, bytes]]) -> bytes:
    """A minimal PE32+ DLL: DOS stub, COFF header, optional header and file-aligned sections."""
    optional = struct.pack("<H", 0x20B) + bytes(238)
    table_at = 0x40 + 4 + 20 + len(optional)
    data_at = table_at + 40 * len(sections)
    data_at += -data_at % 0x200
    table, body = b"", b""
    for index, (name, data) in enumerate(sections):
        raw = data + b"\0" * (-len(data) % 0x200)  # raw data is padded to the file alignment
        # name, virtual size, RVA, raw size, raw offset, relocations and line numbers, flags
        fields = [name.encode(), len(data), 0x1000 * (index + 1), len(raw), data_at + len(body)]
        table += struct.pack("<8sIIIIIIHHI", *fields, 0, 0, 0, 0, 0x40000040)
        body += raw
    dos = b"MZ" + bytes(0x3A) + struct.pack("<I", 0x40)
    coff = b"PE\0\0" + struct.pack(
        "<HHIIIHH", 0x8664, len(sections), 0, 0, 0, len(optional), 0x2022
    )
    head = dos + coff + optional + table
    return head + bytes(data_at - len(head)) + body


def wrapper_records(count: int) -> bytes:
    """What .nvFatBinSegment / .nvFatBi hold: non-zero wrappers that must not be scanned."""
    return b"".join(struct.pack("<IIQQ", 0x466243B1, 1, 0x1234 + i, 0) for i in range(count))


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def assert_matches_expected(archs: KernelArchs, expected: dict) -> None:
    assert archs.status == "ok", archs.reason
    assert archs.reason == ""
    assert archs.containers == expected["containers"]
    assert len(archs.entries) == expected["entries"]
    assert archs.compressions == expected["compressions"]
    assert archs.sass == expected["sass"]
    assert archs.ptx == expected["ptx"]


def test_expected_listing_covers_every_fixture():
    assert sorted(EXPECTED) == sorted(p.name for p in FIXTURES.glob("*.fatbin"))
    fields = {"format", "containers", "entries", "compressions", "sass", "ptx"}
    assert all(set(entry) == fields for entry in EXPECTED.values())


def test_real_engine_library_matches_the_notes():
    version = importlib.metadata.version("ctranslate2")
    numbers = tuple(int(n) for n in re.findall(r"\d+", version)[:3])
    row = next((r for r in ENGINE_KERNELS_BY_VERSION if r[0] <= numbers <= r[1]), None)
    if row is None:
        pytest.skip(f"ctranslate2 {version} is not in the measured table")
    library = find_engine_library()
    assert library is not None and library.parent.name == "ctranslate2.libs"
    archs = read_kernel_archs(library)
    assert (archs.status, archs.format) == ("ok", "elf"), archs.reason
    assert archs.sass == row[2]
    assert archs.ptx == row[3]
    assert archs.summary == f"sm_53–sm_86 (7 native) + {'PTX ' + row[3][0]}"
    # Every container repeats the same architecture list (34 containers in 4.8.5).
    assert len(archs.entries) == archs.containers * (len(row[2]) + len(row[3]))


def test_engine_library_is_found_without_importing_ctranslate2_or_qt():
    code = (
        "import sys; from carevoice.gpu import fatbin, verdict; "
        "assert fatbin.find_engine_library() is not None; "
        "loaded = [m for m in sys.modules if m.split('.')[0] in "
        "('ctranslate2', 'PySide6', 'PyQt5', 'PyQt6')]; "
        "assert not loaded, loaded"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_raw_fixture_matches_cuobjdump(name):
    archs = read_kernel_archs(FIXTURES / name)
    assert archs.format == "fatbin"
    assert_matches_expected(archs, EXPECTED[name])
    entries, containers = parse_fatbin_bytes(memoryview(fixture_bytes(name)))
    assert (tuple(entries), containers) == (archs.entries, archs.containers)


@pytest.mark.parametrize("bits, endian", [(64, "<"), (32, "<"), (64, ">")])
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_inside_an_elf_library(tmp_path, name, bits, endian):
    elf = build_elf(
        [
            (".text", b"\x90\xc3" * 50),
            (".nv_fatbin", fixture_bytes(name)),
            (".nvFatBinSegment", wrapper_records(1)),
        ],
        bits=bits,
        endian=endian,
    )
    archs = read_kernel_archs(write(tmp_path, "libfake.so", elf))
    assert archs.format == "elf"
    assert_matches_expected(archs, EXPECTED[name])


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_inside_a_windows_dll(tmp_path, name):
    dll = build_pe(
        [
            (".text", b"\xcc" * 100),
            (".nv_fatb", fixture_bytes(name)),
            (".nvFatBi", wrapper_records(1)),
        ]
    )
    archs = read_kernel_archs(write(tmp_path, "ctranslate2.dll", dll))
    assert archs.format == "pe"
    assert_matches_expected(archs, EXPECTED[name])


def test_containers_separated_by_zero_padding(tmp_path):
    padded = (
        fixture_bytes("plain.fatbin") + bytes(24) + fixture_bytes("variants_f.fatbin") + bytes(16)
    )
    archs = read_kernel_archs(write(tmp_path, "lib.so", build_elf([(".nv_fatbin", padded)])))
    assert archs.status == "ok", archs.reason
    assert archs.containers == 2
    assert len(archs.entries) == 3 + 3
    assert archs.sass == ("sm_75", "sm_86", "sm_100f", "sm_120f")
    assert archs.ptx == ("compute_86 (ISA 9.0)", "compute_120f (ISA 9.0)")


def test_junk_between_containers_is_unknown(tmp_path):
    data = fixture_bytes("plain.fatbin") + b"\x01junk\x00\x00\x00" + fixture_bytes("nocomp.fatbin")
    archs = read_kernel_archs(write(tmp_path, "lib.so", build_elf([(".nv_fatbin", data)])))
    assert archs.status == "unknown"
    assert "unexpected bytes" in archs.reason


def test_library_without_cuda_kernels_is_unknown(tmp_path):
    elf = build_elf([(".text", b"\x90" * 64), (".nvFatBinSegment", wrapper_records(2))])
    archs = read_kernel_archs(write(tmp_path, "libcpu.so", elf))
    assert (archs.status, archs.format, archs.entries) == ("unknown", "elf", ())
    assert "no CUDA kernels" in archs.reason


PLAIN = fixture_bytes("plain.fatbin")  # one container: header at 0, first entry header at 16


@pytest.mark.parametrize(
    "cut, words",
    [
        (8, "cut off in its header"),  # inside the container header
        (40, "truncated"),  # inside the first entry header
        (16 + 64 + 100, "truncated"),  # inside the first payload
        (len(PLAIN) - 8, "truncated"),  # inside the last payload
    ],
    ids=["container-header", "entry-header", "first-payload", "last-payload"],
)
def test_truncated_fatbin_is_unknown(tmp_path, cut, words):
    archs = read_kernel_archs(write(tmp_path, "cut.fatbin", PLAIN[:cut]))
    assert (archs.status, archs.entries) == ("unknown", ())
    assert words in archs.reason
    with pytest.raises(FatbinFormatError):
        parse_fatbin_bytes(PLAIN[:cut])


@pytest.mark.parametrize("headers_first", [True, False])
@pytest.mark.parametrize("keep", [0.2, 0.5, 0.9])
def test_truncated_elf_is_unknown(tmp_path, headers_first, keep):
    elf = build_elf([(".nv_fatbin", PLAIN)], headers_first=headers_first)
    archs = read_kernel_archs(write(tmp_path, "libcut.so", elf[: int(len(elf) * keep)]))
    assert (archs.status, archs.format) == ("unknown", "elf")
    assert archs.reason


def test_truncated_dll_is_unknown(tmp_path):
    dll = build_pe([(".nv_fatb", PLAIN)])
    for keep in (0x30, 0x100, len(dll) - 0x400):
        archs = read_kernel_archs(write(tmp_path, "cut.dll", dll[:keep]))
        assert (archs.status, archs.format) == ("unknown", "pe"), keep
        assert archs.reason


@pytest.mark.parametrize(
    "make, words",
    [
        (lambda tmp: write(tmp, "random.bin", random.Random(7).randbytes(4096)), "not an ELF"),
        (lambda tmp: write(tmp, "notes.txt", b"Care notes\nnot a library\n"), "not an ELF"),
        (lambda tmp: write(tmp, "empty.so", b""), "empty"),
        (lambda tmp: write(tmp, "tiny.so", b"\x7fELF"), "ELF header"),
        (lambda tmp: write(tmp, "mz.dll", b"MZ" + bytes(10)), "truncated"),
        (lambda tmp: tmp, "folder"),
        (lambda tmp: tmp / "missing.so", "does not exist"),
    ],
    ids=["random", "text", "empty", "tiny-elf", "tiny-pe", "directory", "missing"],
)
def test_junk_is_unknown(tmp_path, make, words):
    archs = read_kernel_archs(make(tmp_path))
    assert (archs.status, archs.entries, archs.containers) == ("unknown", (), 0)
    assert words in archs.reason
    assert archs.summary.startswith("unknown (")


@pytest.mark.parametrize("wrap", ["raw", "elf", "pe"])
def test_damaged_files_never_raise(tmp_path, wrap):
    """Flip bytes and cut files at random; every outcome must be a KernelArchs, never an error."""
    original = {
        "raw": PLAIN,
        "elf": build_elf([(".nv_fatbin", PLAIN)]),
        "pe": build_pe([(".nv_fatb", PLAIN)]),
    }[wrap]
    rng = random.Random(wrap)
    path = tmp_path / "damaged"
    for _ in range(200):
        data = bytearray(original[: rng.randrange(1, len(original) + 1)])
        for _ in range(rng.randrange(1, 5)):
            position = rng.randrange(min(len(data), 300))  # mostly hit the headers
            data[position] = rng.randrange(256)
        path.write_bytes(bytes(data))
        archs = read_kernel_archs(path)
        assert archs.status in ("ok", "unknown")
        assert (archs.status == "ok") == (archs.reason == "")


def test_dict_round_trip_through_json():
    for archs in (
        read_kernel_archs(FIXTURES / "variants_a.fatbin"),
        read_kernel_archs(FIXTURES / "missing.fatbin"),
    ):
        data = json.loads(json.dumps(archs.to_dict()))
        assert KernelArchs.from_dict(data) == archs
    data = read_kernel_archs(FIXTURES / "plain.fatbin").to_dict()
    assert data["sass"] == ["sm_75", "sm_86"]
    assert data["ptx"] == ["compute_86 (ISA 9.0)"]
    assert data["summary"] == "sm_75–sm_86 (2 native) + PTX compute_86 (ISA 9.0)"


def test_entry_names_and_capabilities():
    archs = read_kernel_archs(FIXTURES / "variants_f.fatbin")
    assert [(e.name, e.capability) for e in archs.entries] == [
        ("sm_100f", (10, 0)),
        ("sm_120f", (12, 0)),
        ("compute_120f", (12, 0)),
    ]
    assert archs.summary == "sm_100f–sm_120f (2 native) + PTX compute_120f (ISA 9.0)"


# --- finding the library the engine loads -------------------------------------------------


def fake_package(monkeypatch, site: Path | None) -> None:
    """Make find_spec("ctranslate2") answer with a package in `site` (or not installed)."""

    def find_spec(name, *args):
        assert name == "ctranslate2"
        if site is None:
            return None
        spec = importlib.machinery.ModuleSpec(
            name, None, origin=str(site / name / "__init__.py"), is_package=True
        )
        spec.submodule_search_locations = [str(site / name)]
        return spec

    monkeypatch.setattr(fatbin.importlib.util, "find_spec", find_spec)
    monkeypatch.delattr(sys, "_MEIPASS", raising=False)


def touch(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(PLAIN)
    return path


def test_finds_the_linux_wheel_library(tmp_path, monkeypatch):
    touch(tmp_path / "ctranslate2" / "__init__.py")
    library = touch(tmp_path / "ctranslate2.libs" / "libctranslate2-0a1b2c3d.so.4.8.5")
    fake_package(monkeypatch, tmp_path)
    assert find_engine_library() == library


def test_finds_the_windows_wheel_dll(tmp_path, monkeypatch):
    touch(tmp_path / "ctranslate2" / "__init__.py")
    library = touch(tmp_path / "ctranslate2" / "ctranslate2.dll")
    fake_package(monkeypatch, tmp_path)
    assert find_engine_library() == library


@pytest.mark.parametrize(
    "meipass, library",
    [
        ("app/_internal", "app/_internal/ctranslate2.libs/libctranslate2-0a1b2c3d.so.4.8.5"),
        ("app", "app/_internal/ctranslate2/ctranslate2.dll"),
    ],
)
def test_finds_the_library_in_a_pyinstaller_bundle(tmp_path, monkeypatch, meipass, library):
    fake_package(monkeypatch, None)
    expected = touch(tmp_path / library)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path / meipass), raising=False)
    assert find_engine_library() == expected


def test_engine_not_installed(tmp_path, monkeypatch):
    fake_package(monkeypatch, None)
    assert find_engine_library() is None
    archs = engine_kernel_archs()
    assert (archs.status, archs.path) == ("unknown", None)
    assert "not found" in archs.reason


def test_engine_kernels_are_cached_until_the_library_changes(tmp_path, monkeypatch):
    library = write(tmp_path, "libctranslate2.so.4", PLAIN)
    monkeypatch.setattr(fatbin, "find_engine_library", lambda: library)
    fatbin._cached_kernel_archs.cache_clear()
    first = engine_kernel_archs()
    assert first.sass == ("sm_75", "sm_86")
    assert engine_kernel_archs() is first
    library.write_bytes(fixture_bytes("variants_a.fatbin"))  # a reinstall: new size and mtime
    assert engine_kernel_archs().sass == ("sm_90a", "sm_100a", "sm_120a")
