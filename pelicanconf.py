"""Site configuration for local builds. publishconf.py changes only what differs in production."""

from __future__ import annotations

SITENAME = "Seattle Clemency Project"
SITE_TAGLINE = "Immigrant post-conviction relief"
SITEURL = ""
# Feeds need absolute addresses; locally they point at the preview server.
FEED_DOMAIN = "http://127.0.0.1:8000"
# Pages name their own full address (canonical, hreflang); a local build's is the preview
# server, so the site check must allow links to it. publishconf.py empties this.
OUTBOUND_ORIGINS = [FEED_DOMAIN]
AUTHOR = "Seattle Clemency Project"
TIMEZONE = "America/Los_Angeles"
DEFAULT_LANG = "en"
# Languages of the site: stories and pages are translated by files beside the original
# (index.km.md, about.km.md); the languages plugin builds each under /<lang>/.
LANGUAGES = ["en", "km", "vi", "es"]

# Content in: stories/ (one folder per story) and content/ (pages, vocabularies).
PATH = "."
ARTICLE_PATHS = ["stories"]
PAGE_PATHS = ["content/pages"]
# Nothing is copied verbatim from content: story photos go through the photo pipeline only.
STATIC_PATHS = []
THEME = "theme"
# Escape everything templates print (story text is typed by people, not trusted HTML);
# rendered Markdown is printed with `|safe` on purpose.
# Every interface string in the theme goes through gettext (_() or {% trans %}); the
# languages plugin installs the translations.
JINJA_ENVIRONMENT = {
    "trim_blocks": True,
    "lstrip_blocks": True,
    "autoescape": True,
    "extensions": ["jinja2.ext.i18n"],
}
OUTPUT_PATH = "output"
DELETE_OUTPUT_DIRECTORY = True
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False

# Plugins: stories first (it validates and gates consent); the theme's plugins after it.
PLUGINS = [
    "clemency.plugins.stories",
    "clemency.plugins.photos",
    "clemency.plugins.assets",
    "clemency.plugins.listings",
    "clemency.plugins.seo",
    "clemency.plugins.contact",
    "clemency.plugins.links",
    "clemency.plugins.search",
    "clemency.plugins.security",
    "clemency.plugins.editor",
    "clemency.plugins.languages",
    "clemency.plugins.incremental",
]
STORIES_PATH = "stories"
STORIES_DATA_PATH = "content/data"
STORIES_PREVIEW = False

# Addresses: /stories/<slug>/ for stories, /<slug>/ for pages. Listings by outcome and partner are
# the vocabularies' own (`pages:` in content/data/*.yml): a story's category is its outcome, but
# Pelican writes no category page.
ARTICLE_URL = "stories/{slug}/"
ARTICLE_SAVE_AS = "stories/{slug}/index.html"
ARTICLE_LANG_URL = "{lang}/stories/{slug}/"
ARTICLE_LANG_SAVE_AS = "{lang}/stories/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
PAGE_LANG_URL = "{lang}/{slug}/"
PAGE_LANG_SAVE_AS = "{lang}/{slug}/index.html"
PATH_METADATA = r"content/pages/(?P<slug>[^./]+)(?:\.(?P<lang>[a-z]{2,3}))?\.md"
DIRECT_TEMPLATES = ["index", "stories", "search", "404"]
STORIES_URL = "stories/"
STORIES_SAVE_AS = "stories/index.html"
INDEX_URL = ""
INDEX_SAVE_AS = "index.html"
SEARCH_URL = "search/"
SEARCH_SAVE_AS = "search/index.html"
# 404.html at the top: GitHub Pages, Netlify and Cloudflare Pages serve it for unknown addresses.
_unwritten = ("CATEGORY", "CATEGORIES", "TAG", "TAGS", "AUTHOR", "AUTHORS", "ARCHIVES", "DRAFT", "DRAFT_PAGE")
for _unused in _unwritten:
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

# Menu: the story index, then these pages in this order, then search. The header's button is
# the call to action named by HEADER_CTA.
MENU_PAGES = ["about", "partners", "support"]
# Shorter menu labels than the pages' titles, so the menu fits a phone (default: the title).
MENU_LABELS = {"about": "About", "partners": "Partners", "support": "Support us"}
# The footer lists every page, by each page's `order`.
PAGE_ORDER_BY = "order"
HEADER_CTA = "get-help"

# Home page copy: a short headline (the page's h1, a few words that fit a phone's first screen),
# the purpose sentence as its lead, then the intro.
HOME_HEADLINE = "Keeping families together"
HOME_PURPOSE = (
    "Refugees and permanent residents facing deportation for old convictions get the legal "
    "help they need to stay with their families."
)
HOME_INTRO = (
    "Seattle Clemency Project partners with the Northwest Immigrant Rights Project and the Khmer "
    "Anti-Deportation Advocacy Group so that people who served their time long ago can stay in "
    "their community and keep their families together."
)

