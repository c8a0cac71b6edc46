"""How loud audio is, in dB relative to full scale: what the level meter shows."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

SILENCE_DBFS = -120.0  # what digital silence reads as on the meter


@dataclass(frozen=True)
class Level:
    """Loudness of one block of audio, in dB relative to full scale (0 is the loudest)."""

    rms_dbfs: float
    peak_dbfs: float

    @classmethod
    def of(cls, samples: np.ndarray) -> Level:
        if samples.size == 0:
            return cls(SILENCE_DBFS, SILENCE_DBFS)
        rms = float(np.sqrt(np.mean(np.square(samples, dtype=np.float64))))
        return cls(to_dbfs(rms), to_dbfs(float(np.max(np.abs(samples)))))


def to_dbfs(value: float) -> float:
    return max(SILENCE_DBFS, 20 * math.log10(value)) if value > 0 else SILENCE_DBFS
