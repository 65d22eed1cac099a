"""Settings for the hosted site: absolute feed and canonical URLs from SITEURL.

SITEURL comes from the environment (for example https://USER.github.io/REPO), because the
same repository may be published under different addresses.
"""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402,F403

SITEURL = os.environ.get("SITEURL", "").rstrip("/")
if not SITEURL.startswith(("https://", "http://")):
    raise SystemExit(
        "publishconf.py: set SITEURL to the site's absolute address, "
        "e.g. SITEURL=https://USER.github.io/REPO make publish"
    )
# Page-to-page links stay relative, so the site works under any sub-path. Pelican then
# replaces SITEURL in each page's context by a relative path, so templates read the
# absolute address for canonical URLs from CANONICAL_SITEURL; feeds use FEED_DOMAIN.
RELATIVE_URLS = True
CANONICAL_SITEURL = SITEURL
FEED_DOMAIN = SITEURL
DELETE_OUTPUT_DIRECTORY = True
