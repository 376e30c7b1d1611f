"""Peer benchmark: plain Pelican 4.12, the minimal site that matches ours (bench/build.py)."""

SITENAME = "Bench stories"
SITEURL = ""
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
PATH = "content"
ARTICLE_PATHS = ["stories"]
# Photos are copied as they are: plain Pelican resizes nothing.
STATIC_PATHS = ["stories"]
STATIC_EXCLUDE_SOURCES = True
THEME = "theme"
ARTICLE_URL = "stories/{slug}/"
ARTICLE_SAVE_AS = "stories/{slug}/index.html"
CATEGORY_URL = "stories/outcome/{slug}/"
CATEGORY_SAVE_AS = "stories/outcome/{slug}/index.html"
DIRECT_TEMPLATES = ["index", "stories"]
STORIES_SAVE_AS = "stories/index.html"
for _unused in ("CATEGORIES", "TAG", "TAGS", "AUTHOR", "AUTHORS", "ARCHIVES", "PAGE", "DRAFT"):
    globals()[f"{_unused}_SAVE_AS"] = ""
DEFAULT_PAGINATION = False
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
