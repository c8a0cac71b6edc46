"""Microphones: which ones there are, which one to use, and what went wrong in plain words.

sounddevice is imported lazily: without the PortAudio library `import sounddevice` raises
OSError, and the rest of Care Voice (files, notes) must still start. Every failure to
reach a microphone becomes a `MicrophoneError` whose `message` can be shown as it is.

PortAudio lists devices once, when it initialises; `list_input_devices(refresh=True)`
makes it look again (a microphone plugged in later). Refreshing closes every open stream,
so it must not be done while recording.
"""

from __future__ import annotations

import errno
import json
import re
import shutil
import subprocess
from dataclasses import dataclass, replace
from types import ModuleType

from carevoice.phrases import Phrase

NO_PORTAUDIO = Phrase(
    "Care Voice cannot use a microphone on this computer: the sound library PortAudio is "
    "missing (on Debian or Ubuntu, install the package libportaudio2). The rest of Care "
    "Voice works."
)
NO_MICROPHONE = Phrase(
    "No microphone was found. Plug one in or check the sound settings; the rest of Care "
    "Voice works."
)

# PortAudio error codes (portaudio.h).
_PA_DEVICE_UNAVAILABLE = -9985
_PA_UNANTICIPATED_HOST_ERROR = -9999
_PA_INVALID_DEVICE = -9996
_PA_INVALID_CHANNEL_COUNT = -9998
_PA_INVALID_SAMPLE_RATE = -9997


class MicrophoneError(RuntimeError):
    """A microphone that cannot be used; `message` is for the user, `kind` for code.

    kind: "no-portaudio", "no-microphone", "not-found" (a named microphone is missing),
    "busy" (another program holds it), "failed" (it would not open or stopped working).
    """

    def __init__(self, kind: str, message: str, detail: str = ""):
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.detail = detail  # the library's own words, for the log


@dataclass(frozen=True)
class InputDevice:
    """A microphone as PortAudio sees it."""

    index: int
    name: str
    host_api: str
    channels: int  # the most input channels it offers
    default_sample_rate: int
    is_default: bool
    label: str = ""  # the name people know (list_microphones); "" until given one

    @property
    def shown_name(self) -> str:
        return self.label or self.name


def load_sounddevice() -> ModuleType:
    """The sounddevice module; MicrophoneError("no-portaudio") without PortAudio."""
    try:
        import sounddevice
    except OSError as exc:  # "PortAudio library not found"
        raise MicrophoneError("no-portaudio", NO_PORTAUDIO, str(exc)) from None
    return sounddevice


def refresh() -> None:
    """Make PortAudio list the devices again. Closes every open stream: not while recording."""
    sd = load_sounddevice()
    sd._terminate()
    sd._initialize()


def list_input_devices(refresh_first: bool = False) -> list[InputDevice]:
    """Every device that can record, the default one marked; empty when there is none."""
    sd = load_sounddevice()
    if refresh_first:
        refresh()
    try:
        devices = sd.query_devices()
        apis = sd.query_hostapis()
        default_input = _default_input_index(sd)
    except sd.PortAudioError:
        return []
    found = []
    for info in devices:
        if info["max_input_channels"] <= 0:
            continue
        found.append(
            InputDevice(
                index=info["index"],
                name=info["name"],
                host_api=apis[info["hostapi"]]["name"],
                channels=info["max_input_channels"],
                default_sample_rate=round(info["default_samplerate"]),
                is_default=info["index"] == default_input,
            )
        )
    return found


def _default_input_index(sd) -> int:
    index = sd.default.device[0]  # (input, output)
    if isinstance(index, str):
        try:
            index = sd.query_devices(index, "input")["index"]
        except (ValueError, sd.PortAudioError):
            return -1
    return -1 if index is None else int(index)


SYSTEM_DEFAULT = Phrase("System default")  # the sound server's microphone, unnamed

# ALSA's plugin aliases of a sound card PortAudio lists beside the card itself: the same
# microphone again under a name nobody knows ("sysdefault", "front:CARD=PCH,DEV=0", "dsnoop").
_ALSA_ALIASES = re.compile(
    r"^(sysdefault|front|rear|center_lfe|side|surround\d*|iec958|spdif|hdmi|dmix|dsnoop|"
    r"plughw|hw|lavrate|samplerate|speexrate|upmix|vdownmix|usbstream|jack|oss)(:|$)"
)
_ALSA_CARD = re.compile(r"\s*\(hw:\d+,\d+\)$")  # "HDA Intel PCH: ALC892 Analog (hw:0,0)"
_SOUND_SERVER = ("default", "pulse", "pipewire")  # PortAudio's ways into the sound server


def list_microphones(refresh_first: bool = False) -> list[InputDevice]:
    """The microphones as people know them, the default one first (and `is_default`).

    ALSA's aliases of a card are left out (the card itself stays, without its
    "(hw:0,0)"); the sound server's own entries ("default", "pulse", which record from the
    sound server's default microphone) become one, named by the description PulseAudio
    (or PipeWire's PulseAudio) gives that microphone, as the desktop's sound settings do.
    """
    devices = list_input_devices(refresh_first)
    return friendly_microphones(devices, pulse_default_source_description())


