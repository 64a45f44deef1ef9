"""The document: the network, the batch and the labels a user edits, its edits, undo history
and size budgets. UI-free: nothing here imports Textual or Rich (the import contracts say so)."""
