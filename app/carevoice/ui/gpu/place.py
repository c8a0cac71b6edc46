"""The GPU place: what the GPU is doing now, and why transcription does or does not use it.

Everything shown comes from the core: the window's GpuFacts and DeviceDecision (renewed
whenever `shell.device_changed` fires) and a GpuSnapshot each second from NvmlPoller.
"""

from __future__ import annotations

import dataclasses
import html
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTime, QUrl
from PySide6.QtGui import QDesktopServices, QFont, QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from carevoice.ui.gpu.card import GpuCard, wrapped_label
from carevoice.ui.gpu.nvml_poller import NvmlPoller
from carevoice.ui.i18n import say

if TYPE_CHECKING:
    from carevoice.ui.shell import Shell

_BANNER_COLOURS = {  # background, border, text
    "error": ("#fdecea", "#c5221f", "#5c1410"),
    "warning": ("#fff4dc", "#d58b00", "#4a3000"),
    "info": ("#e8f0fe", "#4a76c9", "#10295a"),
}


def _short_path(path: str, limit: int = 64) -> str:
    # Long paths have no spaces to wrap at; the full path is in the tooltip.
    return path if len(path) <= limit else f"{path[:22]}…{path[-(limit - 23) :]}"


class GpuPlace(QWidget):
    """The GPU place. Has no signals; it listens to the window's device_changed.

    `shell` is the window (ui/shell.py): facts, decision, settings, the GPU check.
    """

    def __init__(self, shell: Shell):
        super().__init__()
        self.shell = shell
        self._polled = False
        self._before_check: dict[str, str] | None = None  # what showed when "again" was asked
        self.cards: dict[int, GpuCard] = {}
        self.poller = NvmlPoller(1000, self)
        self.poller.snapshot_taken.connect(self._on_snapshot)
        self.poller.failed.connect(self._on_poller_failed)

        content = QWidget()
        column = QVBoxLayout(content)
        heading = QLabel(self.tr("GPU"))
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setWeight(QFont.Weight.Bold)
        heading.setFont(font)
        column.addWidget(heading)
        column.addWidget(self._build_banner())
        halves = QHBoxLayout()
        halves.addLayout(self._build_gpu_side(), 1)
        halves.addLayout(self._build_engine_side(), 1)
        column.addLayout(halves)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll, 1)
        layout.addLayout(self._build_actions())

        shell.device_changed.connect(self._on_device_changed)
        shell.gpu_check.failed.connect(self._on_check_failed)
        self.gpu_only.setChecked(shell.settings.gpu_only)
        if shell.facts is not None:
            self._on_device_changed(shell.decision)

    # -- building --------------------------------------------------------------------
    def _build_banner(self) -> QFrame:
        self.banner = QFrame()
        self.banner.setObjectName("gpuBanner")
        box = QVBoxLayout(self.banner)
        self.banner_title = wrapped_label("gpuBannerTitle", selectable=False)
        font = self.banner_title.font()
        font.setWeight(QFont.Weight.Bold)
        self.banner_title.setFont(font)
        self.banner_body = wrapped_label("gpuBannerText")
        box.addWidget(self.banner_title)
        box.addWidget(self.banner_body)
        self.banner.hide()
        return self.banner

    def _build_gpu_side(self) -> QVBoxLayout:
        side = QVBoxLayout()
        self.no_gpu_label = wrapped_label("gpuNone", self.tr("Checking the GPU…"))
        self.cards_box = QVBoxLayout()
        side.addWidget(self.no_gpu_label)
        side.addLayout(self.cards_box)
        self.decision_label = wrapped_label("gpuDecision", self.tr("Checking the GPU…"))
        self.reasons_label = wrapped_label("gpuDecisionReasons")
        side.addWidget(self._group(self.tr("Decision"), self.decision_label, self.reasons_label))
        side.addStretch(1)
        return side

    def _build_engine_side(self) -> QVBoxLayout:
        side = QVBoxLayout()
        self.verdict_label = wrapped_label("gpuVerdict")
        self.verdict_label.setTextFormat(Qt.TextFormat.RichText)
        self.kernels_label = wrapped_label("gpuKernels")
        self.libraries_label = wrapped_label("gpuLibraries")
        self.preflight_label = wrapped_label("gpuPreflight")
        title = self.tr("Engine kernels and verdict")
        side.addWidget(self._group(title, self.verdict_label, self.kernels_label))
        side.addWidget(self._group(self.tr("CUDA libraries"), self.libraries_label))
        side.addWidget(self._group(self.tr("GPU check"), self.preflight_label))
        side.addStretch(1)
        return side

    @staticmethod
    def _group(title: str, *labels: QLabel) -> QGroupBox:
        group = QGroupBox(title)
        box = QVBoxLayout(group)
        for label in labels:
            box.addWidget(label)
        return group

    def _build_actions(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setContentsMargins(9, 6, 9, 9)
        self.recheck_text = self.tr("Run the GPU check again")
        self.recheck_button = QPushButton(self.recheck_text)
        self.recheck_button.setObjectName("gpuRecheck")
        self.recheck_button.clicked.connect(self.run_check_again)
        self.copy_button = QPushButton(self.tr("Copy the doctor report"))
        self.copy_button.setObjectName("gpuCopyReport")
        self.copy_button.setEnabled(False)
        self.copy_button.clicked.connect(self.copy_report)
        self.logs_button = QPushButton(self.tr("Open the log folder"))
        self.logs_button.setObjectName("gpuOpenLogs")
        self.logs_button.clicked.connect(self.open_log_folder)
        self.action_note = wrapped_label("gpuActionNote", selectable=False)
        self.gpu_only = QCheckBox(self.tr("GPU only (never fall back to CPU)"))
        self.gpu_only.setObjectName("gpuOnly")
        self.gpu_only.setToolTip(
            self.tr(
                "When the GPU cannot be used, transcribe nothing instead of using the slower CPU."
            )
        )
        self.gpu_only.toggled.connect(self._on_gpu_only_toggled)
        for widget in (self.recheck_button, self.copy_button, self.logs_button):
            row.addWidget(widget)
        row.addWidget(self.action_note, 1)
        row.addWidget(self.gpu_only)
        return row

    # -- polling ---------------------------------------------------------------------
    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        # Polls from the first time the place is seen until shutdown, so the charts
        # also cover what happened while another place was open.
        self.start_polling()
        super().showEvent(event)

    def start_polling(self) -> None:
        self.poller.start()

    def shutdown(self) -> None:
        """Stop polling and join the poller's thread (MainWindow.closeEvent calls this)."""
        self.poller.stop()

    def _on_snapshot(self, snapshot) -> None:
        self._polled = True
        self._show_snapshot(snapshot, sample=True)

    def _on_poller_failed(self, message: str) -> None:
        self.no_gpu_label.setText(message)
        self.no_gpu_label.show()

    def _show_snapshot(self, snapshot, sample: bool) -> None:
        gpus = snapshot.gpus if snapshot.ok else []
        for index in [i for i in self.cards if i not in {g.index for g in gpus}]:
            self.cards.pop(index).deleteLater()
        for gpu in gpus:
            card = self.cards.get(gpu.index)
            if card is None:
                card = self.cards[gpu.index] = GpuCard(gpu.index)
                self.cards_box.addWidget(card)
            card.show_gpu(gpu, snapshot, sample)
        self.no_gpu_label.setVisible(not gpus)
        if not gpus:
            self.no_gpu_label.setText(self.tr("No NVIDIA GPU found: %s") % say(snapshot.message))

    # -- facts and decision ----------------------------------------------------------
    def _on_device_changed(self, decision) -> None:
        facts = self.shell.facts
        self._recheck_done()
        self.copy_button.setEnabled(facts is not None)
        with_signals = self.gpu_only.blockSignals(True)
        self.gpu_only.setChecked(self.shell.settings.gpu_only)
        self.gpu_only.blockSignals(with_signals)
        if facts is None or decision is None:
            return
        if not self._polled:  # until the poller speaks, show what the check saw
            self._show_snapshot(facts.snapshot, sample=False)
        self._show_banner(*self._banner(facts, decision))
        self.decision_label.setText(say(decision.summary))
        # The summary already carries the fallback reason; do not print it twice.
        reasons = [say(r) for r in decision.reasons if r not in decision.summary]
        self.reasons_label.setText("\n".join(f"• {reason}" for reason in reasons))
        self._show_verdict(facts.verdict)
        self._show_kernels(facts)
        self._show_libraries(facts)
        self._show_preflight(facts)
        self._say_what_changed()

    def _on_check_failed(self, message: str) -> None:
        self._recheck_done()
        self._show_banner("error", self.tr("The GPU check itself failed"), message)
        if self._before_check is not None:
            self._before_check = None
            self.action_note.setText(
                self.tr("Checked at {time} — the check itself failed.").format(time=_now())
            )

    def _banner(self, facts, decision) -> tuple[str, str, str]:
        """(level, title, text) for the banner; level "" hides it. Texts are the core's own."""
        verdict = facts.verdict
        kind = verdict.verdict.value if verdict is not None else "unknown"
        on_cpu = self.tr("Transcription runs on the CPU (%s).") % decision.compute_type
        if kind in ("incompatible", "driver-too-old"):
            title = (
                self.tr("This GPU cannot run the transcription engine")
                if kind == "incompatible"
                else self.tr("The NVIDIA driver is too old for the transcription engine")
            )
            fix_label = self.tr("Fix:")
            text = f"{say(verdict.reason)}\n{fix_label} {say(verdict.fix)}"
            if decision.refused:
                return "error", title, f"{text}\n{self._refusal_text()}"
            return "error", title, f"{text}\n{on_cpu}"
        if decision.refused:
            return (
                "error",
                self.tr("GPU only is on, and the GPU cannot be used"),
                f"{say(decision.fallback_reason)}\n{self._refusal_text()}",
            )
        if not facts.snapshot.gpus:
            level = "info" if facts.snapshot.state == "no-driver" else "warning"
            message = say(facts.snapshot.message)
            return level, self.tr("No NVIDIA GPU found"), f"{message}\n{on_cpu}"
        if decision.by_choice:
            return "info", self.tr("The CPU was chosen in settings"), on_cpu
        if decision.device == "cpu":
            return (
                "warning",
                self.tr("The GPU is not used"),
                f"{say(decision.fallback_reason)}\n{on_cpu}",
            )
        if kind == "ptx-jit":
            return (
                "warning",
                self.tr("No native kernels for this GPU"),
                "\n".join(say(note) for note in verdict.notes),
            )
        return "", "", ""

    def _refusal_text(self) -> str:
        return self.tr(
            "GPU only is on, so nothing is transcribed until the GPU can be used "
            "or GPU only is turned off."
        )

    def _show_banner(self, level: str, title: str, text: str) -> None:
        self.banner.setProperty("level", level)
        self.banner.setVisible(bool(level))
        if not level:
            return
        background, border, ink = _BANNER_COLOURS[level]
        self.banner.setStyleSheet(
            f"QFrame#gpuBanner {{ background: {background}; border: 1px solid {border};"
            f" border-radius: 6px; }}"
            f" QFrame#gpuBanner QLabel {{ color: {ink}; background: transparent; border: 0; }}"
        )
        self.banner_title.setText(title)
        self.banner_body.setText(text)

    def banner_text(self) -> str:
        """The banner's words, or "" when it is hidden (for tests and screen readers)."""
        if self.banner.isHidden():
            return ""
        return f"{self.banner_title.text()}\n{self.banner_body.text()}"

    def _show_verdict(self, verdict) -> None:
        names = {
            "native": self.tr("Runs natively"),
            "ptx-jit": self.tr("Runs through PTX, compiled on first use"),
            "driver-too-old": self.tr("The driver is too old"),
            "incompatible": self.tr("Cannot run"),
            "unknown": self.tr("Unknown"),
        }
        kind = verdict.verdict.value if verdict is not None else "unknown"
        self.verdict_label.setProperty("verdict", kind)
        lines = [f"<b>{html.escape(names.get(kind, kind))}</b> ({html.escape(kind)})"]
        if verdict is not None:
            lines.append(html.escape(say(verdict.reason)))
            if verdict.fix:
                fix_label = self.tr("Fix:")
                lines.append(html.escape(f"{fix_label} {say(verdict.fix)}"))
            lines += [html.escape(say(note)) for note in verdict.notes]
        self.verdict_label.setText("<br>".join(lines))

    def _show_kernels(self, facts) -> None:
        kernels = facts.kernels
        lines = [self.tr("CTranslate2 %s") % facts.engine_version]
        if kernels.status == "ok":
            lines.append(self.tr("Native (SASS): %s") % (" ".join(kernels.sass) or "—"))
            lines.append(self.tr("PTX: %s") % (", ".join(kernels.ptx) or "—"))
        else:
            lines.append(self.tr("Not readable: %s") % kernels.reason)
        path = kernels.path or self.tr("not found")
        lines.append(self.tr("Library: %s") % _short_path(path))
        self.kernels_label.setText("\n".join(lines))
        self.kernels_label.setToolTip(path)

    def _show_libraries(self, facts) -> None:
        if not facts.libraries:
            self.libraries_label.setText(
                self.tr("Not checked: the engine cannot use this computer's GPU.")
            )
            self.libraries_label.setToolTip("")
            return
        lines = []
        for lib in facts.libraries:
            if lib.found:
                where = _short_path(lib.path or "")
                lines.append(
                    self.tr("%s (%s): found (%s) %s") % (lib.filename, lib.name, lib.source, where)
                )
            else:
                lines.append(
                    self.tr("%s (%s): missing. Install it with:\n%s")
                    % (lib.filename, lib.name, lib.install_hint)
                )
        self.libraries_label.setText("\n".join(lines))
        self.libraries_label.setToolTip("\n".join(lib.path or "" for lib in facts.libraries))

    def _show_preflight(self, facts) -> None:
        result = facts.preflight
        if result is None:
            if not facts.snapshot.gpus:
                why = self.tr("Not run: there is no NVIDIA GPU to check.")
            elif facts.verdict is not None and facts.verdict.verdict.value in (
                "incompatible",
                "driver-too-old",
            ):
                why = self.tr("Not run: the engine cannot run on this GPU.")
            else:
                why = self.tr("Not run: a CUDA library the engine needs is missing.")
            self.preflight_label.setText(why)
            return
        cached = self.tr(" (from the cache)") if result.cached else ""
        lines = [f"{result.status}{cached}: {say(result.message)}"]
        if result.compute_types:
            lines.append(self.tr("Compute types: %s") % ", ".join(result.compute_types))
        failure = self.shell.gpu.runtime_failure
        if failure:  # what a real model met since outweighs the check (see the decision)
            lines.append(self.tr("Since then: %s") % say(failure))
        self.preflight_label.setText("\n".join(lines))

    # -- actions ---------------------------------------------------------------------
    def run_check_again(self) -> None:
        """Check the GPU afresh; the button says so while it runs, the note after it
        what changed (or that nothing did)."""
        self._before_check = self._shown_state()
        self.recheck_button.setEnabled(False)
        self.recheck_button.setText(self.tr("Checking…"))
        self.action_note.setText(self.tr("Checking the GPU…"))
        self.decision_label.setText(self.tr("Checking the GPU…"))
        self.shell.start_gpu_check(refresh=True)

    def _recheck_done(self) -> None:
        self.recheck_button.setEnabled(True)
        self.recheck_button.setText(self.recheck_text)

    def _shown_state(self) -> dict[str, str]:
        """What the place shows, part by part, in the words a user compares."""
        return {
            self.tr("the GPUs"): ", ".join(c.name_label.text() for c in self.cards.values()),
            self.tr("the decision"): self.decision_label.text(),
            self.tr("the reasons"): self.reasons_label.text(),
            self.tr("the warning"): self.banner_text(),
            self.tr("the kernels"): self.verdict_label.text() + self.kernels_label.text(),
            self.tr("the CUDA libraries"): self.libraries_label.text(),
            self.tr("the test run"): self.preflight_label.text(),
        }

    def _say_what_changed(self) -> None:
        before, self._before_check = self._before_check, None
        if before is None:
            return
        after = self._shown_state()
        decision = self.tr("the decision")
        changed = []
        for part, text in after.items():
            if before.get(part) == text:
                continue
            if part == decision:
                part = self.tr("the decision ({before} → {after})").format(
                    before=before[part], after=text
                )
            changed.append(part)
        if changed:
            text = self.tr("Checked at {time} — changed: {parts}.").format(
                time=_now(), parts=self.tr(", ").join(changed)
            )
        else:
            text = self.tr("Checked at {time} — nothing changed.").format(time=_now())
        self.action_note.setText(text)

    def report_text(self) -> str:
        from carevoice.engine.models import list_models
        from carevoice.gpu.report import build_report, render_text

        facts, decision = self.shell.facts, self.shell.decision
        if facts is None or decision is None:  # the copy button waits for the check
            return self.tr("Checking the GPU…")
        # The window's own decision: the report says what the banner and status bar say.
        report = build_report(facts, decision, list_models(), self.shell.gpu.runtime_failure)
        return render_text(report)

    def copy_report(self) -> None:
        QGuiApplication.clipboard().setText(self.report_text())
        self.action_note.setText(self.tr("The doctor report is on the clipboard."))

    def open_log_folder(self) -> None:
        from carevoice import paths

        folder = paths.log_dir()
        if not self.open_url(QUrl.fromLocalFile(str(folder))):
            self.action_note.setText(self.tr("Could not open %s") % folder)

    def open_url(self, url: QUrl) -> bool:
        """Open `url` with the desktop's handler; tests replace this."""
        return QDesktopServices.openUrl(url)

    def _on_gpu_only_toggled(self, checked: bool) -> None:
        settings = dataclasses.replace(self.shell.settings, gpu_only=checked)
        self.shell.apply_settings(settings)  # saves, and reruns the check when it changed


def _now() -> str:
    """The time of day, HH:MM, for "Checked at …"."""
    return QTime.currentTime().toString("HH:mm")
