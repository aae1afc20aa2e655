"""Intake's use cases: each door's input becomes an archived message and its events, once."""
