"""NvmlProbe against the real NVML of this machine and against recorded fake GPUs."""

from __future__ import annotations

import json
import os
import time
from types import SimpleNamespace

import pynvml
import pytest

from carevoice.gpu.fake import (
    FAKE_ENV,
    PROFILE_NAMES,
    FakeGpuError,
    FakeNvml,
    active_fake,
    load_profile,
)
from carevoice.gpu.nvml import NvmlProbe, probe_gpus
from carevoice.gpu.snapshot import STATES, GpuInfo, GpuProcess, GpuSnapshot


def raising(error_class):
    def call(*_args, **_kwargs):
        raise error_class()

    return call


def fake_nvml(profile: str = "rtx4090") -> FakeNvml:
    return load_profile(profile).nvml()


def two_gpus() -> GpuSnapshot:
    snapshot = load_profile("rtx4090").snapshot
    second = GpuInfo.from_dict(
        {
            **snapshot.gpus[0].to_dict(),
            "index": 1,
            "name": "NVIDIA GeForce RTX 3060",
            "capability": [8, 6],
        }
    )
    snapshot.gpus.append(second)
    return snapshot


# -- the real NVML ----------------------------------------------------------------------


def test_real_probe_never_raises_and_names_the_state():
    snapshot = probe_gpus()
    assert snapshot.state in STATES
    assert snapshot.source == "nvml"
    assert abs(snapshot.taken_at - time.time()) < 60
    try:
        pynvml.nvmlInit()
    except pynvml.NVMLError_LibraryNotFound:
        # This build machine: no NVIDIA driver at all.
        assert snapshot.state == "no-driver"
        assert snapshot.message == (
            "No NVIDIA driver is installed (the NVML library could not be found)."
        )
        assert snapshot.gpus == [] and snapshot.driver_version is None
    else:
        pynvml.nvmlShutdown()
        assert snapshot.state == "ok", snapshot.message
        assert snapshot.gpus and snapshot.gpus[0].capability is not None
        assert snapshot.gpus[0].memory_total_bytes > 0


# -- the fake profiles --------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, total, capability, limit_w, driver, cuda",
    [
        ("rtx5070ti", 17094934528, (12, 0), 300.0, "576.88", 12090),
        ("rtx4090", 25757220864, (8, 9), 450.0, "570.172.08", 12080),
        ("h100", 85520809984, (9, 0), 700.0, "580.159.04", 13000),
        ("gtx960", 4294967296, (5, 2), 120.0, "580.95.05", 13000),
    ],
)
def test_profiles_hold_the_real_hardware_values(name, total, capability, limit_w, driver, cuda):
    fake = load_profile(name)
    gpu = fake.snapshot.gpus[0]
    assert (gpu.memory_total_bytes, gpu.capability, gpu.power_limit_w) == (
        total,
        capability,
        limit_w,
    )
    assert gpu.memory_used_bytes + gpu.memory_free_bytes == total
    assert (fake.snapshot.driver_version, fake.snapshot.cuda_driver_version) == (driver, cuda)
    assert fake.description and fake.recorded_from


def test_the_none_profile_is_a_machine_without_a_driver():
    fake = load_profile("none")
    assert fake.snapshot.state == "no-driver" and fake.snapshot.gpus == []


@pytest.mark.parametrize("name", PROFILE_NAMES)
def test_probe_reads_each_profile_exactly_as_recorded(name):
    fake = load_profile(name)
    with NvmlProbe(fake.nvml(), source=f"fake:{name}") as probe:
        snapshot = probe.snapshot()
    expected, got = fake.snapshot.to_dict(), snapshot.to_dict()
    expected.pop("taken_at"), got.pop("taken_at")
    assert got == expected


@pytest.mark.parametrize("name", PROFILE_NAMES)
def test_snapshot_survives_json(name):
    snapshot = load_profile(name).snapshot
    again = GpuSnapshot.from_dict(json.loads(json.dumps(snapshot.to_dict())))
    assert again == snapshot
    if again.gpus:
        assert isinstance(again.gpus[0].capability, tuple)
        assert all(isinstance(p, GpuProcess) for p in again.gpus[0].other_processes)


