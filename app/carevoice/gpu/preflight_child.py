"""The GPU preflight's child process: load a model on the GPU, encode one second, print JSON.

Run as `python -m carevoice.gpu.preflight_child --model DIR --compute-type CT` (or, in a
bundle, `care-voice --gpu-preflight-child ...`). It prints exactly one JSON line on stdout:
{ok, device_count, compute_types, model_loaded, compute_type, encode_s, load_s, error}.
Errors it can catch are reported there with exit status 0; a CUDA or cuBLAS abort kills
this process instead of the app, which is the point of running it separately.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="carevoice.gpu.preflight_child")
    parser.add_argument("--model", required=True, help="a CTranslate2 Whisper model folder")
    parser.add_argument("--compute-type", required=True)
    parser.add_argument("--device-index", type=int, default=0)
    # "cpu" exercises every step without a GPU; the tests use it on machines without one.
    parser.add_argument("--device", choices=("cuda", "cpu"), default="cuda")
    return parser.parse_args(argv)


def _check(args: argparse.Namespace, report: dict) -> None:
    from carevoice.gpu.cudalibs import make_pip_nvidia_libs_loadable

    make_pip_nvidia_libs_loadable()
    import ctranslate2
    import numpy as np

    report["device_count"] = ctranslate2.get_cuda_device_count()
    # Without a working driver this raises "CUDA driver version is insufficient ...".
    report["compute_types"] = sorted(ctranslate2.get_supported_compute_types(args.device))
    if args.device == "cuda" and report["device_count"] == 0:
        raise RuntimeError("CUDA failed with error no CUDA-capable device is detected")
    if args.device == "cuda" and not 0 <= args.device_index < report["device_count"]:
        raise RuntimeError(
            f"There is no GPU number {args.device_index}; {report['device_count']} found."
        )
    if not os.path.isdir(args.model):
        # WhisperModel would take a missing folder for a hub name and try to download it.
        raise FileNotFoundError(f"The model folder {args.model} does not exist.")

    # ctranslate2 directly, not faster-whisper: the child then needs only the engine
    # (no PyAV), starts faster, and can run where only the engine's wheel was carried.
    started = time.perf_counter()
    model = ctranslate2.models.Whisper(
        args.model,
        device=args.device,
        device_index=args.device_index,
        compute_type=args.compute_type,
        intra_threads=1,
    )
    report["load_s"] = round(time.perf_counter() - started, 4)
    report["model_loaded"] = True

    # Whisper's log-mel of one second of silence, padded to 30 s, is the constant
    # (log10(1e-10) + 4) / 4 = -1.5 in every bin and frame.
    features = np.full((1, model.n_mels, 3000), -1.5, dtype=np.float32)
    batch = ctranslate2.StorageView.from_array(features)
    started = time.perf_counter()
    output = model.encode(batch, to_cpu=True)
    try:
        values = np.asarray(output)
    except (TypeError, ValueError, RuntimeError):  # bfloat16 has no numpy type
        values = None
    report["encode_s"] = round(time.perf_counter() - started, 4)
    if values is not None and not np.isfinite(values).all():
        raise RuntimeError(
            f"The encoder produced invalid numbers (NaN or infinity) with {args.compute_type}."
        )


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    report = {
        "ok": False,
        "device_count": 0,
        "compute_types": [],
        "model_loaded": False,
        "compute_type": args.compute_type,
        "encode_s": None,
        "load_s": None,
        "error": None,
    }
    json_out = sys.stdout
    sys.stdout = sys.stderr  # whatever a library prints must not corrupt the JSON line
    try:
        _check(args, report)
        report["ok"] = True
    except Exception as exc:
        report["error"] = str(exc) or type(exc).__name__
    finally:
        sys.stdout = json_out
    json_out.write(json.dumps(report) + "\n")
    json_out.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
