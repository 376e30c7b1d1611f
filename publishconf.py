"""Production settings: pelicanconf.py plus only what differs when the site goes live."""

from __future__ import annotations

import os
import sys
from pathlib import Path

# Import the pelicanconf.py beside this file, afresh: a process may build several projects.
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.modules.pop("pelicanconf", None)
from pelicanconf import *  # noqa: E402, F403

# The public address; CI passes the Pages URL, e.g. SITEURL=https://example.github.io/site
SITEURL = (os.environ.get("SITEURL") or "https://seattleclemencyproject.org").rstrip("/")
RELATIVE_URLS = False
FEED_DOMAIN = SITEURL
OUTBOUND_ORIGINS = []
STORIES_PREVIEW = False
