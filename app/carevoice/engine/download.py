"""Downloading a model, only when the user asks, failing within seconds when offline."""

from __future__ import annotations

import os
import socket
from pathlib import Path

from carevoice.engine.models import add_user_model, hf_cache_dir

HUB_HOST = "huggingface.co"
# A reachable hub answers a TCP connect in well under a second; anything slower is
# treated as offline so the user gets an answer instead of a hang.
CONNECT_TIMEOUT_S = 5.0


class DownloadError(RuntimeError):
    """A download that could not happen, explained in plain words."""


def hub_reachable(host: str = HUB_HOST, timeout_s: float = CONNECT_TIMEOUT_S) -> str:
    """Empty when `host`:443 accepts a connection within `timeout_s`, else why not."""
    try:
        with socket.create_connection((host, 443), timeout=timeout_s):
            return ""
    except socket.gaierror:
        return f"the name {host} cannot be resolved (no internet connection or DNS)"
    except TimeoutError:
        return f"{host} did not answer within {timeout_s:.0f} s"
    except OSError as exc:
        return f"{host} cannot be reached ({exc.strerror or exc})"


def download_model(name: str, timeout_s: float = CONNECT_TIMEOUT_S) -> Path:
    """Fetch faster-whisper model `name` (e.g. "small") into the Hugging Face cache."""
    problem = hub_reachable(timeout_s=timeout_s)
    if problem:
        raise DownloadError(
            f"Cannot download the model '{name}': {problem}. Care Voice works offline with "
            "its bundled models; to use another one, copy its folder to this machine and run "
            "`care-voice models add FOLDER`."
        )
    os.environ.setdefault("HF_HUB_DOWNLOAD_TIMEOUT", str(int(timeout_s) * 2))
    os.environ.pop("HF_HUB_OFFLINE", None)
    from faster_whisper.utils import download_model as fw_download

    try:
        path = Path(fw_download(name, cache_dir=str(hf_cache_dir())))
    except Exception as exc:  # the hub client raises many types; the user needs one answer
        raise DownloadError(f"Downloading the model '{name}' failed: {exc}") from exc
    add_user_model(path)
    return path
