"""The training view's model: its settings (one field table, one parser), a training session
and its undo, the fit of a network to the data. UI-free (the import contracts say so)."""
