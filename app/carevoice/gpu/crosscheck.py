"""Checks Care Voice's GPU report against NVIDIA's own tools on a real GPU machine.

`scripts/gpu-check` saves `nvidia-smi -q`, `nvidia-smi --query-gpu=...` and `cuobjdump
--list-elf --list-ptx` next to `care-voice doctor --json`; this module parses those,
compares them field by field with the app's NVML snapshot and kernel list, forces one
uncached preflight, times the NVML probe, and writes the run as a fake-GPU profile.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

MIB = 1024 * 1024
SMI_QUERY_FIELDS = "name,compute_cap,driver_version,memory.total,uuid"


@dataclass(frozen=True)
class Difference:
    """One field where the app and NVIDIA's tool disagree."""

    field: str
    app: object
    reference: object

    def __str__(self) -> str:
        return f"{self.field}: Care Voice says {self.app!r}, NVIDIA's tool says {self.reference!r}"


def parse_cuda_version(text: str) -> int | None:
    """ "13.0" -> 13000, the form NVML's nvmlSystemGetCudaDriverVersion returns."""
    match = re.match(r"\s*(\d+)\.(\d+)", text or "")
    return int(match.group(1)) * 1000 + int(match.group(2)) * 10 if match else None


_SMI_GPU_HEADER = re.compile(r"^GPU [0-9A-Fa-f]{4,8}:[0-9A-Fa-f]{2}:[0-9A-Fa-f]{2}\.\d\s*$")


def parse_nvidia_smi_q(text: str) -> dict:
    """Driver, CUDA version and per-GPU name, UUID and memory from `nvidia-smi -q`."""
    result: dict = {"driver_version": None, "cuda_version": None, "gpus": []}
    section = ""
    for line in text.splitlines():
        if not line.strip():
            continue
        if _SMI_GPU_HEADER.match(line):  # "GPU 00000000:00:07.0": the bus id has colons
            result["gpus"].append({})
            continue
        if ":" not in line:
            section = line.strip()
            continue
        key, _, value = (part.strip() for part in line.partition(":"))
        if key == "Driver Version" and not result["gpus"]:
            result["driver_version"] = value
        elif key == "CUDA Version" and not result["gpus"]:
            result["cuda_version"] = parse_cuda_version(value)
        elif result["gpus"]:
            gpu = result["gpus"][-1]
            if key == "Product Name":
                gpu["name"] = value
            elif key == "GPU UUID":
                gpu["uuid"] = value
            elif key == "Total" and section == "FB Memory Usage":
                gpu["memory_total_mib"] = int(value.split()[0])
    return result


def parse_smi_query(text: str) -> list[dict]:
    """Rows of `nvidia-smi --query-gpu=<SMI_QUERY_FIELDS> --format=csv,noheader,nounits`."""
    rows = []
    for line in text.splitlines():
        cells = [cell.strip() for cell in line.split(",")]
        if len(cells) < 5:
            continue
        major, _, minor = cells[1].partition(".")
        rows.append(
            {
                "name": cells[0],
                "capability": (int(major), int(minor or 0)) if major.isdigit() else None,
                "driver_version": cells[2],
                "memory_total_mib": int(float(cells[3])) if cells[3][:1].isdigit() else None,
                "uuid": cells[4],
            }
        )
    return rows


_CUOBJDUMP_ENTRY = re.compile(r"^(ELF|PTX) file\s+\d+:\s*\S*?\bsm_(\d+[af]?)\.(?:cubin|ptx)\s*$")


def parse_cuobjdump(text: str) -> dict:
    """The distinct kernels in `cuobjdump --list-elf --list-ptx`, named as fatbin.py names them."""
    sass: set[str] = set()
    ptx: set[str] = set()
    for line in text.splitlines():
        match = _CUOBJDUMP_ENTRY.match(line.strip())
        if match:
            (sass if match.group(1) == "ELF" else ptx).add(match.group(2))

    def by_number(arch: str) -> tuple[int, str]:
        digits = re.match(r"\d+", arch)
        assert digits is not None, "_CUOBJDUMP_ENTRY only captures names that start with digits"
        return int(digits.group()), arch

    return {
        "sass": [f"sm_{a}" for a in sorted(sass, key=by_number)],
        "ptx": [f"compute_{a}" for a in sorted(ptx, key=by_number)],
    }


