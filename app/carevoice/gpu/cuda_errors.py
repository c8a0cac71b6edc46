"""Plain words and a fix for the errors the engine, CUDA, cuBLAS and cuDNN raise.

Used by the preflight (an error in its child process) and by jobs that hit a GPU failure
at run time and fall back to the CPU.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from carevoice.phrases import Phrase


def _missing_library(match: re.Match) -> Phrase:
    from carevoice.gpu.cudalibs import install_hint, library_for

    filename = match[1]
    library = library_for(filename)
    if library is None:
        return Phrase(
            "{filename} is missing: the engine needs it to run on the GPU. Fix: install the "
            "NVIDIA CUDA 12 library that provides it.",
            filename=filename,
        )
    return Phrase(
        "{filename} ({name}) is missing: the engine needs it to run on the GPU. Fix: {hint}",
        filename=filename,
        name=library.name,
        hint=install_hint(library),
    )


def _missing_cudnn(match: re.Match) -> Phrase:
    from carevoice.gpu.cudalibs import CUDNN_8, CUDNN_9, install_hint

    library = CUDNN_8 if match[1] == "8" else CUDNN_9
    return Phrase(
        "{name} is missing or incomplete: this engine version needs it to run on the GPU. "
        "Fix: {hint}",
        name=library.name,
        hint=install_hint(library),
    )


# (pattern, plain message or function of the match), first match wins.
_EXPLANATIONS: list[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]]] = [
    (re.compile(r"Library (\S+?) is not found or cannot be loaded"), _missing_library),
    (
        re.compile(r"(?:Could not load library|Unable to load any of \{)\s*libcudnn\w*\.so\.(\d)"),
        _missing_cudnn,
    ),
    (
        re.compile(r"CUBLAS_STATUS_NOT_SUPPORTED"),
        Phrase(
            "cuBLAS cannot run this compute type on this GPU (int8 on RTX 50 series cards with "
            "ctranslate2 older than 4.7). Fix: update ctranslate2 to 4.7 or newer; on the "
            "command line, pass --compute-type float16 instead of an int8 type."
        ),
    ),
    (
        re.compile(r"CUDA driver version is insufficient"),
        Phrase(
            "No working NVIDIA driver was found, or it is older than the engine's CUDA 12 "
            "runtime needs. Fix: install or update the NVIDIA driver (version 525 or newer; 570 "
            "or newer for RTX 50 series, H100 and other cards the engine runs through PTX), then "
            "restart the computer."
        ),
    ),
    (
        re.compile(r"no CUDA-capable device is detected"),
        Phrase(
            "No NVIDIA GPU is visible to the engine. Fix: check that `nvidia-smi` lists the "
            "GPU; in a container or virtual machine, pass the GPU through; check "
            "CUDA_VISIBLE_DEVICES."
        ),
    ),
    (
        re.compile(r"no kernel image is available"),
        Phrase(
            "The engine has no GPU code for this card's architecture (cards older than compute "
            "capability 5.3, such as the GTX 900 series, are not supported). Fix: use the CPU, "
            "or a newer NVIDIA GPU."
        ),
    ),
    (
        re.compile(r"PTX was compiled with an unsupported toolchain"),
        Phrase(
            "The NVIDIA driver is too old to compile the engine's GPU code for this card (it "
            "needs a driver for CUDA 12.8 or newer). Fix: update the NVIDIA driver to version "
            "570 or newer, then restart the computer."
        ),
    ),
    (
        re.compile(
            r"Requested (\S+) compute type, but the target device or backend do not "
            r"support efficient"
        ),
        # The app has no compute type setting (the device decision picks one); only the
        # command line's --compute-type can ask for one the GPU lacks.
        lambda m: Phrase(
            "This GPU cannot run the {compute_type} compute type. Fix: let Care "
            "Voice choose the compute type; on the command line, leave out "
            "--compute-type or pass --compute-type float16 or float32.",
            compute_type=m[1],
        ),
    ),
    (
        re.compile(r"out of memory|CUBLAS_STATUS_ALLOC_FAILED", re.IGNORECASE),
        Phrase(
            "The GPU ran out of memory. Fix: close other programs using the GPU, or choose a "
            "smaller model in settings (on the command line, an int8 --compute-type also "
            "needs less memory)."
        ),
    ),
]


def known_explanation(text: str) -> str | None:
    for pattern, explanation in _EXPLANATIONS:
        match = pattern.search(text or "")
        if match:
            return explanation(match) if callable(explanation) else explanation
    return None


def explain_cuda_error(text: str) -> str:
    """Plain words and a fix for an error from the engine, CUDA or cuBLAS."""
    known = known_explanation(text)
    if known:
        return known
    first = next((line.strip() for line in (text or "").splitlines() if line.strip()), "")
    if not first:
        return Phrase("The GPU check failed without a reason.")
    return Phrase("The GPU check failed: {error}", error=first)


# Words that only errors from the GPU side contain (the engine's own texts, cuBLAS and
# cuDNN statuses, the CUDA runtime's "CUDA failed with error ...").
_GPU_ERROR_WORDS = re.compile(r"CUDA|cuBLAS|CUBLAS|cuDNN|CUDNN|libcu\w+\.so|cudart|nvrtc")


def gpu_failure_reason(error: BaseException | str) -> str | None:
    """Plain words for an error raised while a model ran on the GPU; None when the
    error did not come from the GPU (a bad file, a missing model), so it must not
    be taken as a reason to leave the GPU."""
    text = str(error)
    known = known_explanation(text)
    if known:
        return known
    if not _GPU_ERROR_WORDS.search(text):
        return None
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return Phrase("The GPU failed while running a model: {error}", error=first)
