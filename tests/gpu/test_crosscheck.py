"""scripts/gpu-check's comparison, on the outputs of a real run on an H200 (tests/data/gpu)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from carevoice.gpu import crosscheck
from carevoice.gpu.fake import load_profile
from carevoice.gpu.fatbin import KernelArchs, engine_kernel_archs

REAL_RUN = Path(__file__).resolve().parents[1] / "data" / "gpu" / "h200-real"


def real(name: str) -> str:
    return (REAL_RUN / name).read_text(encoding="utf-8")


@pytest.fixture
def h200_snapshot():
    return load_profile("h200").snapshot


def test_nvidia_smi_q_is_parsed():
    parsed = crosscheck.parse_nvidia_smi_q(real("nvidia-smi-q.txt"))
    assert parsed["driver_version"] == "580.159.04"
    assert parsed["cuda_version"] == 13000
    assert parsed["gpus"] == [
        {
            "name": "NVIDIA H200",
            "memory_total_mib": 143771,
            "uuid": "GPU-fbc0722d-5213-b4ed-df49-eb4c9b8cbf7c",
        }
    ]


def test_nvidia_smi_query_is_parsed():
    rows = crosscheck.parse_smi_query(real("nvidia-smi-query.csv"))
    assert rows == [
        {
            "name": "NVIDIA H200",
            "capability": (9, 0),
            "driver_version": "580.159.04",
            "memory_total_mib": 143771,
            "uuid": "GPU-fbc0722d-5213-b4ed-df49-eb4c9b8cbf7c",
        }
    ]


def test_cuobjdump_listing_is_parsed():
    listed = crosscheck.parse_cuobjdump(real("cuobjdump.txt"))
    assert listed == {
        "sass": ["sm_53", "sm_60", "sm_61", "sm_70", "sm_75", "sm_80", "sm_86"],
        "ptx": ["compute_86"],
    }


def test_the_recorded_snapshot_agrees_with_nvidia_smi(h200_snapshot):
    smi = crosscheck.parse_nvidia_smi_q(real("nvidia-smi-q.txt"))
    rows = crosscheck.parse_smi_query(real("nvidia-smi-query.csv"))
    assert crosscheck.compare_snapshot(h200_snapshot, smi, rows) == []


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"name": "NVIDIA H100 80GB HBM3"}, "gpu[0].name"),
        ({"capability": (8, 6)}, "gpu[0].capability"),
        ({"memory_total_bytes": 80 * 2**30}, "gpu[0].memory_total_mib"),
        ({"uuid": "GPU-0000"}, "gpu[0].uuid"),
    ],
)
def test_a_wrong_gpu_field_is_reported(h200_snapshot, change, field):
    snapshot = replace(h200_snapshot, gpus=[replace(h200_snapshot.gpus[0], **change)])
    diffs = crosscheck.compare_snapshot(
        snapshot,
        crosscheck.parse_nvidia_smi_q(real("nvidia-smi-q.txt")),
        crosscheck.parse_smi_query(real("nvidia-smi-query.csv")),
    )
    assert [d.field for d in diffs] == [field]
    assert "NVIDIA's tool says" in str(diffs[0])


def test_a_wrong_driver_or_cuda_version_is_reported(h200_snapshot):
    smi = crosscheck.parse_nvidia_smi_q(real("nvidia-smi-q.txt"))
    wrong = replace(h200_snapshot, driver_version="570.1", cuda_driver_version=12080)
    assert {d.field for d in crosscheck.compare_snapshot(wrong, smi, [])} == {
        "driver_version",
        "cuda_driver_version",
    }


def test_the_kernel_reader_agrees_with_cuobjdump_on_the_same_engine():
    kernels = engine_kernel_archs()
    listed = crosscheck.parse_cuobjdump(real("cuobjdump.txt"))
    from importlib.metadata import version

    if version("ctranslate2") != "4.8.5":
        pytest.skip("the recorded cuobjdump listing is of ctranslate2 4.8.5")
    assert crosscheck.compare_kernels(kernels, listed) == []
    fewer = KernelArchs(
        kernels.path,
        kernels.status,
        kernels.reason,
        tuple(e for e in kernels.entries if e.name != "sm_61"),
        kernels.containers,
        kernels.format,
    )
    assert [d.field for d in crosscheck.compare_kernels(fewer, listed)] == ["kernels.sass"]


def test_the_real_run_as_a_profile_gives_the_same_decision():
    """Regression: the H200 profile reproduces what doctor said on the real machine."""
    recorded = json.loads(real("doctor.json"))
    result = subprocess.run(
        [sys.executable, "-m", "carevoice", "doctor", "--json"],
        capture_output=True,
        text=True,
        env={**os.environ, "CAREVOICE_FAKE_GPU": "h200"},
    )
    assert result.returncode == 1, result.stderr
    now = json.loads(result.stdout)
    for key in ("gpu_acceleration", "device", "compute_type", "can_transcribe"):
        assert now["health"][key] == recorded["health"][key]
    assert now["verdict"]["verdict"] == recorded["verdict"]["verdict"] == "ptx-jit"
    assert now["verdict"]["kernel"] == "compute_86"
    assert "libcublas.so.12" in now["health"]["reason"]
    assert "pip install nvidia-cublas-cu12" in now["health"]["reason"]
    assert now["gpu"]["gpus"][0]["name"] == recorded["gpu"]["gpus"][0]["name"]


def test_the_recorded_preflight_failed_on_cublas_after_loading_the_model():
    preflight = json.loads(real("crosscheck.json"))["preflight"]
    assert preflight["model_loaded"] and preflight["status"] == "failed"
    assert "float16" in preflight["compute_types"]
    assert preflight["error"] == "Library libcublas.so.12 is not found or cannot be loaded"
