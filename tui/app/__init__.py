"""The App: the workbench screen's layout, the command gate, panels' drawing, recovery, and the
file, lesson and export commands."""
