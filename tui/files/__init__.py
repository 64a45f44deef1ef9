"""What nnwb writes and reads on disk: session files, the autosave, NumPy export, the state and
screenshot folders, crash reports, path completion. UI-free (the import contracts say so)."""