def compare_snapshot(snapshot, smi_q: dict, smi_rows: list[dict]) -> list[Difference]:
    """Every field where the app's NVML snapshot disagrees with nvidia-smi."""
    diffs = []
    if snapshot.driver_version != smi_q.get("driver_version"):
        diffs.append(
            Difference("driver_version", snapshot.driver_version, smi_q.get("driver_version"))
        )
    if snapshot.cuda_driver_version != smi_q.get("cuda_version"):
        diffs.append(
            Difference(
                "cuda_driver_version", snapshot.cuda_driver_version, smi_q.get("cuda_version")
            )
        )
    if len(snapshot.gpus) != len(smi_q.get("gpus", [])):
        diffs.append(Difference("gpu_count", len(snapshot.gpus), len(smi_q.get("gpus", []))))
    for index, gpu in enumerate(snapshot.gpus):
        ref = smi_q["gpus"][index] if index < len(smi_q.get("gpus", [])) else {}
        row = smi_rows[index] if index < len(smi_rows) else {}
        checks = [
            ("name", gpu.name, ref.get("name")),
            ("uuid", gpu.uuid, ref.get("uuid")),
            ("memory_total_mib", (gpu.memory_total_bytes or 0) // MIB, ref.get("memory_total_mib")),
            ("capability", gpu.capability, row.get("capability")),
        ]
        for field, app, reference in checks:
            if reference is not None and app != reference:
                diffs.append(Difference(f"gpu[{index}].{field}", app, reference))
    return diffs


def compare_kernels(kernels, cuobjdump: dict) -> list[Difference]:
    """Where the kernel reader's list differs from cuobjdump's."""
    diffs = []
    app_ptx = [name.split(" ")[0] for name in kernels.ptx]
    for field, app, reference in (
        ("sass", list(kernels.sass), cuobjdump["sass"]),
        ("ptx", app_ptx, cuobjdump["ptx"]),
    ):
        if sorted(app) != sorted(reference):
            diffs.append(Difference(f"kernels.{field}", app, reference))
    return diffs


def time_probe(calls: int = 300) -> dict:
    """Per-call cost of NvmlProbe.snapshot(), which the GPU panel calls every second."""
    from carevoice.gpu.nvml import open_probe

    with open_probe() as probe:
        probe.snapshot()  # the first call opens NVML and reads the fixed facts
        samples = []
        for _ in range(calls):
            started = time.perf_counter()
            probe.snapshot()
            samples.append((time.perf_counter() - started) * 1e6)
    samples.sort()
    return {
        "calls": calls,
        "median_us": round(statistics.median(samples), 1),
        "p95_us": round(samples[int(calls * 0.95) - 1], 1),
        "max_us": round(samples[-1], 1),
    }


def profile_from_run(snapshot, libraries: list, preflight, recorded_from: str) -> dict:
    """The real run as a CAREVOICE_FAKE_GPU profile (see fake.py)."""
    gpu = snapshot.gpus[0] if snapshot.gpus else None
    preflight_dict = preflight.to_dict() if preflight is not None else None
    if preflight_dict:
        for volatile in ("cached", "key", "stderr_tail"):
            preflight_dict.pop(volatile, None)
    return {
        "description": (
            f"{gpu.name} (compute capability {'.'.join(map(str, gpu.capability))}) "
            f"with driver {snapshot.driver_version}, recorded by scripts/gpu-check."
            if gpu
            else "No GPU, recorded by scripts/gpu-check."
        ),
        "recorded_from": recorded_from,
        "snapshot": snapshot.to_dict(),
        "cuda_libraries": {
            lib.name: {
                k: v for k, v in lib.to_dict().items() if k in ("found", "path", "source", "error")
            }
            for lib in libraries
        },
        "preflight": preflight_dict,
    }


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace") if path.is_file() else ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="carevoice.gpu.crosscheck")
    parser.add_argument(
        "--out",
        type=Path,
        required=True,
        help="the folder where scripts/gpu-check saved the tools' output",
    )
    parser.add_argument("--model", required=True, help="model folder for the forced preflight")
    parser.add_argument("--recorded-from", default="a real run of scripts/gpu-check")
    args = parser.parse_args(argv)

    from carevoice.gpu.cudalibs import check_cuda_libraries
    from carevoice.gpu.decision import planned_cuda_compute_type
    from carevoice.gpu.fatbin import engine_kernel_archs
    from carevoice.gpu.nvml import probe_gpus
    from carevoice.gpu.preflight import run_preflight

    snapshot = probe_gpus()
    kernels = engine_kernel_archs()
    libraries = check_cuda_libraries()
    gpu = snapshot.gpus[0] if snapshot.gpus else None
    compute_type, _ = planned_cuda_compute_type(gpu.capability if gpu else None)
    # Forced and uncached, even where doctor skipped it (cuBLAS missing): the point is to
    # see what the engine really does on this GPU.
    preflight = run_preflight(
        args.model, compute_type, key_facts={"forced": time.time()}, use_cache=False
    )
    diffs = compare_snapshot(
        snapshot,
        parse_nvidia_smi_q(_read(args.out / "nvidia-smi-q.txt")),
        parse_smi_query(_read(args.out / "nvidia-smi-query.csv")),
    )
    cuobjdump_text = _read(args.out / "cuobjdump.txt")
    if cuobjdump_text.strip():
        diffs += compare_kernels(kernels, parse_cuobjdump(cuobjdump_text))
    timing = time_probe()
    result = {
        "differences": [asdict(d) | {"text": str(d)} for d in diffs],
        "kernels_checked_against_cuobjdump": bool(cuobjdump_text.strip()),
        "preflight": preflight.to_dict(),
        "nvml_probe_timing": timing,
        "libraries": [lib.to_dict() for lib in libraries],
    }
    (args.out / "crosscheck.json").write_text(json.dumps(result, indent=2, default=str))
    profile = profile_from_run(snapshot, libraries, preflight, args.recorded_from)
    (args.out / "profile.json").write_text(json.dumps(profile, indent=2, default=str))

    print(
        f"Preflight on {gpu.name if gpu else 'no GPU'} with {compute_type}: "
        f"{preflight.status} — {preflight.message}"
    )
    print(
        f"  compute types on cuda: {', '.join(preflight.compute_types) or 'none'}; "
        f"model loaded: {preflight.model_loaded}"
    )
    print(f"NVML probe: median {timing['median_us']} µs, p95 {timing['p95_us']} µs per call")
    print(
        f"Compared with nvidia-smi{' and cuobjdump' if cuobjdump_text.strip() else ''}: "
        f"{len(diffs)} difference(s)"
    )
    for diff in diffs:
        print(f"  DIFFERENCE {diff}")
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main())
