"""The `doctor` report: every fact about this machine's GPU path, as text or JSON."""

from __future__ import annotations

import platform
import sys
from collections.abc import Sequence
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from carevoice import __version__
from carevoice.gpu.decision import DeviceDecision
from carevoice.gpu.facts import GpuFacts

# Exit statuses of `care-voice doctor`.
EXIT_GPU = 0
EXIT_CPU = 1
EXIT_CANNOT_RUN = 2


def _version_of(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:
        return "not installed"


def build_report(
    facts: GpuFacts,
    decision: DeviceDecision,
    models: Sequence[Any],
    runtime_failure: str | None = None,
) -> dict:
    """The report as a JSON-ready dict: `facts`, the `decision` made from them (by
    GpuContext.decide, as everywhere else), the installed `models` (the engine's
    ModelInfo: name, usable, to_dict()) and a GPU failure met at run time since the check
    (GpuContext.runtime_failure)."""
    usable_models = [m.name for m in models if m.usable]
    cannot_run = decision.refused or not usable_models
    reason = decision.fallback_reason or " ".join(decision.reasons[-1:])
    if not usable_models:
        reason = "No usable Whisper model is installed. Run the set-up command again."
    report = {
        "health": {
            "gpu_acceleration": decision.gpu_acceleration,
            "device": decision.device,
            "compute_type": decision.compute_type,
            "can_transcribe": not cannot_run,
            "reason": reason,
            "summary": decision.summary,
        },
        "system": {
            "os": platform.platform(),
            "python": sys.version.split()[0],
            "care_voice": __version__,
            "faster_whisper": _version_of("faster-whisper"),
            "ctranslate2": facts.engine_version,
            "frozen": bool(getattr(sys, "frozen", False)),
        },
        "engine_kernels": _kernel_summary(facts.kernels),
        "gpu": facts.snapshot.to_dict(),
        "verdict": facts.verdict.to_dict() if facts.verdict is not None else None,
        "libraries": [lib.to_dict() for lib in facts.libraries],
        "preflight": facts.preflight.to_dict() if facts.preflight is not None else None,
        "runtime_failure": runtime_failure,
        "decision": decision.to_dict(),
        "models": [m.to_dict() for m in models],
    }
    return report


def _kernel_summary(kernels) -> dict:
    # The real library repeats the same 8 entries in each of its 34 containers; the
    # report lists each kernel once and says how many entries there were.
    data = kernels.to_dict()
    data["entry_count"] = len(data.pop("entries", []))
    return data


def exit_status(report: dict) -> int:
    health = report["health"]
    if not health["can_transcribe"]:
        return EXIT_CANNOT_RUN
    return EXIT_GPU if health["gpu_acceleration"] else EXIT_CPU


def _gib(value: int | None) -> str:
    return f"{value / 2**30:.1f} GiB" if value is not None else "n/a"


def render_text(report: dict) -> str:
    """The report in plain words, for the terminal and the GPU panel's copy button."""
    lines = []
    health = report["health"]
    system = report["system"]
    lines.append(f"Care Voice {system['care_voice']} — {health['summary']}")
    lines.append("")
    lines.append("System")
    lines.append(f"  OS: {system['os']}")
    lines.append(
        f"  Python {system['python']}, faster-whisper {system['faster_whisper']}, "
        f"CTranslate2 {system['ctranslate2']}" + (" (bundle)" if system["frozen"] else "")
    )
    kernels = report["engine_kernels"]
    lines.append("")
    lines.append("Engine kernels")
    lines.append(f"  Library: {kernels.get('path') or 'not found'}")
    if kernels.get("status") == "ok":
        lines.append(f"  Native (SASS): {' '.join(kernels.get('sass', [])) or 'none'}")
        lines.append(f"  PTX: {' '.join(kernels.get('ptx', [])) or 'none'}")
    else:
        lines.append(f"  Unknown: {kernels.get('reason')}")
    gpu = report["gpu"]
    lines.append("")
    lines.append("GPU")
    if not gpu.get("gpus"):
        lines.append(f"  No NVIDIA GPU found: {gpu.get('message')}")
    else:
        cuda = gpu.get("cuda_driver_version")
        cuda_text = f"{cuda // 1000}.{cuda % 1000 // 10}" if cuda else "unknown"
        lines.append(f"  Driver {gpu.get('driver_version')}, supports CUDA {cuda_text}")
        for info in gpu["gpus"]:
            cap = ".".join(map(str, info.get("capability") or [])) or "unknown"
            lines.append(
                f"  [{info['index']}] {info['name']}, compute capability {cap}, "
                f"memory {_gib(info.get('memory_used_bytes'))} used of "
                f"{_gib(info.get('memory_total_bytes'))}"
            )
    verdict = report.get("verdict")
    if verdict:
        lines.append(f"  Verdict: {verdict['verdict']} — {verdict['reason']}")
        if verdict.get("fix"):
            lines.append(f"  Fix: {verdict['fix']}")
        for note in verdict.get("notes", []):
            lines.append(f"  Note: {note}")
    if report["libraries"]:
        lines.append("")
        lines.append("CUDA libraries")
        for lib in report["libraries"]:
            state = (
                f"found ({lib['source']}: {lib['path']})"
                if lib["found"]
                else f"MISSING — install with: {lib['install_hint']}"
            )
            lines.append(f"  {lib['filename']} ({lib['name']}): {state}")
    preflight = report.get("preflight")
    if preflight:
        lines.append("")
        lines.append(
            f"Preflight: {preflight['status']}"
            + (" (cached)" if preflight.get("cached") else "")
            + f" — {preflight['message']}"
        )
        if preflight.get("compute_types"):
            lines.append(f"  Compute types on cuda: {', '.join(preflight['compute_types'])}")
    if report.get("runtime_failure"):
        lines.append(f"  Since then: {report['runtime_failure']}")
    decision = report["decision"]
    lines.append("")
    lines.append(
        f"Decision: {decision['device']} ({decision['compute_type']})"
        + (" — REFUSED (GPU only)" if decision["refused"] else "")
    )
    for reason in decision["reasons"]:
        lines.append(f"  - {reason}")
    lines.append("")
    lines.append(
        "Models: "
        + ", ".join(
            f"{m['name']} ({m['languages']})"
            + ("" if m["usable"] else f" unusable: {m['problem']}")
            for m in report["models"]
        )
    )
    return "\n".join(lines)
