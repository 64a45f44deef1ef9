"""The commands that open a view of the workbench or keep one: the training view, the keys
(help) and a screenshot."""

from __future__ import annotations

from pathlib import Path

from tui.app.command_gate import CommandGate
from tui.app.host import WorkbenchHost


class ViewCommands:
    """Training, help and screenshot, for the App (``host``); ``gate`` knows the screen in front."""

    def __init__(self, host: WorkbenchHost, gate: CommandGate) -> None:
        self.host = host
        self.gate = gate

    def train(self) -> None:
        """The training view, on this document's network; its weights are trained in place."""
        from tui.screens.training import TrainingScreen
        from tui.training.session import TrainingSession

        host = self.host
        if self.gate.training_open():  # one training view, one worker, ever
            host.notify("The training view is already open.", timeout=3)
            return
        session = host.training_session or TrainingSession()
        host.training_session = session
        host.push_screen(TrainingScreen(host.document, session), lambda _: host.render_document())

    def help(self) -> None:
        from tui.screens.help import HelpScreen

        if not isinstance(self.gate.front(), HelpScreen):  # Keys from the palette over the help: it is open
            self.host.push_screen(HelpScreen())

    def screenshot(self, filename: str | None = None, path: str | None = None) -> None:
        """An SVG of the screen, saved where the user can find it; the notification says where."""
        import time

        from tui.files.confinement import writable
        from tui.files.paths import screenshot_folder, screenshot_name

        host = self.host
        folder = Path(path).expanduser() if path else screenshot_folder()
        try:
            folder = writable(folder)  # a browser tab writes only in its own folder
            if filename is not None:  # a name may hold a folder too
                writable(folder / filename)
            folder.mkdir(parents=True, exist_ok=True)
            if not filename:
                filename = screenshot_name(self._label(), folder, time.time())
            saved = host.save_screenshot(filename, str(folder))
        except OSError as error:
            host.notify(f"Could not save the screenshot in {folder}: {error.strerror or error}",
                        title="Screenshot", severity="error", markup=False)
            return
        host.notify(f"Saved the screen as {Path(saved).resolve()}", title="Screenshot", timeout=10, markup=False)

    def _label(self) -> str:
        """What the screen shows: the file's name, else the open lesson's id, else nothing."""
        host = self.host
        if host.file_path is not None:
            return host.file_path.stem
        return host.lesson.lesson.id if host.lesson is not None else ""
