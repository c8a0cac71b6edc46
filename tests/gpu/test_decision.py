"""The device decision: one pure function from facts to device, compute type and reasons."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from carevoice.gpu.decision import decide_device, planned_cuda_compute_type
from carevoice.gpu.fatbin import KernelArchs, KernelEntry
from carevoice.gpu.snapshot import GpuInfo, GpuSnapshot
from carevoice.gpu.verdict import judge_compat

# The PyPI ctranslate2 4.8.x wheel, as fatbin.md measured it.
CT2_48 = KernelArchs(
    path="libctranslate2.so",
    status="ok",
    reason="",
    containers=1,
    format="elf",
    entries=tuple(KernelEntry("sass", a, "", None, "none") for a in (53, 60, 61, 70, 75, 80, 86))
    + (KernelEntry("ptx", 86, "", (8, 7), "none"),),
)


@dataclass
class Lib:
    name: str = "cuBLAS 12"
    filename: str = "libcublas.so.12"
    needed: bool = True
    found: bool = True
    path: str | None = "/venv/nvidia/cublas/lib/libcublas.so.12"
    install_hint: str = "pip install nvidia-cublas-cu12"


@dataclass
class Preflight:
    ok: bool = True
    message: str = "ok"
    compute_types: list = field(
        default_factory=lambda: ["float16", "int8_float16", "int8", "int8_float32", "float32"]
    )
    compute_type: str | None = "float16"
    seconds: float = 2.5


def snapshot(name: str | None, capability=None, cuda=12090) -> GpuSnapshot:
    if name is None:
        return GpuSnapshot(state="no-driver", message="No NVIDIA driver is installed.")
    return GpuSnapshot(
        state="ok",
        message="",
        driver_version="575.64",
        cuda_driver_version=cuda,
        gpus=[GpuInfo(index=0, name=name, capability=capability)],
    )


def decide(
    name,
    capability,
    cuda=12090,
    engine="4.8.5",
    libs=None,
    preflight="ok",
    preference="auto",
    gpu_only=False,
    requested=None,
):
    snap = snapshot(name, capability, cuda)
    verdict = judge_compat(name, capability, cuda, CT2_48, engine) if name else None
    pre = Preflight() if preflight == "ok" else preflight
    return decide_device(
        preference, gpu_only, snap, verdict, libs if libs is not None else [Lib()], pre, requested
    )


@pytest.mark.parametrize(
    ("name", "capability", "device", "compute_type"),
    [
        ("NVIDIA GeForce RTX 4090", (8, 9), "cuda", "float16"),
        ("NVIDIA GeForce RTX 5070 Ti", (12, 0), "cuda", "float16"),
        ("NVIDIA H100 80GB HBM3", (9, 0), "cuda", "float16"),
        ("Tesla P100", (6, 0), "cuda", "float16"),
        ("NVIDIA GeForce GTX 1080", (6, 1), "cuda", "int8_float32"),
        ("NVIDIA GeForce GTX 960", (5, 2), "cpu", "int8"),
        (None, None, "cpu", "int8"),
    ],
)
def test_device_and_compute_type_by_gpu(name, capability, device, compute_type):
    decision = decide(name, capability)
    assert (decision.device, decision.compute_type) == (device, compute_type)
    assert decision.reasons


def test_gpu_in_use_reads_like_the_status_bar():
    decision = decide("NVIDIA GeForce RTX 4090", (8, 9))
    assert decision.summary == "GPU · NVIDIA GeForce RTX 4090 · float16"
    assert decision.gpu_acceleration and not decision.refused


def test_no_gpu_falls_back_to_cpu_and_says_why():
    decision = decide(None, None)
    assert decision.summary.startswith("CPU · int8 — GPU not used: No NVIDIA GPU found")
    assert "No NVIDIA driver is installed" in decision.fallback_reason


def test_an_incompatible_gpu_falls_back_with_the_verdicts_words():
    decision = decide("NVIDIA GeForce GTX 960", (5, 2))
    assert decision.device == "cpu"
    assert "GTX 960" in decision.fallback_reason and "5.2" in decision.fallback_reason


def test_a_driver_too_old_for_the_ptx_falls_back():
    decision = decide("NVIDIA GeForce RTX 5070 Ti", (12, 0), cuda=12060)
    assert decision.device == "cpu" and "12.8" in decision.fallback_reason


def test_missing_cublas_falls_back_with_the_install_command():
    decision = decide(
        "NVIDIA H100 80GB HBM3", (9, 0), cuda=13000, libs=[Lib(found=False, path=None)]
    )
    assert decision.device == "cpu"
    assert "libcublas.so.12" in decision.fallback_reason
    assert "pip install nvidia-cublas-cu12" in decision.fallback_reason


def test_a_failed_preflight_falls_back_with_its_message():
    failed = Preflight(ok=False, message="The GPU check crashed (signal SIGABRT).")
    decision = decide("NVIDIA GeForce RTX 4090", (8, 9), preflight=failed)
    assert decision.device == "cpu" and "SIGABRT" in decision.fallback_reason


def test_gpu_only_refuses_the_cpu_and_says_why():
    decision = decide("NVIDIA GeForce GTX 960", (5, 2), gpu_only=True)
    assert decision.refused and not decision.gpu_acceleration
    assert "GPU only" in decision.summary and "GTX 960" in decision.summary


def test_gpu_only_with_a_working_gpu_runs_on_it():
    decision = decide("NVIDIA GeForce RTX 4090", (8, 9), gpu_only=True)
    assert decision.device == "cuda" and not decision.refused


def test_cpu_by_choice_is_not_a_fallback():
    decision = decide("NVIDIA GeForce RTX 4090", (8, 9), preference="cpu")
    assert (decision.device, decision.by_choice, decision.fallback_reason) == ("cpu", True, "")
    assert decision.summary == "CPU · int8 — chosen in settings"


def test_int8_is_never_used_on_rtx50_with_an_engine_before_4_7():
    decision = decide(
        "NVIDIA GeForce RTX 5070 Ti", (12, 0), engine="4.6.2", requested="int8_float16"
    )
    assert decision.device == "cuda" and decision.compute_type == "float16"
    assert any("cannot run int8" in r for r in decision.reasons)


def test_a_requested_compute_type_is_honoured_when_supported():
    assert (
        decide("NVIDIA GeForce RTX 4090", (8, 9), requested="int8_float16").compute_type
        == "int8_float16"
    )
    unsupported = decide("NVIDIA GeForce RTX 4090", (8, 9), requested="bfloat16")
    assert unsupported.compute_type == "float16"
    assert decide(None, None, requested="float32").compute_type == "float32"
    assert decide(None, None, requested="float16").compute_type == "int8"


def test_planned_compute_type_for_old_cards():
    assert planned_cuda_compute_type((5, 3))[0] == "float32"
    assert planned_cuda_compute_type((7, 5))[0] == "float16"
    assert planned_cuda_compute_type((6, 1), int8_supported=False)[0] == "float32"


def test_nothing_else_in_the_package_chooses_the_device():
    """The decision lives in one module: no other code compares capabilities or picks cuda."""
    import re
    from pathlib import Path

    package = Path(__file__).resolve().parents[2] / "app" / "carevoice"
    suspicious = re.compile(r"device\s*=\s*[\"']cuda[\"']|compute_type\s*=\s*[\"'](float16|int8)")
    offenders = [
        str(p.relative_to(package))
        for p in package.rglob("*.py")
        if p.name not in ("decision.py", "preflight_child.py")
        and suspicious.search(p.read_text(encoding="utf-8"))
    ]
    assert offenders == []
