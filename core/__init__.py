"""The domain floor: data loading and validation, the view a link carries and how actions change it, what a view
selects from the data, risk scores, text and export; no Dash imports."""
