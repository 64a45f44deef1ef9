"""The headless commands, ``nnwb run``, ``export``, ``check`` and ``lessons``: parsed and run
without importing Textual (the import contracts say so)."""