def test_from_dict_ignores_fields_it_does_not_know():
    data = load_profile("rtx4090").snapshot.to_dict()
    data["gpus"][0]["fan_pct"] = 30
    assert GpuSnapshot.from_dict(data).gpus[0].name == "NVIDIA GeForce RTX 4090"


def test_no_fake_when_the_variable_is_unset(monkeypatch):
    monkeypatch.delenv(FAKE_ENV, raising=False)
    assert active_fake() is None
    monkeypatch.setenv(FAKE_ENV, "  ")
    assert active_fake() is None


def test_probe_gpus_honours_the_fake(monkeypatch):
    monkeypatch.setenv(FAKE_ENV, "h100")
    snapshot = probe_gpus()
    assert snapshot.source == "fake:h100"
    assert snapshot.gpus[0].name == "NVIDIA H100 80GB HBM3"
    assert snapshot.gpus[0].capability == (9, 0)


def test_unknown_profile_name_lists_the_valid_ones(monkeypatch):
    monkeypatch.setenv(FAKE_ENV, "rtx9090")
    with pytest.raises(FakeGpuError) as caught:
        active_fake()
    assert isinstance(caught.value, ValueError)
    for name in PROFILE_NAMES:
        assert name in str(caught.value)


def test_profile_from_a_json_file(tmp_path, monkeypatch):
    data = json.loads(load_profile("rtx4090").path.read_text())
    data["snapshot"]["gpus"][0]["name"] = "NVIDIA RTX A4000"
    path = tmp_path / "a4000.json"
    path.write_text(json.dumps(data))
    monkeypatch.setenv(FAKE_ENV, str(path))
    fake = active_fake()
    assert fake.name == "a4000"
    assert probe_gpus().gpus[0].name == "NVIDIA RTX A4000"


@pytest.mark.parametrize("content", ["{not json", '{"description": "no snapshot"}', "[]"])
def test_unreadable_profile_file_is_a_clear_error(tmp_path, monkeypatch, content):
    path = tmp_path / "broken.json"
    path.write_text(content)
    monkeypatch.setenv(FAKE_ENV, str(path))
    with pytest.raises(FakeGpuError, match="cannot read the profile") as caught:
        active_fake()
    assert "rtx5070ti" in str(caught.value)


def test_missing_profile_file_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv(FAKE_ENV, str(tmp_path / "nowhere.json"))
    with pytest.raises(FakeGpuError, match="nowhere.json"):
        active_fake()


# -- errors become states ---------------------------------------------------------------


@pytest.mark.parametrize(
    "error, state",
    [
        (pynvml.NVMLError_LibraryNotFound, "no-driver"),
        (pynvml.NVMLError_DriverNotLoaded, "driver-not-loaded"),
        (pynvml.NVMLError_NoPermission, "no-permission"),
        (pynvml.NVMLError_Unknown, "error"),
        (RuntimeError, "error"),
    ],
)
def test_init_errors_become_states(error, state):
    nvml = fake_nvml()
    nvml.nvmlInit = raising(error)
    snapshot = NvmlProbe(nvml).snapshot()
    assert snapshot.state == state
    assert snapshot.gpus == [] and snapshot.message


def test_a_lost_gpu_mid_run_is_reported_and_recovered_from():
    nvml = fake_nvml()
    probe = NvmlProbe(nvml, retry_s=0)
    assert probe.snapshot().state == "ok"
    working = nvml.nvmlDeviceGetMemoryInfo
    nvml.nvmlDeviceGetMemoryInfo = raising(pynvml.NVMLError_GpuIsLost)
    lost = probe.snapshot()
    assert lost.state == "gpu-lost" and lost.gpus == []
    assert "stopped responding" in lost.message
    assert nvml.calls["nvmlShutdown"] == 1  # NVML is closed after a fatal error
    nvml.nvmlDeviceGetMemoryInfo = working
    assert probe.snapshot().state == "ok"
    assert nvml.calls["nvmlInit"] == 2


