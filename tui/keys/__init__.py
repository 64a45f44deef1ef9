"""Keys: the command table turned into bindings, the gate that hands keys on one at a time, and
the reading of Escape sequences."""
