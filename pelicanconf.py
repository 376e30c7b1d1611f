"""Site configuration for local builds. publishconf.py changes only what differs in production."""

from __future__ import annotations

SITENAME = "Seattle Clemency Project"
SITE_TAGLINE = "Immigrant post-conviction relief"
SITEURL = ""
# Feeds need absolute addresses; locally they point at the preview server.
FEED_DOMAIN = "http://127.0.0.1:8000"
AUTHOR = "Seattle Clemency Project"
TIMEZONE = "America/Los_Angeles"
DEFAULT_LANG = "en"
LANGUAGES = ["en"]

# Content in: stories/ (one folder per story) and content/ (pages, vocabularies).
PATH = "."
ARTICLE_PATHS = ["stories"]
PAGE_PATHS = ["content/pages"]
# Nothing is copied verbatim from content: story photos go through the photo pipeline only.
STATIC_PATHS = []
THEME = "theme"
# Escape everything templates print (story text is typed by people, not trusted HTML);
# rendered Markdown is printed with `|safe` on purpose.
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "autoescape": True,
                     "extensions": []}
OUTPUT_PATH = "output"
DELETE_OUTPUT_DIRECTORY = True
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False

PLUGINS = ["clemency.plugins.stories"]
STORIES_PATH = "stories"
STORIES_DATA_PATH = "content/data"
STORIES_PREVIEW = False

# Addresses: /stories/<slug>/ for stories, /<slug>/ for pages, listings by outcome.
ARTICLE_URL = "stories/{slug}/"
ARTICLE_SAVE_AS = "stories/{slug}/index.html"
ARTICLE_LANG_URL = "{lang}/stories/{slug}/"
ARTICLE_LANG_SAVE_AS = "{lang}/stories/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
PAGE_LANG_URL = "{lang}/{slug}/"
PAGE_LANG_SAVE_AS = "{lang}/{slug}/index.html"
PATH_METADATA = r"content/pages/(?P<slug>[^./]+)(?:\.(?P<lang>[a-z]{2,3}))?\.md"
CATEGORY_URL = "stories/outcome/{slug}/"
CATEGORY_SAVE_AS = "stories/outcome/{slug}/index.html"
DIRECT_TEMPLATES = ["index", "stories"]
STORIES_URL = "stories/"
STORIES_SAVE_AS = "stories/index.html"
INDEX_SAVE_AS = "index.html"
for _unused in ("CATEGORIES", "TAG", "TAGS", "AUTHOR", "AUTHORS", "ARCHIVES", "DRAFT", "DRAFT_PAGE"):
    globals()[f"{_unused}_SAVE_AS"] = ""
DRAFT_LANG_SAVE_AS = ""
DRAFT_PAGE_LANG_SAVE_AS = ""
DEFAULT_PAGINATION = False
DEFAULT_DATE_FORMAT = "%B %-d, %Y"

# One Atom feed of stories; no other feeds.
FEED_ALL_ATOM = "feeds/stories.atom.xml"
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

MARKDOWN = {
    "extensions": ["markdown.extensions.extra", "markdown.extensions.smarty"],
    "extension_configs": {},
    "output_format": "html5",
}

# Menu: pages in this order.
MENU_PAGES = ["about", "get-help", "partners"]
