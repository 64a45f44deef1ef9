"""``nnwb serve``: the workbench in a browser. The command checks its arguments before
textual-serve is imported; the server runs one app process per tab, each in its own folder."""
