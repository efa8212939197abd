"""Functions that build the page's components; no callbacks and no data reading here."""
