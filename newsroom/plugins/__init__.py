"""The Pelican plugins of the build, one package each, listed in PLUGINS by module path:
source_checks (what a source may say), normalise_metadata (tags), clean_markup (the text),
reading_time (the dateline's numbers), offline_search (search.html and its index),
pages_hosting (what a hosted site needs; the published build only)."""
