"""Finding microphones, and every way of not finding one, told in plain words."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest

from carevoice.audio.devices import (
    NO_MICROPHONE,
    NO_PORTAUDIO,
    InputDevice,
    MicrophoneError,
    describe_open_error,
    find_input_device,
    list_input_devices,
    load_sounddevice,
)
from carevoice.audio.recorder import Recorder
from carevoice.audio.wavfile import recordings_dir
from tests.audio.pulse import environment, virtual_microphone_or_skip

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def vmic():
    with virtual_microphone_or_skip() as mic:
        yield mic


def care_voice(*args: str, env: dict | None = None, prelude: str = ""):
    """Run the command line in a fresh process (PortAudio reads the sound setup there)."""
    code = f"{prelude}\nfrom carevoice.cli.main import main\nraise SystemExit(main({list(args)!r}))"
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": f"{REPO / 'app'}{os.pathsep}{REPO}", **(env or {})},
    )


def test_without_portaudio_the_app_says_so_and_the_rest_still_imports():
    # How the sounddevice wheel fails on Linux without libportaudio2.
    hide_portaudio = "import ctypes.util\nctypes.util.find_library = lambda name: None"
    done = care_voice("dictate", "--list-devices", prelude=hide_portaudio)
    assert done.returncode == 1
    assert done.stderr.strip() == NO_PORTAUDIO
    check = (
        f"{hide_portaudio}\n"
        "import carevoice.audio.recorder, carevoice.engine.live, carevoice.engine.dictation\n"
        "from carevoice.audio.devices import load_sounddevice, MicrophoneError\n"
        "try:\n    load_sounddevice()\nexcept MicrophoneError as e:\n    print(e.kind)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", check],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO / "app")},
    )
    assert done.stdout.strip() == "no-portaudio", done.stderr


@pytest.fixture
def no_sound_server(tmp_path):
    """PortAudio looking at an empty runtime folder: no PulseAudio, as on a bare server."""
    empty = tmp_path / "runtime"
    empty.mkdir(mode=0o700)
    with environment(empty):
        if list_input_devices():
            pytest.skip("this machine has a sound card of its own")
        yield empty


def test_no_sound_server_means_the_plain_no_microphone_message(no_sound_server):
    assert list_input_devices() == []
    with pytest.raises(MicrophoneError) as raised:
        find_input_device()
    assert raised.value.kind == "no-microphone" and raised.value.message == NO_MICROPHONE
    with pytest.raises(MicrophoneError) as raised:
        Recorder().start()
    assert raised.value.message == NO_MICROPHONE
    assert list(recordings_dir().iterdir()) == []


def test_the_command_line_tells_the_same(no_sound_server):
    env = {"XDG_RUNTIME_DIR": str(no_sound_server)}
    listed = care_voice("dictate", "--list-devices", env=env)
    assert (listed.returncode, listed.stdout) == (1, "")
    assert NO_MICROPHONE in listed.stderr
    dictated = care_voice("dictate", "--seconds", "1", "--model", "tiny.en", env=env)
    assert dictated.returncode == 1
    assert NO_MICROPHONE in dictated.stderr and "Traceback" not in dictated.stderr


def test_the_virtual_microphone_is_listed_and_chosen_by_default(vmic):
    devices = list_input_devices()
    [default] = [d for d in devices if d.is_default]
    assert default.name == "default" and default.channels >= 1
    assert default.default_sample_rate in (44100, 48000)
    assert find_input_device() == default
    assert find_input_device("DEFAU") == default  # part of the name, any case
    assert find_input_device(default.index) == default
    assert find_input_device(str(default.index)) == default


def test_a_missing_named_microphone_lists_the_ones_there_are(vmic):
    with pytest.raises(MicrophoneError) as raised:
        find_input_device("Jabra Speak 510")
    error = raised.value
    assert error.kind == "not-found"
    assert '"Jabra Speak 510" was not found' in error.message and '"default"' in error.message


@pytest.mark.parametrize(
    ("args", "kind"),
    [
        (("Error opening InputStream: Device unavailable", -9985), "busy"),
        (
            ("Error opening InputStream: Unanticipated host error", -9999, (0, -errno.EBUSY, "")),
            "busy",
        ),
        (("Error querying device -1",), "no-microphone"),
        (("Error opening InputStream: Invalid device", -9996), "no-microphone"),
        (("Error opening InputStream: Invalid sample rate", -9997), "failed"),
    ],
)
def test_portaudio_errors_become_plain_words(args, kind):
    sd = load_sounddevice()
    error = describe_open_error(sd.PortAudioError(*args), None)
    assert error.kind == kind
    assert "PaErrorCode" not in error.message and "-99" not in error.message
    if kind == "busy":
        assert error.message.startswith("The microphone is in use by another program.")
    assert "microphone the microphone" not in error.message.lower()


def test_sounddevices_own_no_such_device_error_is_not_found():
    error = describe_open_error(ValueError("No input device matching 'USB'"), None)
    assert error.kind == "not-found"


def test_a_named_microphone_is_named_in_the_message():
    sd = load_sounddevice()
    usb = InputDevice(3, "USB Mic", "ALSA", 1, 48000, False)
    busy = describe_open_error(sd.PortAudioError("Device unavailable", -9985), usb)
    assert busy.message.startswith('The microphone "USB Mic" is in use by another program.')
    failed = describe_open_error(sd.PortAudioError("Invalid sample rate", -9997), usb)
    assert failed.message.startswith('The microphone "USB Mic" could not be started.')