def test_failed_init_is_retried_only_after_retry_s():
    nvml = fake_nvml()
    nvml.nvmlInit = raising(pynvml.NVMLError_DriverNotLoaded)
    calls = []
    original = nvml.nvmlInit
    nvml.nvmlInit = lambda: (calls.append(1), original())
    probe = NvmlProbe(nvml, retry_s=3600)
    states = {probe.snapshot().state for _ in range(5)}
    assert states == {"driver-not-loaded"} and len(calls) == 1
    probe = NvmlProbe(nvml, retry_s=0)
    for _ in range(3):
        probe.snapshot()
    assert len(calls) == 4


def test_unsupported_fields_are_none_named_and_not_asked_again():
    nvml = fake_nvml("h100")
    asked = []
    nvml.nvmlDeviceGetPowerUsage = lambda h: (
        asked.append(1),
        raising(pynvml.NVMLError_NotSupported)(),
    )[1]
    nvml.nvmlDeviceGetUtilizationRates = raising(pynvml.NVMLError_NotSupported)
    probe = NvmlProbe(nvml)
    for _ in range(5):
        snapshot = probe.snapshot()
    gpu = snapshot.gpus[0]
    assert snapshot.state == "ok"
    assert gpu.power_w is None and gpu.utilization_pct is None
    assert gpu.memory_utilization_pct is None
    assert gpu.unsupported == ["memory_utilization_pct", "power_w", "utilization_pct"]
    assert gpu.power_limit_w == 700.0 and gpu.memory_total_bytes == 85520809984
    assert len(asked) == 1


def test_a_transient_field_error_is_not_unsupported():
    nvml = fake_nvml()
    nvml.nvmlDeviceGetTemperatureV = raising(pynvml.NVMLError_Unknown)
    gpu = NvmlProbe(nvml).snapshot().gpus[0]
    assert gpu.temperature_c is None and gpu.unsupported == []


def test_no_driver_version_or_uuid_is_not_fatal():
    nvml = fake_nvml()
    nvml.nvmlSystemGetDriverVersion = raising(pynvml.NVMLError_NotSupported)
    nvml.nvmlDeviceGetUUID = raising(pynvml.NVMLError_NoPermission)
    snapshot = NvmlProbe(nvml).snapshot()
    assert snapshot.state == "ok"
    assert snapshot.driver_version is None and snapshot.gpus[0].uuid is None


def test_old_pynvml_bytes_become_text():
    nvml = fake_nvml()
    nvml.nvmlDeviceGetName = lambda h: b"NVIDIA GeForce RTX 4090"
    nvml.nvmlSystemGetDriverVersion = lambda: b"570.172.08"
    snapshot = NvmlProbe(nvml).snapshot()
    assert snapshot.gpus[0].name == "NVIDIA GeForce RTX 4090"
    assert snapshot.driver_version == "570.172.08"


def test_temperature_falls_back_on_drivers_without_the_v_call():
    nvml = fake_nvml()
    nvml.nvmlDeviceGetTemperatureV = raising(pynvml.NVMLError_FunctionNotFound)
    probe = NvmlProbe(nvml)
    assert [probe.snapshot().gpus[0].temperature_c for _ in range(3)] == [34, 34, 34]
    assert nvml.calls["nvmlDeviceGetTemperature"] == 3


# -- processes --------------------------------------------------------------------------


def test_this_process_and_the_others_are_told_apart():
    fake = load_profile("rtx4090")
    fake.snapshot.gpus[0].this_process_memory_bytes = 1_500_000_000
    gpu = NvmlProbe(fake.nvml()).snapshot().gpus[0]
    assert gpu.this_process_memory_bytes == 1_500_000_000
    assert [p.pid for p in gpu.other_processes] == [2143, 2561]
    assert gpu.other_processes[0] == GpuProcess(2143, "/usr/lib/xorg/Xorg", 301989888)
    assert os.getpid() not in [p.pid for p in gpu.other_processes]


