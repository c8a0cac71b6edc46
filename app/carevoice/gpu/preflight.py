"""The GPU preflight: first GPU use happens in a child process, so a CUDA abort cannot kill the app.

The child (carevoice.gpu.preflight_child) loads a small model on the GPU and encodes one
second of silence. Its answer is cached per machine state (driver, engine, GPU, libraries,
compute type) in the user's cache folder, so the check runs once, not at every start.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from carevoice.gpu.cuda_errors import explain_cuda_error, known_explanation
from carevoice.phrases import Phrase, joined

CACHE_FILE = "preflight.json"
CACHE_VERSION = 1
MAX_CACHE_ENTRIES = 16
STDERR_TAIL_LINES = 20
STATUSES = ("ok", "failed", "crashed", "timeout", "skipped")

# Windows exit codes of crashed processes (NTSTATUS), for plain messages.
_WINDOWS_CRASHES = {
    0xC0000005: "access violation",
    0xC0000409: "stack buffer overrun",
    0xC000001D: "illegal instruction",
    0xC00000FD: "stack overflow",
}


@dataclass
class PreflightResult:
    """What the GPU check found, in plain words, and whether it came from the cache."""

    status: str  # one of STATUSES
    message: str
    device_count: int = 0
    compute_types: list[str] = field(default_factory=list)
    model_loaded: bool = False
    compute_type: str | None = None
    seconds: float = 0.0
    stderr_tail: str = ""
    cached: bool = False
    key: str = ""
    error: str | None = None  # the engine's own error text, for the log
    load_s: float | None = None
    encode_s: float | None = None

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> PreflightResult:
        known = cls.__dataclass_fields__
        values = {k: v for k, v in data.items() if k in known}
        values.setdefault("message", "")
        values["compute_types"] = list(values.get("compute_types") or [])
        return cls(**values)

    @classmethod
    def skipped(cls, message: str, key: str = "") -> PreflightResult:
        return cls("skipped", message, key=key)


# -- running the child --------------------------------------------------------------------


def child_command(
    model_dir: str | os.PathLike, compute_type: str, device_index: int = 0
) -> list[str]:
    """The command that runs the preflight child with this Python (or this bundle)."""
    args = [
        "--model",
        str(model_dir),
        "--compute-type",
        compute_type,
        "--device-index",
        str(device_index),
    ]
    if getattr(sys, "frozen", False):
        return [sys.executable, "--gpu-preflight-child", *args]
    return [sys.executable, "-m", "carevoice.gpu.preflight_child", *args]


def preflight_key(
    model_dir: str | os.PathLike, compute_type: str, key_facts: dict, device_index: int = 0
) -> str:
    """sha256 of everything the answer depends on; a changed fact means a fresh check."""
    payload = {
        "version": CACHE_VERSION,
        "model": str(Path(model_dir).resolve()),
        "compute_type": compute_type,
        "device_index": device_index,
        "facts": key_facts,
    }
    text = json.dumps(payload, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def run_preflight(
    model_dir: str | os.PathLike,
    compute_type: str,
    *,
    key_facts: dict,
    timeout_s: float = 90,
    use_cache: bool = True,
    command: list[str] | None = None,
    device_index: int = 0,
) -> PreflightResult:
    """Run the GPU check in a child process (or answer from the cache or the fake GPU).

    `command` replaces the child, for tests. ok, failed and crashed answers are cached;
    a timeout is not, since a busy machine may do better next time. The first check on a
    GPU the engine runs through PTX compiles kernels and can take a minute.
    """
    from carevoice.gpu.fake import active_fake

    key = preflight_key(model_dir, compute_type, key_facts, device_index)
    fake = active_fake()
    if fake is not None and fake.preflight is not None:
        return _fake_result(fake.preflight, compute_type, key)
    if use_cache:
        cached = _read_cache().get(key)
        if cached is not None:
            result = PreflightResult.from_dict(cached["result"])
            result.cached, result.key = True, key
            _retranslatable(result)
            return result
    result = _run_child(
        command or child_command(model_dir, compute_type, device_index), compute_type, timeout_s
    )
    result.key = key
    if result.status in ("ok", "failed", "crashed"):
        _write_cache(key, result)
    return result


def _run_child(command: list[str], compute_type: str, timeout_s: float) -> PreflightResult:
    started = time.monotonic()
    popen_args: dict = {
        "stdout": subprocess.PIPE,
        "stderr": subprocess.PIPE,
        "text": True,
        "encoding": "utf-8",
        "errors": "replace",
        "stdin": subprocess.DEVNULL,
    }
    if sys.platform == "win32":
        popen_args["creationflags"] = (
            subprocess.CREATE_NEW_PROCESS_GROUP | subprocess.CREATE_NO_WINDOW
        )
    else:
        popen_args["start_new_session"] = True  # so a timeout can kill its whole group
    try:
        process = subprocess.Popen(command, **popen_args)
    except OSError as exc:
        return PreflightResult(
            "crashed",
            Phrase("The GPU check could not start: {error}.", error=str(exc)),
            compute_type=compute_type,
            error=str(exc),
        )
    try:
        stdout, stderr = process.communicate(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        _kill(process)
        try:
            stdout, stderr = process.communicate(timeout=5)
        except subprocess.TimeoutExpired:  # something outside its group holds the pipes
            stdout, stderr = "", ""
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=5)
        return PreflightResult(
            "timeout",
            Phrase(
                "The GPU check did not finish within {seconds} seconds and was "
                "stopped. The GPU may be busy, or the driver stuck.",
                seconds=f"{timeout_s:g}",
            ),
            compute_type=compute_type,
            seconds=round(time.monotonic() - started, 3),
            stderr_tail=_tail(stderr),
        )
    result = _interpret(process.returncode, stdout, stderr, compute_type)
    result.seconds = round(time.monotonic() - started, 3)
    return result


def _kill(process: subprocess.Popen) -> None:
    try:
        if sys.platform == "win32":
            process.kill()
        else:
            os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        process.kill()


def _tail(text: str | None, lines: int = STDERR_TAIL_LINES) -> str:
    return "\n".join((text or "").rstrip().splitlines()[-lines:])


def _last_report(stdout: str) -> dict | None:
    for line in reversed((stdout or "").splitlines()):
        try:
            data = json.loads(line)
        except ValueError:
            continue
        if isinstance(data, dict) and "ok" in data:
            return data
    return None


def _exit_words(returncode: int) -> str:
    if returncode < 0:
        try:
            return f"signal {signal.Signals(-returncode).name}"
        except ValueError:
            return f"signal {-returncode}"
    code = returncode & 0xFFFFFFFF
    if code in _WINDOWS_CRASHES:
        return f"exit code {code:#010X}, {_WINDOWS_CRASHES[code]}"
    return f"exit code {returncode}"


def _interpret(returncode: int, stdout: str, stderr: str, compute_type: str) -> PreflightResult:
    report = _last_report(stdout)
    tail = _tail(stderr)
    result = PreflightResult("failed", "", compute_type=compute_type, stderr_tail=tail)
    if report is not None:
        result.device_count = int(report.get("device_count") or 0)
        result.compute_types = list(report.get("compute_types") or [])
        result.model_loaded = bool(report.get("model_loaded"))
        result.compute_type = report.get("compute_type") or compute_type
        result.error = report.get("error")
        result.load_s, result.encode_s = report.get("load_s"), report.get("encode_s")
    if returncode != 0:
        result.status = "crashed"
        known = known_explanation((result.error or "") + "\n" + (stderr or ""))
        if report is not None and report.get("ok"):
            crashed = Phrase(
                "The GPU check finished its work but then crashed ({how}).",
                how=_exit_words(returncode),
            )
        else:
            crashed = Phrase("The GPU check crashed ({how}).", how=_exit_words(returncode))
        result.message = joined(crashed, known or "")
        return result
    if report is None:
        result.error = _tail(stdout, 5)
        result.message = Phrase(
            "The GPU check gave an answer Care Voice could not read, so the GPU is not trusted."
        )
        return result
    if not report.get("ok"):
        result.message = explain_cuda_error(result.error or "")
        return result
    result.status = "ok"
    result.message = _ok_message(result)
    return result


def _ok_message(result: PreflightResult) -> str:
    if result.encode_s is None:
        return Phrase(
            "The GPU loaded a model and ran it with {compute_type}.",
            compute_type=result.compute_type,
        )
    return Phrase(
        "The GPU loaded a model and ran it with {compute_type} (encoding took {seconds} s).",
        compute_type=result.compute_type,
        seconds=f"{result.encode_s:.2f}",
    )


def _retranslatable(result: PreflightResult) -> None:
    """The cache holds the message as English text; where the same sentence can be made
    again from the stored facts, use that Phrase, so the interface can translate it."""
    if result.status == "ok":
        again = _ok_message(result)
    elif result.status == "failed":
        again = explain_cuda_error(result.error or "")
    else:
        return
    if again == result.message:
        result.message = again


def _fake_result(answer: dict, compute_type: str, key: str) -> PreflightResult:
    """The fake profile's answer, as the real check would give it for `compute_type`."""
    result = PreflightResult.from_dict(answer)
    result.key, result.cached = key, False
    if result.status == "skipped":
        return result
    result.compute_type = compute_type
    if result.ok and result.compute_types and compute_type not in result.compute_types:
        # What ctranslate2 itself raises for a compute type the GPU lacks.
        result.status = "failed"
        result.error = (
            f"Requested {compute_type} compute type, but the target device or "
            f"backend do not support efficient {compute_type} computation."
        )
    if result.status == "failed" and result.error:
        result.message = explain_cuda_error(result.error)
    elif not result.message:
        result.message = _ok_message(result) if result.ok else explain_cuda_error("")
    return result


