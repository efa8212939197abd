"""View state: what a link carries (`view`), and how each user action turns one view into the next (`advance`)."""