# Calls to action, on the home page and after every story, in this order. key: a CSS hook and
# HEADER_CTA's value; label: the button; text: one sentence; url: a site path or full address.
# Donate and Volunteer are shown only when CONTACT_DONATION_URL / CONTACT_VOLUNTEER_URL are set,
# and then link there (the contact plugin replaces their url).
CTAS = [
    {
        "key": "get-help",
        "label": "Get help",
        "url": "get-help/",
        "text": "Facing deportation because of an old conviction? Find out how to reach free "
        "and low-cost legal help.",
    },
    {
        "key": "donate",
        "label": "Donate",
        "url": "support/#donate",
        "text": "Pardon petitions and court motions are slow, careful legal work. Help pay for it.",
    },
    {
        "key": "volunteer",
        "label": "Volunteer",
        "url": "support/#volunteer",
        "text": "Attorneys: take on a post-conviction relief case and keep a family together.",
    },
]

# The program's own contact, shown on the Get help page (CONTACT_HELP_PAGE), in every footer and
# on the 404 page, each part only when it is set; `invoke check` names each empty one as a launch
# blocker. Defaults: clemency/contact.py. Fill in the program's real details, never a guess.
# The phone number as people dial it, e.g. "(206) 555-0100"; it becomes a tel: link.
CONTACT_PHONE = ""
# An email address (name@example.org); it becomes a mailto: link.
CONTACT_EMAIL = ""
# The postal address, one envelope line per line ("Street\nCity, State ZIP").
CONTACT_ADDRESS = ""
# When someone answers, in plain words ("Monday to Friday, 9 am to 5 pm"); translated via _().
CONTACT_HOURS = ""
# Codes of the languages staff speak with callers, e.g. ["en", "km"]: named in their own script.
CONTACT_LANGUAGES = []
# The intake form's address: a full https:// address, or a site path.
CONTACT_FORM_URL = ""
# Donate and Volunteer (CTAS) appear only once these are set, and then link there: a donation
# page's address; a volunteer page's address or an email address.
CONTACT_DONATION_URL = ""
CONTACT_VOLUNTEER_URL = ""

# The program's own social media accounts, as {"name": ..., "url": ...}: shown in the footer and
# in the search engines' data. None are known yet, so none are shown.
SOCIAL_LINKS = []

# Share links under each story: plain links, no third-party script. {url} and {title} are
# filled in, encoded. Their origins are outbound links the site check must allow.
SHARE_LINKS = [
    {"key": "email", "name": "Email", "url": "mailto:?subject={title}&body={url}"},
    {"key": "facebook", "name": "Facebook", "url": "https://www.facebook.com/sharer/sharer.php?u={url}"},
    {"key": "x", "name": "X", "url": "https://x.com/intent/post?url={url}&text={title}"},
    {
        "key": "linkedin",
        "name": "LinkedIn",
        "url": "https://www.linkedin.com/sharing/share-offsite/?url={url}",
    },
    {"key": "whatsapp", "name": "WhatsApp", "url": "https://wa.me/?text={title}%20{url}"},
]

# Stylesheet: these files from theme/static/, in layer order, become one hashed file.
ASSETS_CSS_FILES = [
    "css/tokens.css",
    "css/base.css",
    "css/layout.css",
    "css/components.css",
    "css/tones.css",
    "css/languages.css",
    "css/utilities.css",
    "css/print.css",
]

# Listings: how many stories the home page features and each story suggests next.
LISTINGS_FEATURED_COUNT = 3
LISTINGS_RELATED_COUNT = 3
# What makes two stories alike: each shared entry of a vocabulary (content/data/<name>.yml) adds
# its weight; ties go to the newest.
LISTINGS_RELATED_WEIGHTS = {"partners": 2, "outcomes": 1}
# Stories on a page of the story index and of each outcome's or partner's listing; a longer
# listing continues on pages of its own (stories/page/2/...), cut from the oldest story so that
# a new story changes the first page only. 0: every story on one page.
LISTINGS_PAGE_SIZE = 24

# Search engines, sharing and the installed-app manifest.
SEO_SHORT_NAME = "Clemency Project"
SEO_DESCRIPTION = HOME_PURPOSE
# The manifest's theme and background colours are the brand's (src/clemency/images/palette.py,
# kept equal to theme/static/css/tokens.css); set SEO_THEME_COLOR / SEO_BACKGROUND_COLOR to differ.

# Search: Pagefind indexes the stories after each build (`pagefind-bin` from PyPI).
SEARCH_PAGEFIND = True
