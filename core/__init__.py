"""Data and domain logic of the dashboard: loading, validation, risk scores and view state; no Dash imports."""
