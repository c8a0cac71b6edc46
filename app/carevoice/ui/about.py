"""Help → About: the version, and the licences of the models and main libraries."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from carevoice import __version__, licences


class AboutDialog(QDialog):
    """Care Voice's version, then a table of models and libraries with their licences,
    read from what is installed (carevoice.licences)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent, objectName="aboutDialog")
        self.setWindowTitle(self.tr("About Care Voice"))
        self.text = QTextBrowser(objectName="aboutText")
        self.text.setOpenExternalLinks(False)  # nothing leaves the machine
        self.text.setHtml(self.html())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        self.resize(560, 480)

    def html(self) -> str:
        intro = self.tr("Offline speech to text for care notes. Version {version}.").format(
            version=__version__
        )
        parts = [f"<h2>Care Voice {escape(__version__)}</h2><p>{escape(intro)}</p>"]
        for heading, components in (
            (self.tr("Models"), licences.models()),
            (self.tr("Libraries"), licences.libraries()),
        ):
            rows = "".join(
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>".format(
                    escape(c.name),
                    escape(c.version or self.tr("not installed")),
                    escape(c.licence),
                    escape(c.note),
                )
                for c in components
            )
            header = "<tr>{}<th></th></tr>".format(
                "".join(
                    f"<th align=left>{escape(title)}</th>"
                    for title in (self.tr("Name"), self.tr("Version"), self.tr("Licence"))
                )
            )
            parts.append(f"<h3>{escape(heading)}</h3><table cellspacing=4>{header}{rows}</table>")
        parts.append(
            "<p>" + escape(self.tr("Licences as the installed packages state them.")) + "</p>"
        )
        return "".join(parts)
