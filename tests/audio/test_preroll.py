"""The armed microphone's pre-roll: speech that started before the recording did is in it."""

from __future__ import annotations

import numpy as np
import pytest

from carevoice.audio.decode import decode_audio
from carevoice.audio.preroll import ArmedMicrophone
from carevoice.audio.recorder import Recorder
from tests.audio.pulse import locate, virtual_microphone_or_skip, wait_until
from tests.speech import espeak


@pytest.fixture(scope="module")
def vmic():
    with virtual_microphone_or_skip() as mic:
        yield mic


@pytest.fixture(scope="module")
def sentence(tmp_path_factory):
    return espeak("Blood pressure was normal.", tmp_path_factory.mktemp("preroll") / "bp.wav")


def record(vmic, sentence, armed: ArmedMicrophone | None, head_start_s: float):
    """Start playing, wait until `head_start_s` of it reached the microphone, then start
    a recording (as a key press arriving late); returns what was played and heard."""
    heard: list[np.ndarray] = []
    probe = ArmedMicrophone()  # only to see when the sound arrives
    probe.arm()
    arrived: list[np.ndarray] = []
    probe.hand_over(lambda block, *_: arrived.append(block.copy()))
    player = vmic.play(sentence)

    def loud_for() -> float:
        blocks = list(arrived)
        if not blocks:
            return 0.0
        audio = np.concatenate(blocks)[:, 0]
        loud = np.flatnonzero(np.abs(audio) > 0.01)
        return (audio.size - loud[0]) / probe.device.default_sample_rate if loud.size else 0.0

    wait_until(lambda: loud_for() >= head_start_s, 10, "the speech to start")
    recorder = Recorder(on_audio=heard.append, armed=armed)
    recorder.start()
    player.wait(30)
    wait_until(lambda: recorder.elapsed_s > 2.0, 10, "the sentence to be recorded")
    recorder.stop()
    probe.disarm()
    return decode_audio(sentence).samples, np.concatenate(heard)


def test_armed_the_first_sound_said_before_the_key_press_is_recorded(vmic, sentence):
    armed = ArmedMicrophone()
    armed.arm()
    try:
        played, heard = record(vmic, sentence, armed, head_start_s=0.15)
        offset_s, heard_s, correlation = locate(played, heard)
        assert correlation > 0.9 and heard_s == pytest.approx(played.size / 16000, abs=0.02), (
            "the pre-roll did not hold the start of the sentence"
        )
        assert armed.armed, "the microphone stays armed for the next dictation"
    finally:
        armed.disarm()


def test_without_the_pre_roll_that_first_sound_is_lost(vmic, sentence):
    played, heard = record(vmic, sentence, None, head_start_s=0.15)
    # The recording starts inside the sentence: only its tail can be found.
    offset_s, heard_s, correlation = locate(played[round(0.3 * 16000) :], heard)
    assert offset_s < 0.2, "the recording holds sound from before the key press"
