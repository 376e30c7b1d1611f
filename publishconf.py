"""Production settings: pelicanconf.py plus only what differs when the site goes live."""

from __future__ import annotations

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402, F403

# The public address; CI passes the Pages URL, e.g. SITEURL=https://example.github.io/site
SITEURL = os.environ.get("SITEURL", "https://seattleclemencyproject.org").rstrip("/")
RELATIVE_URLS = False
FEED_DOMAIN = SITEURL
STORIES_PREVIEW = False
