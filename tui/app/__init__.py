"""The App: ``WorkbenchApp`` (``tui.app.workbench``) holds the shared state and hands each
command to a collaborator given it as a ``WorkbenchHost`` (``tui.app.host``): the panels'
layout and drawing (``layout``, ``panels``), the command gate, the edits, the file, lesson,
export and view commands, and autosave with recovery."""