def friendly_microphones(devices: list[InputDevice], server_default: str) -> list[InputDevice]:
    """`devices` (PortAudio's) named and ordered for people; `server_default` is the sound
    server's description of its default microphone ("" when it gave none)."""
    shown: list[InputDevice] = []
    server = [d for d in devices if d.name in _SOUND_SERVER]
    # One entry for the sound server: PortAudio's default when it is one of them.
    if server:
        entry = next((d for d in server if d.is_default), None) or next(
            (d for d in server if d.name == "default"), server[0]
        )
        shown.append(replace(entry, label=server_default or SYSTEM_DEFAULT))
    for device in devices:
        if device.name in _SOUND_SERVER or _ALSA_ALIASES.match(device.name):
            continue
        shown.append(replace(device, label=_ALSA_CARD.sub("", device.name)))
    if not shown:  # only aliases: better those than nothing
        shown = list(devices)
    if not any(d.is_default for d in shown) and server:
        shown[0] = replace(shown[0], is_default=True)  # the sound server records by default
    return sorted(shown, key=lambda d: not d.is_default)


def pulse_default_source_description() -> str:
    """What PulseAudio (or PipeWire's PulseAudio) calls its default microphone, e.g.
    "Built-in Audio Analog Stereo"; "" when there is no such server or no `pactl`."""
    pactl = shutil.which("pactl")
    if pactl is None:
        return ""
    try:
        default = subprocess.run(
            [pactl, "get-default-source"], capture_output=True, text=True, timeout=3
        ).stdout.strip()
        listed = subprocess.run(
            [pactl, "-f", "json", "list", "sources"], capture_output=True, text=True, timeout=3
        ).stdout
        sources = json.loads(listed) if listed.strip() else []
    except (OSError, subprocess.SubprocessError, ValueError):
        return ""
    for source in sources if isinstance(sources, list) else []:
        if isinstance(source, dict) and source.get("name") == default:
            return str(source.get("description") or "")
    return ""


def find_input_device(wanted: str | int | None = None) -> InputDevice:
    """The microphone to record from: `wanted` (an index, an exact name, or part of a name,
    any case) or the default one. Raises MicrophoneError ("no-microphone", "not-found").
    """
    devices = list_input_devices()
    if not devices:
        raise MicrophoneError("no-microphone", NO_MICROPHONE)
    if wanted is None or wanted == "":
        # With no default (PortAudio says -1) the first microphone will do.
        return next((d for d in devices if d.is_default), devices[0])
    if isinstance(wanted, int) or (isinstance(wanted, str) and wanted.isdigit()):
        for device in devices:
            if device.index == int(wanted):
                return device
    else:
        exact = [d for d in devices if d.name == wanted]
        partial = [d for d in devices if wanted.lower() in d.name.lower()]
        if exact or partial:
            return (exact or partial)[0]
    names = ", ".join(f'"{d.name}"' for d in devices)
    raise MicrophoneError(
        "not-found",
        Phrase(
            'The microphone "{wanted}" was not found; it may be unplugged. Microphones on '
            "this computer: {names}. Plug it in, or choose another one.",
            wanted=wanted,
            names=names,
        ),
    )


def describe_open_error(exc: BaseException, device: InputDevice | None) -> MicrophoneError:
    """Turn what PortAudio or sounddevice raised when opening a stream into plain words."""
    if isinstance(exc, MicrophoneError):
        return exc
    # The sentence's subject: no "The microphone the microphone …" when none was named.
    microphone = (
        Phrase('The microphone "{name}"', name=device.name)
        if device is not None
        else Phrase("The microphone")
    )
    detail = str(exc)
    code = exc.args[1] if len(exc.args) > 1 and isinstance(exc.args[1], int) else None
    host = exc.args[2] if len(exc.args) > 2 else None
    host_code = host[1] if isinstance(host, tuple) and len(host) > 1 else None
    lowered = detail.lower()
    if (
        code == _PA_DEVICE_UNAVAILABLE
        or host_code == -errno.EBUSY
        or "busy" in lowered
        or "device unavailable" in lowered
    ):
        return MicrophoneError(
            "busy",
            Phrase(
                "{microphone} is in use by another program. Close that program, or choose "
                "another microphone, and try again.",
                microphone=microphone,
            ),
            detail,
        )
    if isinstance(exc, ValueError) and "no input device" in lowered:
        return MicrophoneError(
            "not-found", Phrase("{microphone} was not found.", microphone=microphone), detail
        )
    if code == _PA_INVALID_DEVICE or "querying device -1" in lowered:
        return MicrophoneError("no-microphone", NO_MICROPHONE, detail)
    return MicrophoneError(
        "failed",
        Phrase(
            "{microphone} could not be started. Check that it is plugged in and allowed in "
            "the sound settings, or choose another one.",
            microphone=microphone,
        ),
        detail,
    )


def lost_message(device_name: str) -> str:
    """What to tell the user when a microphone stops in the middle of a recording."""
    return Phrase(
        'The microphone "{device}" stopped working (it was unplugged, or the sound '
        "system stopped). Recording stopped; everything recorded until then is kept.",
        device=device_name,
    )
