"""Numbers and text: a vector read from what a student types (:mod:`.parsing`), and a
number written for the screen or for download, as CSV or JSON (:mod:`.export`)."""
