"""The training view's model, UI-free (the import contracts say so): its settings (one field
table, one parser: settings), the data it trains on (data), the fit and the Trainer (run,
fit_problem), what a session keeps between visits (session), the pictures as arrays
(pictures) and the status as plain text pieces (status)."""
