"""Judging whether a GPU can run the engine: real GPUs' capabilities against kernel lists."""

from __future__ import annotations

import importlib.metadata
import json
import re
from pathlib import Path

import pytest

from carevoice.gpu.fatbin import KernelArchs, KernelEntry, find_engine_library, read_kernel_archs
from carevoice.gpu.verdict import (
    CompatVerdict,
    Verdict,
    format_cuda_version,
    judge_compat,
    min_driver_cuda_for_ptx,
)

FIXTURES = Path(__file__).resolve().parents[1] / "data" / "fatbin"


def kernels(*names: str, isa: tuple[int, int] = (8, 7)) -> KernelArchs:
    """A KernelArchs holding the named entries, e.g. kernels("sm_86", "compute_86")."""
    entries = []
    for name in names:
        prefix, arch, variant = re.fullmatch(r"(sm|compute)_(\d+)([af]?)", name).groups()
        kind = "sass" if prefix == "sm" else "ptx"
        entries.append(KernelEntry(kind, int(arch), variant, isa if kind == "ptx" else None, "lz4"))
    return KernelArchs("test.so", "ok", "", tuple(entries), 1, "elf")


# What ctranslate2 4.6.3 to 4.8.5 ship, per docs/gpu-kernels.md (and the real library below).
CT2_48 = kernels("sm_53", "sm_60", "sm_61", "sm_70", "sm_75", "sm_80", "sm_86", "compute_86")
ONLY_SM_90A = kernels("sm_90a")
VARIANTS_A = kernels("sm_90a", "sm_100a", "sm_120a", "compute_120a", isa=(9, 0))
VARIANTS_F = kernels("sm_100f", "sm_120f", "compute_120f", isa=(9, 0))
PTX_120F_ONLY = kernels("compute_120f", isa=(9, 0))
UNREADABLE = KernelArchs.unknown("libctranslate2.so", "the file is empty", "elf")

RTX_5070_TI = ("NVIDIA GeForce RTX 5070 Ti", (12, 0))
RTX_4090 = ("NVIDIA GeForce RTX 4090", (8, 9))
RTX_3060 = ("NVIDIA GeForce RTX 3060", (8, 6))
H100 = ("NVIDIA H100 80GB HBM3", (9, 0))
B200 = ("NVIDIA B200", (10, 0))
GTX_960 = ("NVIDIA GeForce GTX 960", (5, 2))
JETSON_ORIN = ("Orin", (8, 7))
DGX_SPARK = ("NVIDIA GB10", (12, 1))
NO_GPU = (None, None)


def case(case_id, gpu, driver, archs, verdict, kernel, *words):
    return pytest.param(gpu, driver, archs, verdict, kernel, words, id=case_id)


