"""Turn a raw scraped text or a saved web page into a Markdown article for content/articles/.

Run it as `python -m newsroom_import FILE` or `make import RAW=FILE`; `--help` lists the options.
"""