def test_compute_and_graphics_lists_are_merged_and_names_cached():
    nvml = fake_nvml()
    me = os.getpid()
    nvml.nvmlDeviceGetComputeRunningProcesses = lambda h: [
        SimpleNamespace(pid=77, usedGpuMemory=100),
        SimpleNamespace(pid=me, usedGpuMemory=5),
    ]
    nvml.nvmlDeviceGetGraphicsRunningProcesses = lambda h: [
        SimpleNamespace(pid=77, usedGpuMemory=300),
        SimpleNamespace(pid=88, usedGpuMemory=None),
    ]
    names = []
    nvml.nvmlSystemGetProcessName = lambda pid: (names.append(pid), {77: "/usr/bin/blender"}[pid])[
        1
    ]
    probe = NvmlProbe(nvml)
    for _ in range(3):
        gpu = probe.snapshot().gpus[0]
    assert gpu.this_process_memory_bytes == 5
    assert gpu.other_processes == [
        GpuProcess(77, "/usr/bin/blender", 300),
        GpuProcess(88, "pid 88", None),
    ]
    assert sorted(names) == [77, 88]  # asked once per pid, not every second


def test_windows_hides_per_process_memory():
    gpu = NvmlProbe(fake_nvml("rtx5070ti")).snapshot().gpus[0]
    assert gpu.this_process_memory_bytes == 0
    assert {p.used_memory_bytes for p in gpu.other_processes} == {None}


def test_drivers_before_510_use_the_v2_process_calls():
    nvml = fake_nvml()
    nvml.nvmlDeviceGetComputeRunningProcesses = raising(pynvml.NVMLLibraryMismatchError)
    nvml.nvmlDeviceGetComputeRunningProcesses_v2 = lambda h: [
        SimpleNamespace(pid=4242, usedGpuMemory=1 << 20)
    ]
    nvml.nvmlSystemGetProcessName = lambda pid: "ollama"
    gpu = NvmlProbe(nvml).snapshot().gpus[0]
    assert gpu.other_processes == [GpuProcess(4242, "ollama", 1 << 20)]


# -- lifetime and cost ------------------------------------------------------------------


def test_nvml_is_opened_once_and_handles_are_reused():
    nvml = FakeNvml(two_gpus())
    with NvmlProbe(nvml) as probe:
        for _ in range(50):
            snapshot = probe.snapshot()
    assert [g.name for g in snapshot.gpus] == ["NVIDIA GeForce RTX 4090", "NVIDIA GeForce RTX 3060"]
    assert snapshot.message.startswith("2 NVIDIA GPUs: ")
    assert nvml.calls["nvmlInit"] == 1 and nvml.calls["nvmlShutdown"] == 1
    assert nvml.calls["nvmlDeviceGetHandleByIndex"] == 2
    assert nvml.calls["nvmlDeviceGetName"] == 2
    assert nvml.calls["nvmlDeviceGetMemoryInfo"] == 100
    assert nvml.initialised == 0


def test_a_closed_probe_opens_nvml_again_when_asked():
    nvml = fake_nvml()
    probe = NvmlProbe(nvml)
    probe.snapshot()
    probe.close()
    probe.close()
    assert probe.snapshot().state == "ok"
    assert (nvml.calls["nvmlInit"], nvml.calls["nvmlShutdown"]) == (2, 1)


def test_a_driver_without_gpus_is_ok_but_says_so():
    snapshot = load_profile("rtx4090").snapshot
    snapshot.gpus = []
    result = NvmlProbe(FakeNvml(snapshot)).snapshot()
    assert result.state == "ok" and result.gpus == []
    assert "reports no GPUs" in result.message
