"""Pure functions from (data, view) to plotly figures: no Dash import, no I/O."""