# A table reads best one case per line, so the formatter is kept off it.
# fmt: off
CASES = [
    # id, GPU, driver CUDA, kernels, expected verdict and kernel, then words in the reason
    case("5070ti-driver-12.9", RTX_5070_TI, 12090, CT2_48, Verdict.PTX_JIT, "compute_86",
         "no native kernels", "(sm_53–sm_86)", "PTX compute_86", "12.9 ≥ 12.8 needed: OK"),
    case("5070ti-driver-12.6", RTX_5070_TI, 12060, CT2_48, Verdict.DRIVER_TOO_OLD, "compute_86",
         "only run through PTX compute_86", "CUDA 12.8 or newer", "CUDA 12.6"),
    case("5070ti-driver-unknown", RTX_5070_TI, None, CT2_48, Verdict.PTX_JIT, "compute_86",
         "PTX compute_86", "CUDA 12.8 or newer"),
    case("4090", RTX_4090, 12080, CT2_48, Verdict.NATIVE, "sm_86", "natively", "sm_86"),
    case("3060", RTX_3060, 12020, CT2_48, Verdict.NATIVE, "sm_86", "natively", "sm_86"),
    case("h100", H100, 12080, CT2_48, Verdict.PTX_JIT, "compute_86", "compute capability 9.0"),
    case("b200", B200, 13000, CT2_48, Verdict.PTX_JIT, "compute_86", "13.0 ≥ 12.8"),
    case("gtx960", GTX_960, 12020, CT2_48, Verdict.INCOMPATIBLE, None,
         "cannot run", "(sm_53–sm_86, PTX compute_86)", "older than the oldest kernel, sm_53",
         "no kernel image is available for execution on the device"),
    case("jetson-orin", JETSON_ORIN, 12060, CT2_48, Verdict.NATIVE, "sm_86", "built for 8.6"),
    case("sm90a-on-9.0", H100, 12080, ONLY_SM_90A, Verdict.NATIVE, "sm_90a", "natively"),
    case("sm90a-on-10.0", B200, 12080, ONLY_SM_90A, Verdict.INCOMPATIBLE, None,
         "(sm_90a)", "compute capability 10.0"),
    case("sm120f-on-12.1", DGX_SPARK, 13000, VARIANTS_F, Verdict.NATIVE, "sm_120f", "natively"),
    case("a-variants-on-12.1", DGX_SPARK, 13000, VARIANTS_A, Verdict.INCOMPATIBLE, None,
         "PTX compute_120a"),
    case("f-ptx-on-12.1", DGX_SPARK, 13000, PTX_120F_ONLY, Verdict.PTX_JIT, "compute_120f",
         "(it ships only PTX)"),
    case("f-ptx-not-on-13.0", ("future", (13, 0)), 13000, PTX_120F_ONLY, Verdict.INCOMPATIBLE,
         None, "compute capability 13.0"),
    case("driver-older-than-cuda-12", RTX_3060, 11040, CT2_48, Verdict.DRIVER_TOO_OLD, "sm_86",
         "CUDA 11.4", "CUDA driver version is insufficient"),
    case("no-gpu", NO_GPU, None, CT2_48, Verdict.UNKNOWN, None, "No NVIDIA GPU was found"),
    case("unreadable-kernels", RTX_3060, 12080, UNREADABLE, Verdict.UNKNOWN, None,
         "could not tell", "the file is empty"),
]
# fmt: on


@pytest.mark.parametrize("gpu, driver, archs, verdict, kernel, words", CASES)
def test_verdict(gpu, driver, archs, verdict, kernel, words):
    result = judge_compat(gpu[0], gpu[1], driver, archs, "4.8.5")
    assert (result.verdict, result.kernel) == (verdict, kernel), result.reason
    for word in words:
        assert word in result.reason
    assert result.runs_on_gpu == (verdict in (Verdict.NATIVE, Verdict.PTX_JIT))
    if verdict in (Verdict.DRIVER_TOO_OLD, Verdict.INCOMPATIBLE):
        assert result.fix
    if verdict is Verdict.NATIVE:
        assert (result.fix, result.notes) == ("", ())


def test_ptx_jit_reason_reads_like_the_gui_banner():
    result = judge_compat(*RTX_5070_TI, 12090, CT2_48, "4.8.5")
    assert result.reason == (
        "NVIDIA GeForce RTX 5070 Ti (compute capability 12.0) has no native kernels in "
        "CTranslate2 4.8.5 (sm_53–sm_86); it will run through PTX compute_86, compiled by the "
        "driver on first use (driver CUDA 12.9 ≥ 12.8 needed: OK)."
    )
    assert result.fix == ""
    assert any("first transcription is slow" in note for note in result.notes)


def test_incompatible_reason_and_fix():
    result = judge_compat(*GTX_960, 12020, CT2_48, "4.8.5")
    assert result.reason.startswith(
        "Your NVIDIA GeForce GTX 960 (compute capability 5.2) cannot run the installed "
        "CTranslate2 4.8.5 kernels (sm_53–sm_86, PTX compute_86): "
    )
    assert "compute capability 5.3 or newer" in result.fix
    unsupported = judge_compat(*B200, 12080, ONLY_SM_90A, "4.8.5")
    assert "includes sm_100" in unsupported.fix


def test_driver_too_old_fix_names_the_cuda_version():
    result = judge_compat(*RTX_5070_TI, 12060, CT2_48, "4.8.5")
    assert result.fix == "Update the NVIDIA driver to one that supports CUDA 12.8 or newer."


def test_unknown_driver_is_said_in_the_notes():
    result = judge_compat(*H100, None, CT2_48, "4.8.5")
    assert any("could not be read" in note for note in result.notes)


