"""`care-voice doctor` tells the truth on this machine and under every fake GPU profile."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest


def doctor(*args, fake: str | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "CAREVOICE_FAKE_GPU"}
    if fake:
        env["CAREVOICE_FAKE_GPU"] = fake
    return subprocess.run(
        [sys.executable, "-m", "carevoice", "doctor", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_this_machine_has_no_driver_so_it_runs_on_the_cpu_and_says_why():
    result = doctor("--json")
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)
    health = report["health"]
    assert (health["gpu_acceleration"], health["device"], health["compute_type"]) == (
        False,
        "cpu",
        "int8",
    )
    assert "No NVIDIA GPU found" in health["reason"] and "driver" in health["reason"]
    assert report["gpu"]["state"] == "no-driver"
    kernels = report["engine_kernels"]
    assert kernels["status"] == "ok" and "sm_86" in kernels["sass"]
    assert kernels["path"].endswith(".so.4.8.5") or "ctranslate2" in kernels["path"]
    for key in ("system", "verdict", "libraries", "preflight", "decision", "models"):
        assert key in report


@pytest.mark.parametrize(
    ("profile", "status", "device", "compute_type", "words"),
    [
        ("rtx5070ti", 0, "cuda", "float16", ["PTX compute_86", "12.0"]),
        ("rtx4090", 0, "cuda", "float16", ["natively", "sm_86"]),
        ("h100", 1, "cpu", "int8", ["libcublas.so.12", "nvidia-cublas-cu12"]),
        ("h200", 1, "cpu", "int8", ["libcublas.so.12", "nvidia-cublas-cu12"]),
        ("gtx960", 1, "cpu", "int8", ["5.2", "no kernel image"]),
        ("none", 1, "cpu", "int8", ["No NVIDIA GPU found"]),
    ],
)
def test_every_fake_profile(profile, status, device, compute_type, words):
    result = doctor("--json", fake=profile)
    assert result.returncode == status, result.stdout + result.stderr
    report = json.loads(result.stdout)
    assert report["health"]["device"] == device
    assert report["health"]["compute_type"] == compute_type
    assert report["health"]["gpu_acceleration"] is (status == 0)
    text = doctor(fake=profile).stdout
    for word in words:
        assert word in text, text


def test_gpu_only_without_a_usable_gpu_cannot_transcribe():
    result = doctor("--gpu-only", fake="gtx960")
    assert result.returncode == 2
    assert "GPU only" in result.stdout and "REFUSED" in result.stdout


def test_cpu_by_choice():
    result = doctor("--json", "--device", "cpu", fake="rtx4090")
    assert result.returncode == 1
    assert json.loads(result.stdout)["health"]["summary"] == "CPU · int8 — chosen in settings"


def test_a_bad_fake_profile_is_explained():
    result = doctor(fake="rtx9999")
    assert result.returncode == 2
    assert "rtx5070ti" in result.stdout and "Traceback" not in result.stderr