# -- the cache ----------------------------------------------------------------------------


def _cache_path() -> Path:
    from carevoice.paths import cache_dir

    return cache_dir() / CACHE_FILE


def _read_cache() -> dict[str, dict]:
    """{key: {"saved_at": time, "result": PreflightResult dict}}; unreadable means empty."""
    try:
        data = json.loads(_cache_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("version") != CACHE_VERSION:
        return {}
    entries = data.get("entries")
    if not isinstance(entries, dict):
        return {}
    return {
        k: v
        for k, v in entries.items()
        if isinstance(v, dict) and isinstance(v.get("result"), dict)
    }


def _write_cache(key: str, result: PreflightResult) -> None:
    from carevoice.fileio import atomic_write_text

    path = _cache_path()
    entries = _read_cache()
    record = result.to_dict()
    record["cached"] = False
    entries[key] = {"saved_at": time.time(), "result": record}
    newest = sorted(entries.items(), key=lambda kv: float(kv[1].get("saved_at") or 0), reverse=True)
    data = {"version": CACHE_VERSION, "entries": dict(newest[:MAX_CACHE_ENTRIES])}
    # 0600: the cache names the machine's GPU and folders. Failing to write it only means
    # the check runs again next time.
    with contextlib.suppress(OSError):
        atomic_write_text(path, json.dumps(data, indent=1), mode=0o600)
