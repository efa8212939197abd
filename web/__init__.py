"""The web layer around the Dash app: HTTP hardening that is not part of any page or callback."""
