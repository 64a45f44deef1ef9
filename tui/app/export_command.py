"""Export as NumPy: the command that asks for a path and writes the script there.

Mixed into WorkbenchApp, as tui/app/file_commands.py is; the script itself is
tui/files/export_code.py's (engine/export.py's).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from engine.export import DATA_KINDS, GeneratedData
from tui.document.state import EditRefused
from tui.files.export_code import ExportRefused, data_of, write_script

if TYPE_CHECKING:
    from tui.app.workbench import WorkbenchApp


class ExportCommands:
    """Mixed into WorkbenchApp: the "Export as NumPy" row of the command table."""

    def action_export_numpy(self: WorkbenchApp) -> None:
        """Ask for a path, then write the network as a NumPy script there (tui/files/export_code.py)."""
        from tui.screens.dialogs import FormScreen

        doc = self.document
        if doc.trace.error is not None:  # a script could not fail where the workbench does
            self.notify(f"Fix the shape error first: a script must compute what the workbench shows.\n{doc.trace.error}",
                        title="Export as NumPy", severity="warning", timeout=8, markup=False)
            return
        # The data set that made the batch (the exporter checks it still does): the one the
        # training view drew, else the one the file's training settings name.
        key = getattr(getattr(self, "training_session", None), "data_key", ())
        data = GeneratedData(*key) if len(key) == 4 and key[0] in DATA_KINDS else data_of(self.training_settings())
        confirmed: list[Path] = []  # a path the user has been told exists, and chose again

        def apply(values: list[str]) -> str:
            text = values[0].strip()
            if not text:
                raise EditRefused("write a file name, such as network.py")
            path = Path(text).expanduser().absolute()
            if path.is_dir():
                raise EditRefused(f"{path} is a folder: add a file name, such as {path / 'network.py'}")
            if path.exists() and path not in confirmed:
                confirmed.append(path)
                raise EditRefused(f"{path} exists: Enter again replaces it, or change the name")
            try:
                written = write_script(doc, path, data)
            except ExportRefused as refused:
                raise EditRefused(str(refused)) from None
            except OSError as error:
                raise EditRefused(f"cannot write {path}: {error.strerror or error}") from None
            return f"Saved the network as {written}: run it with python"

        # Next to the session file, by its name; else in the current folder, by the example's.
        initial = self.file_path.with_suffix(".py") if self.file_path else Path.cwd() / f"{doc.preset or 'network'}.py"
        fields = [("export-path", "File (a .py script, written whole or not at all)", str(initial))]
        self.push_screen(FormScreen("Export as NumPy", fields, apply), self._exported)

    def _exported(self: WorkbenchApp, done: str | None) -> None:
        if done:  # a path may hold brackets: no markup
            self.notify(done, title="Export as NumPy", timeout=10, markup=False)
