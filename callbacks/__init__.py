"""Callback wiring: each module exposes `register(app, ctx)` and delegates to pure functions at once."""
