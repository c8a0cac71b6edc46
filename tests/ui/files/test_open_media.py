"""Issue #13.8: Ctrl+O and File → Add folder… queue recordings, a folder of them too; the
dialog shows audio and video (or all files); a file added twice is said, not queued twice;
files of one name from two folders show their folder.

The "recordings" here are not decodable (text named .wav): their rows fail at once, before
any model loads, which is all these tests need of them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QToolBar

from carevoice.ui.files.queue_model import FILE
from tests.ui.dialogs import OPENS_A_DIALOG, answer_file_dialog, when_open

pytestmark = [pytest.mark.qt_log_ignore(*OPENS_A_DIALOG)]


def _recording(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("not really audio", encoding="utf-8")
    return path


@pytest.fixture
def shown(window, qtbot):
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def _ctrl_o(window, qtbot) -> None:
    window.activateWindow()  # again, after the last dialog
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)


def test_ctrl_o_offers_audio_and_video_then_all_files_and_takes_a_folder(shown, qtbot, tmp_path):
    ward = tmp_path / "ward"
    for name in ("monday.wav", "evening/tuesday.mp4"):
        _recording(ward / name)
    (ward / "handover.txt").write_text("not a recording", encoding="utf-8")
    place = shown.places["files"]
    seen = {}

    def look_then_choose(dialog: QFileDialog):
        seen["filters"] = dialog.nameFilters()
        seen["filter in force"] = dialog.selectedNameFilter()
        answer_file_dialog(qtbot, "openMedia", ward)

    opened = when_open("openMedia", look_then_choose)
    with qtbot.waitSignal(place.queue.paths_added) as added:
        _ctrl_o(shown, qtbot)
    assert opened and not [a for a in opened if isinstance(a, BaseException)], opened

    audio, everything = seen["filters"]
    assert audio.startswith("Audio and video (") and "*.wav" in audio and "*.mp4" in audio
    assert everything == "All files (*)"
    assert seen["filter in force"] == audio
    assert added.args == [2, 1]
    assert [row.name for row in place.queue.rows()] == ["monday.wav", "tuesday.mp4"]
    assert place.status_line.text() == "Added 2 files; skipped 1 that is not audio or video"

    # The next time, the dialog opens in the folder chosen last.
    where = {}
    opened = when_open("openMedia", lambda d: (where.setdefault("dir", d.directory()), d.reject()))
    _ctrl_o(shown, qtbot)
    qtbot.waitUntil(lambda: bool(opened))
    assert opened and Path(where["dir"].absolutePath()) == ward


def test_add_folder_in_the_files_toolbar_queues_every_recording_inside(shown, qtbot, tmp_path):
    ward = tmp_path / "ward"
    _recording(ward / "night" / "visit.flac")
    _recording(ward / "visit.m4a")
    place = shown.places["files"]
    toolbar = place.findChild(QToolBar)
    button = toolbar.widgetForAction(place.add_folder_action)
    assert button is not None and button.isVisible()

    answered = answer_file_dialog(qtbot, "openMediaFolder", ward)
    with qtbot.waitSignal(place.queue.paths_added):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert answered and answered[0].fileMode() == QFileDialog.FileMode.Directory
    assert sorted(row.name for row in place.queue.rows()) == ["visit.flac", "visit.m4a"]
    # The File menu has it too.
    file_menu = shown.menuBar().actions()[0].menu()
    assert shown.open_folder_action in file_menu.actions()


def test_a_file_added_twice_is_said_and_its_row_selected_not_doubled(shown, qtbot, tmp_path):
    visit = _recording(tmp_path / "visit.wav")
    place = shown.places["files"]
    answer_file_dialog(qtbot, "openMedia", visit)
    with qtbot.waitSignal(place.queue.paths_added):
        _ctrl_o(shown, qtbot)
    [first] = place.queue.rows()
    place.table.clearSelection()

    answer_file_dialog(qtbot, "openMedia", visit)
    with qtbot.waitSignal(place.queue.paths_added) as added:
        _ctrl_o(shown, qtbot)

    assert added.args == [0, 1]
    assert [row.id for row in place.queue.rows()] == [first.id]
    assert place.status_line.text() == (
        "No files added; visit.wav is already queued (Retry runs it again)"
    )
    assert [row.id for row in place.selected_rows()] == [first.id]
    assert place.retry_action.isEnabled()


def test_files_of_one_name_from_two_folders_show_their_folder(shown, qtbot, tmp_path):
    monday = _recording(tmp_path / "monday" / "visit.wav")
    tuesday = _recording(tmp_path / "tuesday" / "visit.wav")
    place = shown.places["files"]
    answer_file_dialog(qtbot, "openMedia", monday)
    with qtbot.waitSignal(place.queue.paths_added):
        _ctrl_o(shown, qtbot)
    [only] = place.queue.rows()
    assert place.model.index(0, FILE).data() == "visit.wav"

    answer_file_dialog(qtbot, "openMedia", tuesday)
    with qtbot.waitSignal(place.queue.paths_added):
        _ctrl_o(shown, qtbot)

    shown_names = [place.model.index(r, FILE).data() for r in range(place.model.rowCount())]
    assert shown_names == ["visit.wav (in monday)", "visit.wav (in tuesday)"]
    cell = place.table.visualRect(place.model.index(place.model.position(only.id), FILE))
    qtbot.mouseClick(place.table.viewport(), Qt.MouseButton.LeftButton, pos=cell.center())
    place.remove_action.trigger()
    assert place.model.index(0, FILE).data() == "visit.wav"
