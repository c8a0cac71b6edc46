"""Downloading a model, only when the user asks, failing within seconds when offline."""

from __future__ import annotations

import os
import socket
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from carevoice.engine.models import add_user_model, hf_cache_dir

HUB_HOST = "huggingface.co"
# A reachable hub answers in well under a second; anything slower is treated as offline
# so the user gets an answer instead of a hang.
CONNECT_TIMEOUT_S = 5.0


class DownloadError(RuntimeError):
    """A download that could not happen, explained in plain words."""


def hub_reachable(host: str = HUB_HOST, timeout_s: float = CONNECT_TIMEOUT_S) -> str:
    """Empty when https://`host`/ answers within `timeout_s` (any HTTP status will do),
    else why not. Through the proxy that HTTPS_PROXY (or https_proxy, NO_PROXY) names, as
    the download itself goes: a raw connection to port 443 said "offline" behind a proxy."""
    proxies = urllib.request.getproxies()
    proxy = proxies.get("https") if not urllib.request.proxy_bypass(host) else None
    opener = urllib.request.build_opener(urllib.request.ProxyHandler(proxies))
    request = urllib.request.Request(f"https://{host}/", method="HEAD")
    via = f" through the proxy {proxy}" if proxy else ""
    try:
        with opener.open(request, timeout=timeout_s):
            return ""
    except urllib.error.HTTPError:
        return ""  # the hub (or the proxy) answered: the network is there
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, socket.gaierror):
            name = urllib.parse.urlparse(proxy).hostname if proxy else host
            return f"the name {name} cannot be resolved (no internet connection or DNS)"
        if isinstance(reason, TimeoutError):
            return f"{host} did not answer within {timeout_s:.0f} s{via}"
        detail = reason.strerror if isinstance(reason, OSError) and reason.strerror else reason
        return f"{host} cannot be reached{via} ({detail})"
    except TimeoutError:
        return f"{host} did not answer within {timeout_s:.0f} s{via}"
    except OSError as exc:
        return f"{host} cannot be reached{via} ({exc.strerror or exc})"


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
