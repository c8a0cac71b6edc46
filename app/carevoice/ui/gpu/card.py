"""One GPU's card in the GPU place: identity, live readings and five-minute charts."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel

from carevoice.ui.gpu.sparkline import Sparkline

HISTORY_S = 300.0  # the charts show the last five minutes
_GIB = 2**30
_MIB = 2**20


def wrapped_label(name: str, text: str = "", selectable: bool = True) -> QLabel:
    """A word-wrapped label, top-left aligned, with `name` as its object name."""
    label = QLabel(text)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    if selectable:  # paths and install commands are there to be copied
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def _cuda_text(version: int | None) -> str | None:
    return f"{version // 1000}.{version % 1000 // 10}" if version else None


class GpuCard(QGroupBox):
    """One GPU's identity and live readings, with five-minute charts of load and memory."""

    def __init__(self, index: int, parent=None):
        super().__init__(parent)
        self.setObjectName(f"gpuCard{index}")
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.name_label = wrapped_label(f"gpu{index}Name")
        self.capability_label = wrapped_label(f"gpu{index}Capability")
        self.driver_label = wrapped_label(f"gpu{index}Driver")
        self.memory_label = wrapped_label(f"gpu{index}Memory")
        self.share_label = wrapped_label(f"gpu{index}AppMemory")
        self.utilization_label = wrapped_label(f"gpu{index}Utilization")
        self.temperature_label = wrapped_label(f"gpu{index}Temperature")
        self.power_label = wrapped_label(f"gpu{index}Power")
        self.utilization_chart = Sparkline(100.0, HISTORY_S)
        self.utilization_chart.setObjectName(f"gpu{index}UtilizationChart")
        self.memory_chart = Sparkline(1.0, HISTORY_S)
        self.memory_chart.setObjectName(f"gpu{index}MemoryChart")
        rows = [
            (self.tr("Name"), self.name_label),
            (self.tr("Compute capability"), self.capability_label),
            (self.tr("Driver"), self.driver_label),
            (self.tr("Memory"), self.memory_label),
            (self.tr("Used by Care Voice"), self.share_label),
            (self.tr("Utilization"), self.utilization_label),
            (self.tr("Temperature"), self.temperature_label),
            (self.tr("Power"), self.power_label),
            (self.tr("Utilization, 5 min"), self.utilization_chart),
            (self.tr("Memory, 5 min"), self.memory_chart),
        ]
        for title, widget in rows:
            form.addRow(title, widget)

    def show_gpu(self, gpu, snapshot, sample: bool) -> None:
        """Show `gpu` (a GpuInfo) from `snapshot`; `sample` adds its readings to the charts."""
        missing = self.tr("not reported")
        self.setTitle(self.tr("GPU %d") % gpu.index)
        self.name_label.setText(gpu.name)
        cap = gpu.capability
        self.capability_label.setText(f"{cap[0]}.{cap[1]}" if cap else missing)
        cuda = _cuda_text(snapshot.cuda_driver_version)
        driver = snapshot.driver_version or missing
        self.driver_label.setText(self.tr("%s (CUDA %s)") % (driver, cuda) if cuda else driver)
        used, total = gpu.memory_used_bytes, gpu.memory_total_bytes
        if used is not None and total:
            self.memory_label.setText(self.tr("%.1f / %.1f GiB") % (used / _GIB, total / _GIB))
            self.memory_chart.set_maximum(total)
        else:
            self.memory_label.setText(missing)
        mine = gpu.this_process_memory_bytes
        if mine is None:
            self.share_label.setText(missing)
        elif mine < _GIB:
            self.share_label.setText(self.tr("%d MiB") % round(mine / _MIB))
        else:
            self.share_label.setText(self.tr("%.1f GiB") % (mine / _GIB))
        util = gpu.utilization_pct
        self.utilization_label.setText(self.tr("%d %%") % util if util is not None else missing)
        temp = gpu.temperature_c
        self.temperature_label.setText(self.tr("%d °C") % temp if temp is not None else missing)
        self.power_label.setText(self._power_text(gpu.power_w, gpu.power_limit_w) or missing)
        if sample:
            at_s = snapshot.taken_at or None
            self.utilization_chart.add(util, at_s)
            self.memory_chart.add(used, at_s)

    def _power_text(self, power: float | None, limit: float | None) -> str:
        if power is None:
            return ""
        if limit:
            return self.tr("%.0f W of %.0f W") % (power, limit)
        return self.tr("%.0f W") % power
