"""The GPU place: what the GPU is doing and why it is or is not used (stub, being built)."""

from __future__ import annotations

from carevoice.ui.placeholder import PlaceholderPlace


class GpuPlace(PlaceholderPlace):
    def __init__(self, window=None):
        super().__init__(self.tr("GPU"), self.tr("Checking the GPU…"))
