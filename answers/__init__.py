"""What each callback answers, as functions of parsed inputs: the Dash-aware layer between the pure figure and
state functions and the thin callbacks that wire them (Patch, no_update and components live here, not in figures/)."""
