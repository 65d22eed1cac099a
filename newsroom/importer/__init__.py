"""Turn a raw scraped text or a saved web page into a Markdown article for content/articles/.

Run it as `python -m newsroom.importer FILE` or `make import RAW=FILE`; `--help` lists the
options. It checks sources with the build's own rules (newsroom.plugins.source_checks), so
there is one copy of each rule.
"""
