"""The newsroom site's code, in the order an article flows: `importer` (make import: a scraped
text into content/articles/), `plugins` (what Pelican runs on the sources: checks, cleaning,
search, hosting), `build` (make html: Pelican into a fresh folder swapped in whole, and
incrementally). The theme is theme/, the settings pelicanconf.py and publishconf.py."""
