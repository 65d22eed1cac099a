"""Settings for the hosted site: absolute feed and canonical URLs from SITEURL.

SITEURL comes from the environment (for example https://USER.github.io/REPO), because the
same repository may be published under different addresses.
"""

import os
import sys
from urllib.parse import urlsplit

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402,F403
from pelicanconf import PLUGINS  # noqa: E402

SITEURL = os.environ.get("SITEURL", "").rstrip("/")
if not SITEURL.startswith(("https://", "http://")):
    raise SystemExit(
        "publishconf.py: set SITEURL to the site's absolute address, "
        "e.g. SITEURL=https://USER.github.io/REPO make publish"
    )
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
DELETE_OUTPUT_DIRECTORY = True

# GitHub Pages serves 404.html (a DIRECT_TEMPLATE) for any missing path, at any depth: the
# theme gives it absolute links (PAGES_HOSTING_SITEURL) so they work wherever it is shown.
# pages_hosting: sitemap.xml (files only, reproducible), robots.txt naming it, CNAME, and
# feed identifiers fit for absolute URLs. See plugins/pages_hosting.
PLUGINS = [*PLUGINS, "pages_hosting"]
SITEMAP = {"exclude": [r"^404\.html$"]}
# A custom domain (e.g. CNAME=news.example.org) is written to output/CNAME, which GitHub
# Pages reads when it is published from a branch (make github).
CNAME = os.environ.get("CNAME", "").strip()
if CNAME and urlsplit(SITEURL).hostname != CNAME:
    raise SystemExit(
        f"publishconf.py: CNAME={CNAME} but SITEURL={SITEURL}: with a custom domain, "
        f"set SITEURL=https://{CNAME}"
    )
