"""Engine test fixtures shared by more than one module."""

from __future__ import annotations

import numpy as np
import pytest


@pytest.fixture(scope="module")
def note_audio(speech) -> np.ndarray:
    """The English note as 16 kHz samples."""
    from carevoice.audio.decode import decode_audio

    return decode_audio(speech["en"]).samples
