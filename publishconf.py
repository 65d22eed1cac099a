"""Settings for the hosted site: absolute feed and canonical URLs from SITEURL.

SITEURL comes from the environment (for example https://USER.github.io/REPO), because the
same repository may be published under different addresses; so does CNAME, a custom domain.
Both are parsed (plugins/pages_hosting/address.py) before anything is built: a value that
is not a plain address stops the build with the way to write it.
"""

import os
import sys

sys.path.append(os.curdir)  # Pelican's quickstart: pelicanconf.py beside this file
from newsroom.plugins.pages_hosting.address import parse_cname, parse_siteurl  # noqa: E402
from pelicanconf import *  # noqa: E402,F403
from pelicanconf import PLUGINS  # noqa: E402

try:
    SITEURL = parse_siteurl(os.environ.get("SITEURL", ""))
    # A custom domain (e.g. CNAME=news.example.org) is written to output/CNAME, which GitHub
    # Pages reads when it is published from a branch (make github).
    PAGES_HOSTING_CNAME = parse_cname(os.environ.get("CNAME", ""), SITEURL)
except ValueError as error:
    raise SystemExit(f"publishconf.py: {error}") from None
# Page-to-page links stay relative, so the site works under any sub-path. Pelican then
# replaces SITEURL in each page's context by a relative path, so templates read the
# absolute address for canonical URLs from PAGES_HOSTING_SITEURL; feeds use FEED_DOMAIN.
RELATIVE_URLS = True
PAGES_HOSTING_SITEURL = SITEURL
FEED_DOMAIN = SITEURL
# Feeds, which the offline build has none of: every article, and one per tag, in Atom and RSS.
FEED_ALL_ATOM = "feeds/all.atom.xml"
FEED_ALL_RSS = "feeds/all.rss.xml"
TAG_FEED_ATOM = "feeds/tag-{slug}.atom.xml"
TAG_FEED_RSS = "feeds/tag-{slug}.rss.xml"
# Every correction of the site, newest first (newsroom.plugins.corrections).
CORRECTIONS_FEED_ATOM = "feeds/corrections.atom.xml"
DELETE_OUTPUT_DIRECTORY = True

# GitHub Pages serves 404.html (a DIRECT_TEMPLATE) for any missing path, at any depth: the
# theme gives it absolute links (PAGES_HOSTING_SITEURL) so they work wherever it is shown.
# pages_hosting: sitemap.xml (files only, reproducible), robots.txt naming it, CNAME, and
# feed identifiers fit for absolute URLs. See plugins/pages_hosting.
PLUGINS = [*PLUGINS, "newsroom.plugins.pages_hosting"]
SITEMAP = {"exclude": [r"^404\.html$"]}
