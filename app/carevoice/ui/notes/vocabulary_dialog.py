"""A resident's vocabulary: the names and medications their notes should spell right."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from carevoice.engine.vocabulary import join_terms, parse_terms
from carevoice.notes.records import VocabularyTerm
from carevoice.notes.store import NotesError, NoteStore, Resident
from carevoice.notes.vocabulary import KINDS

TERM_ID_ROLE = Qt.ItemDataRole.UserRole  # on the term's cell: its number in the store
TERM, KIND = 0, 1  # columns


class VocabularyDialog(QDialog):
    """One resident's own terms, each with its kind; add and remove them.

    A thin view over the NoteStore: every change is written at once, and dictations and
    transcriptions about the resident pick the terms up from the store
    (carevoice.notes.vocabulary.options_for).

    Signals:
      terms_changed(): a term was added or removed
    """

    terms_changed = Signal()

    def __init__(self, store: NoteStore, resident: Resident, parent: QWidget | None = None):
        super().__init__(parent)
        self._store = store
        self._resident = resident
        self._terms: list[VocabularyTerm] = []
        self.setWindowTitle(self.tr("Vocabulary — {name}").format(name=resident.name))
        about = QLabel(
            self.tr(
                "Names and medications Care Voice should spell right in notes about {name}. "
                "Their own name is always included."
            ).format(name=resident.name),
            wordWrap=True,
        )
        self.table = QTableWidget(0, 2, objectName="vocabularyTerms")
        self.table.setHorizontalHeaderLabels([self.tr("Term"), self.tr("Kind")])
        self.table.horizontalHeader().setSectionResizeMode(TERM, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.itemSelectionChanged.connect(self._update_buttons)

        self.term_edit = QLineEdit(objectName="vocabularyTerm")
        self.term_edit.setPlaceholderText(self.tr("A name or medication, e.g. Donepezil"))
        self.term_edit.textChanged.connect(self._update_buttons)
        self.kind_combo = QComboBox(objectName="vocabularyKind")
        for kind in KINDS:
            self.kind_combo.addItem(self.kind_label(kind), kind)
        self.add_button = QPushButton(self.tr("Add"), objectName="addTerm")
        self.add_button.setDefault(True)  # Enter adds the term typed; it does not close
        self.add_button.clicked.connect(self.add_term)
        self.remove_button = QPushButton(self.tr("Remove"), objectName="removeTerm")
        self.remove_button.setAutoDefault(False)
        self.remove_button.clicked.connect(self.remove_selected)
        self.message = QLabel(objectName="vocabularyMessage", wordWrap=True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Close).setAutoDefault(False)

        adding = QHBoxLayout()
        adding.addWidget(self.term_edit, 1)
        adding.addWidget(self.kind_combo)
        adding.addWidget(self.add_button)
        below = QHBoxLayout()
        below.addWidget(self.remove_button)
        below.addStretch(1)
        below.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(about)
        layout.addWidget(self.table, 1)
        layout.addLayout(adding)
        layout.addWidget(self.message)
        layout.addLayout(below)
        self.reload()

    def kind_label(self, kind: str) -> str:
        """A kind of term ("name", "medication", "other") in the user's words."""
        labels = {
            "name": self.tr("Name"),
            "medication": self.tr("Medication"),
            "other": self.tr("Other"),
        }
        return labels.get(kind, kind)

    def reload(self) -> None:
        """Show the resident's own terms as the store has them, alphabetically."""
        self._terms = self._store.terms(self._resident.id, include_global=False)
        self.table.setRowCount(len(self._terms))
        for row, term in enumerate(self._terms):
            term_item = QTableWidgetItem(term.term)
            term_item.setData(TERM_ID_ROLE, term.id)
            self.table.setItem(row, TERM, term_item)
            self.table.setItem(row, KIND, QTableWidgetItem(self.kind_label(term.kind)))
        self._update_buttons()

    def shown_terms(self) -> list[tuple[str, str]]:
        """(term, kind as shown) for each row, in order."""
        return [
            (self.table.item(row, TERM).text(), self.table.item(row, KIND).text())
            for row in range(self.table.rowCount())
        ]

    def add_term(self) -> list[VocabularyTerm]:
        """Add what is typed, with the chosen kind: one term, or several split as
        everywhere else (engine.vocabulary.parse_terms: , ; ， 、 ； line breaks). Returns
        the terms added; terms already in the list are named in the message."""
        typed = parse_terms(self.term_edit.text())
        if not typed:
            return []
        known = {t.term.casefold(): t.term for t in self._terms}
        repeats = [known[term.casefold()] for term in typed if term.casefold() in known]
        added: list[VocabularyTerm] = []
        problem = ""
        for term in (t for t in typed if t.casefold() not in known):
            try:
                added.append(
                    self._store.add_term(term, self.kind_combo.currentData(), self._resident.id)
                )
            except NotesError as exc:
                problem = str(exc)
                break
        if repeats and not problem:
            problem = (
                self.tr("{term} is already in the list.").format(term=repeats[0])
                if len(repeats) == 1
                else self.tr("{terms} are already in the list.").format(terms=join_terms(repeats))
            )
        if added:
            self.term_edit.clear()
            self.reload()
            self.terms_changed.emit()
        self.message.setText(problem)
        return added

    def remove_selected(self) -> None:
        """Remove the selected term from the resident's vocabulary."""
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        item = self.table.item(rows[0].row(), TERM)
        try:
            self._store.remove_term(item.data(TERM_ID_ROLE))
        except NotesError as exc:  # removed meanwhile (by `care-voice notes`, say)
            self.message.setText(str(exc))
            self.reload()
            return
        self.message.clear()
        self.reload()
        self.terms_changed.emit()

    def _update_buttons(self) -> None:
        self.add_button.setEnabled(bool(self.term_edit.text().strip()))
        self.remove_button.setEnabled(bool(self.table.selectionModel().selectedRows()))