@pytest.mark.parametrize(
    "version, capability, int8_supported",
    [
        ("4.6.2", (12, 0), False),
        ("4.8.5", (12, 0), True),
        ("4.6.2", (8, 6), True),
        ("4.7.0", (12, 0), True),
        ("4.6.3", (12, 0), False),
    ],
)
def test_int8_on_compute_capability_12(version, capability, int8_supported):
    result = judge_compat("GPU", capability, 12090, CT2_48, version)
    assert result.int8_supported is int8_supported
    assert any("int8" in note for note in result.notes) is not int8_supported


@pytest.mark.parametrize(
    "version, cudnn", [("4.4.0", 8), ("4.5.0", 9), ("4.6.2", 9), ("4.6.3", None), ("4.8.5", None)]
)
def test_cudnn_needed_by_engine_version(version, cudnn):
    result = judge_compat(*RTX_3060, 12080, CT2_48, version)
    assert result.cudnn_major_needed == cudnn
    assert any(f"cuDNN {cudnn}" in note for note in result.notes) is (cudnn is not None)


@pytest.mark.parametrize(
    "isa, driver",
    [
        ((8, 0), 12000),
        ((8, 5), 12050),
        ((8, 6), 12070),
        ((8, 7), 12080),
        ((8, 8), 12090),
        ((9, 0), 13000),
        ((9, 1), 13010),
        ((9, 9), None),
    ],
)
def test_min_driver_for_ptx_isa(isa, driver):
    assert min_driver_cuda_for_ptx(isa) == driver


def test_min_driver_agrees_with_cuobjdump():
    listing = (FIXTURES / "EXPECTED.txt").read_text(encoding="utf-8")
    pairs = re.findall(r"ISA (\d+)\.(\d+), driver>=CUDA (\d+)\)", listing)
    assert pairs
    for major, minor, driver in pairs:
        assert min_driver_cuda_for_ptx((int(major), int(minor))) == int(driver)


@pytest.mark.parametrize(
    "encoded, text", [(12080, "12.8"), (12000, "12.0"), (13010, "13.1"), (11040, "11.4")]
)
def test_format_cuda_version(encoded, text):
    assert format_cuda_version(encoded) == text


def test_real_engine_library_on_an_rtx_5070_ti():
    version = importlib.metadata.version("ctranslate2")
    numbers = tuple(int(n) for n in re.findall(r"\d+", version)[:3])
    if not (4, 6, 3) <= numbers <= (4, 8, 5):
        pytest.skip(f"ctranslate2 {version} is not in the measured table")
    archs = read_kernel_archs(find_engine_library())
    on_5070_ti = judge_compat(*RTX_5070_TI, 12090, archs, version)
    assert (on_5070_ti.verdict, on_5070_ti.kernel) == (Verdict.PTX_JIT, "compute_86")
    assert f"CTranslate2 {version} (sm_53–sm_86)" in on_5070_ti.reason
    assert judge_compat(*RTX_4090, 12080, archs, version).kernel == "sm_86"
    assert judge_compat(*GTX_960, 12080, archs, version).verdict is Verdict.INCOMPATIBLE


def test_to_dict_is_json_ready():
    result = judge_compat(*RTX_5070_TI, 12090, CT2_48, "4.6.2")
    data = json.loads(json.dumps(result.to_dict()))
    assert data["verdict"] == "ptx-jit"
    assert data["kernel"] == "compute_86"
    assert data["runs_on_gpu"] is True
    assert data["int8_supported"] is False
    assert data["cudnn_major_needed"] == 9
    assert isinstance(result, CompatVerdict)


@pytest.mark.parametrize(
    "isa, warned", [((9, 9), True), ((6, 5), False)], ids=["newer-than-known", "pre-cuda-11"]
)
def test_ptx_isa_outside_the_table(isa, warned):
    result = judge_compat(*H100, 12020, kernels("sm_86", "compute_86", isa=isa), "4.8.5")
    assert (result.verdict, result.kernel) == (Verdict.PTX_JIT, "compute_86")
    assert any("newer than Care Voice knows" in note for note in result.notes) is warned


def test_no_gpu_has_no_engine_notes():
    result = judge_compat(None, None, None, CT2_48, "4.4.0")
    assert (result.verdict, result.notes, result.fix) == (Verdict.UNKNOWN, (), "")
    assert result.cudnn_major_needed == 8
