"""Export as NumPy: the command that asks for a path and writes the script there.

The App's collaborator, as ``FileCommands`` is; the script itself is
``tui.files.export_code``'s (``engine.export``'s).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tui.app.host import WorkbenchHost
from tui.document.state import EditRefused
from tui.files import confinement
from tui.files.confinement import PathRefused
from tui.files.paths import shown_path


class ExportCommand:
    """The "Export as NumPy" row of the command table, for the App (``host``)."""

    def __init__(self, host: WorkbenchHost) -> None:
        self.host = host

    def export_numpy(self) -> None:
        """Ask for a path, then write the network as a NumPy script there (``tui.files.export_code``)."""
        # The exporter is loaded on first use: nothing of it is on the first frame.
        from engine.export import DATA_KINDS, GeneratedData
        from tui.files.export_code import ExportRefused, data_of, write_script
        from tui.screens.dialogs import FormScreen

        host = self.host
        doc = host.document
        if doc.trace.error is not None:  # a script could not fail where the workbench does
            host.notify(f"Fix the shape error first: a script must compute what the workbench shows.\n{doc.trace.error}",
                        title="Export as NumPy", severity="warning", timeout=8, markup=False)
            return
        # The data set that made the batch (the exporter checks it still does): the one the
        # training view drew, else the one the file's training settings name.
        key: tuple[Any, ...] = host.training_session.data_key if host.training_session is not None else ()
        data = GeneratedData(*key) if len(key) == 4 and key[0] in DATA_KINDS else data_of(host.training_settings())
        confirmed: list[Path] = []  # a path the user has been told exists, and chose again

        def apply(values: list[str]) -> str:
            text = values[0].strip()
            if not text:
                raise EditRefused("write a file name, such as network.py")
            try:  # a browser tab writes only in its own folder
                path = confinement.writable(Path(text).expanduser().absolute())
            except PathRefused as refused:
                raise EditRefused(str(refused)) from None
            try:  # a name the system refuses (too long, say) is said, not a crash of the app
                is_folder, exists = path.is_dir(), path.exists()
            except OSError as error:
                raise EditRefused(f"cannot write {shown_path(path)}: {error.strerror or error}") from None
            if is_folder:
                raise EditRefused(f"{shown_path(path)} is a folder: add a file name, such as {shown_path(path / 'network.py')}")
            if exists and path not in confirmed:
                confirmed.append(path)
                raise EditRefused(f"{shown_path(path)} exists: Enter again replaces it, or change the name")
            try:
                written = write_script(doc, path, data)
            except ExportRefused as refused:
                raise EditRefused(str(refused)) from None
            except OSError as error:
                raise EditRefused(f"cannot write {shown_path(path)}: {error.strerror or error}") from None
            return f"Saved the network as {shown_path(written)}: run it with python"

        # Next to the session file, by its name; else in the current folder, by the example's.
        initial = host.file_path.with_suffix(".py") if host.file_path else Path.cwd() / f"{doc.preset or 'network'}.py"
        fields = [("export-path", "File (a .py script, written whole or not at all)", str(initial))]
        host.push_screen(FormScreen("Export as NumPy", fields, apply), self._exported)

    def _exported(self, done: str | None) -> None:
        if done:  # a path may hold brackets: no markup
            self.host.notify(done, title="Export as NumPy", timeout=10, markup=False)
