"""The template editor: a manager makes note templates and changes their name and sections
(add, rename, reorder, remove), or retire one (no longer offered for new notes; it can be
offered again). Notes already written keep the headings they were made
with; the store checks the headings, allows only managers, and audits every change.

Signals:
  changed(): a template was added or changed
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from carevoice.notes.store import NotesError, NoteStore, Staff
from carevoice.notes.templates import Template


class TemplateEditor(QDialog):
    changed = Signal()

    def __init__(
        self,
        store: NoteStore,
        by: Callable[[], Staff | None],
        names: Callable[[Template], str],
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("templateEditor")
        self.setWindowTitle(self.tr("Note templates"))
        self._store = store
        self._by = by
        self._names = names  # the built-in templates' names in the interface language
        self._templates: list[Template] = []
        self.chooser = QComboBox(objectName="templateChooser")
        self.chooser.currentIndexChanged.connect(self._show_chosen)
        self.new_button = QPushButton(self.tr("New template"), objectName="newTemplate")
        self.new_button.clicked.connect(self.new_template)
        self.name_edit = QLineEdit(objectName="templateName")
        self.sections = QListWidget(objectName="templateSections")
        self.sections.currentRowChanged.connect(self._show_section)
        self.heading_edit = QLineEdit(objectName="sectionHeading")
        self.heading_edit.setPlaceholderText(self.tr("Heading of a section"))
        self.add_button = QPushButton(self.tr("Add section"), objectName="addSection")
        self.add_button.clicked.connect(self.add_section)
        self.rename_button = QPushButton(self.tr("Rename section"), objectName="renameSection")
        self.rename_button.clicked.connect(self.rename_section)
        self.up_button = QPushButton(self.tr("Move up"), objectName="sectionUp")
        self.up_button.clicked.connect(lambda: self.move_section(-1))
        self.down_button = QPushButton(self.tr("Move down"), objectName="sectionDown")
        self.down_button.clicked.connect(lambda: self.move_section(1))
        self.remove_button = QPushButton(self.tr("Remove section"), objectName="removeSection")
        self.remove_button.clicked.connect(self.remove_section)
        self.active_box = QCheckBox(self.tr("Offered for new notes"), objectName="templateActive")
        self.save_button = QPushButton(self.tr("Save template"), objectName="saveTemplate")
        self.save_button.clicked.connect(self.save)
        self.message = QLabel(objectName="templateMessage", wordWrap=True)

        top = QGridLayout()
        top.addWidget(self.chooser, 0, 0)
        top.addWidget(self.new_button, 0, 1)
        form = QFormLayout()
        form.addRow(self.tr("Name:"), self.name_edit)
        form.addRow(self.tr("Sections:"), self.sections)
        form.addRow("", self.heading_edit)
        moves = QGridLayout()
        for index, button in enumerate(
            (
                self.add_button,
                self.rename_button,
                self.remove_button,
                self.up_button,
                self.down_button,
            )
        ):
            moves.addWidget(button, index // 3, index % 3)
        form.addRow("", moves)
        form.addRow("", self.active_box)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(form, 1)
        layout.addWidget(QLabel(self.tr("Notes already written keep their own headings.")))
        layout.addWidget(self.save_button)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.resize(480, 520)
        self.reload()

    # -- which template ------------------------------------------------------------------
    def reload(self, select: int | None = None) -> None:
        self._templates = self._store.templates(include_inactive=True)
        self.chooser.blockSignals(True)
        self.chooser.clear()
        for template in self._templates:
            label = self._names(template)
            if not template.active:
                label = self.tr("{name} (retired)").format(name=label)
            self.chooser.addItem(label, template.id)
        self.chooser.addItem(self.tr("(a new template)"), None)
        self.chooser.blockSignals(False)
        index = self.chooser.findData(select) if select is not None else 0
        self.chooser.setCurrentIndex(max(0, index))
        self._show_chosen()

    def chosen(self) -> Template | None:
        wanted = self.chooser.currentData()
        return next((t for t in self._templates if t.id == wanted), None)

    def _show_chosen(self) -> None:
        template = self.chosen()
        self.name_edit.setText(self._names(template) if template else "")
        self.sections.clear()
        self.sections.addItems(list(template.headings) if template else [])
        self.heading_edit.clear()
        self.active_box.setChecked(template is None or template.active)
        self.active_box.setEnabled(template is not None)
        self._show_section(self.sections.currentRow())

    def new_template(self) -> None:
        self.chooser.setCurrentIndex(self.chooser.count() - 1)
        self.name_edit.setFocus()

    # -- its sections --------------------------------------------------------------------
    def headings(self) -> list[str]:
        return [self.sections.item(row).text() for row in range(self.sections.count())]

    def _show_section(self, row: int) -> None:
        has = 0 <= row < self.sections.count()
        for button in (self.rename_button, self.remove_button):
            button.setEnabled(has)
        self.up_button.setEnabled(has and row > 0)
        self.down_button.setEnabled(has and row < self.sections.count() - 1)
        if has:
            self.heading_edit.setText(self.sections.item(row).text())

    def _heading(self) -> str | None:
        heading = " ".join(self.heading_edit.text().split())
        if not heading:
            self.say(self.tr("Type the section's heading first."))
            return None
        return heading

    def add_section(self) -> None:
        heading = self._heading()
        if heading is not None:
            self.sections.addItem(heading)
            self.sections.setCurrentRow(self.sections.count() - 1)

    def rename_section(self) -> None:
        row, heading = self.sections.currentRow(), self._heading()
        if heading is not None and row >= 0:
            self.sections.item(row).setText(heading)

    def remove_section(self) -> None:
        row = self.sections.currentRow()
        if row >= 0:
            self.sections.takeItem(row)
            self._show_section(self.sections.currentRow())

    def move_section(self, step: int) -> None:
        row = self.sections.currentRow()
        if 0 <= row + step < self.sections.count() and row >= 0:
            item = self.sections.takeItem(row)
            self.sections.insertItem(row + step, item)
            self.sections.setCurrentRow(row + step)

    # -- saving --------------------------------------------------------------------------
    def save(self) -> None:
        template = self.chosen()
        name = self.name_edit.text()
        try:
            if template is None:
                saved = self._store.add_template(name, self.headings(), by=self._by())
            else:
                renamed = name != self._names(template)  # a built-in keeps its own name
                saved = self._store.update_template(
                    template.id,
                    by=self._by(),
                    name=name if renamed else None,
                    headings=self.headings(),
                    active=self.active_box.isChecked(),
                )
        except NotesError as exc:
            self.say(str(exc))
            return
        self.reload(select=saved.id)
        self.say(self.tr("Template saved: {name}").format(name=self._names(saved)))
        self.changed.emit()

    def say(self, text: str) -> None:
        self.message.setText(text)
