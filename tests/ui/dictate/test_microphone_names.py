"""Issue #13.8: microphones are listed by the names people know, the default first and
marked, not by ALSA's "sysdefault" / "front:CARD=…" / "pulse". Against the real PulseAudio
virtual microphone (tests/audio/pulse.py), whose description the test sets as a desktop's
sound settings would show it; and against the device list of a real laptop's ALSA setup."""

from __future__ import annotations

import pytest

from carevoice.audio.devices import InputDevice, friendly_microphones, list_microphones
from tests.audio.pulse import virtual_microphone_or_skip

DESCRIPTION = "Ward microphone (USB headset)"


@pytest.fixture(scope="module")
def vmic():
    """The virtual microphone, seen through a source described as a sound card's would be
    (a remap of it, the server's default while the module runs)."""
    with virtual_microphone_or_skip() as mic:
        loaded = mic._pactl(
            "load-module",
            "module-remap-source",
            "master=vmic_sink.monitor",
            "source_name=ward",
            f"source_properties='device.description=\"{DESCRIPTION}\"'",
        )
        assert loaded.returncode == 0, loaded.stderr
        assert mic._pactl("set-default-source", "ward").returncode == 0
        try:
            yield mic
        finally:
            mic._pactl("set-default-source", "vmic")
            mic._pactl("unload-module", loaded.stdout.strip())


def test_the_core_lists_the_sound_servers_microphone_by_its_description(vmic):
    microphones = list_microphones()
    assert microphones[0].is_default and microphones[0].shown_name == DESCRIPTION
    # PortAudio's "pulse" and "default" both record from it: shown once.
    assert [m.shown_name for m in microphones].count(DESCRIPTION) == 1
    assert not {"pulse", "default"} & {m.shown_name for m in microphones}


def test_the_dictate_place_lists_it_first_by_that_name_marked_default(vmic, window, qtbot):
    window.show_place("dictate")
    picker = window.places["dictate"].picker
    picker.load_devices(refresh=False)
    names = [picker.combo.itemText(i) for i in range(picker.combo.count())]
    assert names[0] == f"{DESCRIPTION} (system default)", names
    assert picker.combo.currentIndex() == 0
    assert not [n for n in names if n in ("pulse", "default") or n.startswith("sysdefault")]


def _alsa(index: int, name: str, default: bool = False) -> InputDevice:
    return InputDevice(index, name, "ALSA", 2, 44100, default)


# What PortAudio 19.6 lists on a laptop with PulseAudio (Debian 12, HDA Intel PCH).
LAPTOP = [
    _alsa(0, "HDA Intel PCH: ALC892 Analog (hw:0,0)"),
    _alsa(1, "HD Pro Webcam C920: USB Audio (hw:1,0)"),
    _alsa(2, "sysdefault"),
    _alsa(3, "front:CARD=PCH,DEV=0"),
    _alsa(4, "surround40"),
    _alsa(5, "dsnoop"),
    _alsa(6, "pulse"),
    _alsa(7, "default", default=True),
]


def test_alsa_aliases_are_left_out_and_the_default_comes_first():
    shown = friendly_microphones(LAPTOP, "Built-in Audio Analog Stereo")
    assert [(m.shown_name, m.index, m.is_default) for m in shown] == [
        ("Built-in Audio Analog Stereo", 7, True),
        ("HDA Intel PCH: ALC892 Analog", 0, False),
        ("HD Pro Webcam C920: USB Audio", 1, False),
    ]
    # Without a sound server's description: the default is still first, in words.
    assert friendly_microphones(LAPTOP, "")[0].shown_name == "System default"
