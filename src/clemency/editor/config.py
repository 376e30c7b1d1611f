"""The story editor's configuration (Decap CMS's config file), generated from the story schema.

Pure: never imports Pelican. Every field of `schema.STORY_FIELDS` and `schema.PAGE_FIELDS` is
either turned into a form widget here or listed in `NOT_IN_FORM` with the reason, so adding a field
to the schema without deciding how staff edit it makes `decap_config` (and its test) fail.

Two things Decap cannot express are handled by the admin page's own script (admin/files.js):
the original story file is `index.md` (Decap's i18n would call it `index.en.md`), and the photo
description is required only when a photo is chosen and not marked decorative.
"""

from __future__ import annotations

import copy

from ..content.schema import PAGE_FIELDS, STORY_FIELDS, TRANSLATION_INHERITED_ONLY, Field
from ..content.validate import FOCUS_WORDS
from ..i18n.catalogs import language_name

DEFAULT_LOCAL_BACKEND_PORT = 8081
PLACEHOLDER_REPO = "OWNER/REPO"  # local editing never reaches GitHub, so any name works there
DATE_FORMAT = "YYYY-MM-DD"
# Dates are typed as the files and `invoke check` write them: a browser's date picker shows the
# computer's format (mm/dd/yyyy in the US), which then disagrees with every hint and message.
DATE_PATTERN = [r"^\d{4}-\d{2}-\d{2}$", "Write the date as YYYY-MM-DD, e.g. 2026-03-01."]
# Languages Decap CMS has interface translations for (decap-cms-locales 3.x); the editor speaks
# the first of the site's languages it has, else English.
DECAP_LOCALES = (
    "bg",
    "ca",
    "cs",
    "da",
    "de",
    "en",
    "es",
    "fa",
    "fr",
    "gr",
    "he",
    "hr",
    "hu",
    "it",
    "ja",
    "ko",
    "lt",
    "mk",
    "nb_no",
    "nl",
    "nn_no",
    "pl",
    "pt",
    "ro",
    "ru",
    "sk",
    "sl",
    "sr_Cyrl",
    "sv",
    "th",
    "tr",
    "ua",
    "uk",
    "vi",
    "zh_Hans",
    "zh_Hant",
)
# The Markdown buttons whose result the theme styles (.scp-prose); no code, strikethrough, etc.
MARKDOWN_BUTTONS = [
    "bold",
    "italic",
    "link",
    "heading-two",
    "heading-three",
    "quote",
    "bulleted-list",
    "numbered-list",
]
# Form sections in this order; the rest follow in schema order. Consent decides whether the story
# is published at all, so it comes first.
STORY_FIELD_ORDER = ("consent",)

# Fields the form leaves out: the file name decides them.
NOT_IN_FORM = {
    "lang": "the language comes from the file name (index.km.md); the editor names files itself",
    "translation": "set by the file name (index.<lang>.md); the editor names files itself",
}

# Per language version: "translate" fields are written in each language; "none" fields belong to
# the story (index.md) and a translation inherits them. The catalog refuses translations that set
# TRANSLATION_INHERITED_ONLY, so those must be "none".
STORY_I18N = {
    "title": "translate",
    "date": "none",
    "summary": "translate",
    "client": "none",
    "outcome": "none",
    "attorney": "none",
    "partners": "none",
    # A translation's photo would replace the original's whole photo group (src included), so the
    # photo, with its description, is shared; see docs/adding-a-story.md.
    "photo": "none",
    "consent": "none",
    "content_notes": "translate",
    "featured": "none",
    "tags": "none",
    "status": "none",
    "modified": "none",
}
PAGE_I18N = {
    "title": "translate",
    "summary": "translate",
    "slug": "none",
    "status": "none",
    "template": "none",
    "order": "none",
}

# Where the schema's hint speaks of YAML files, the form needs words for its own controls.
FORM_HINTS = {
    "outcome": "What the legal work achieved. Choose the closest; each option is explained on the site.",
    "partners": "Partner organisations who worked on the case. Choose any that apply.",
    "attorney": "Who represented the client. Add one entry per attorney.",
    "content_notes": "Difficult subjects the story touches (e.g. incarceration, family "
    "separation), shown before the story. One subject per entry.",
    "tags": "Topics for this story. One topic per entry.",
    "photo.src": "Upload the photo (JPEG, PNG, WebP, GIF or HEIC straight off a phone). It is "
    "saved in the story's folder; the site makes the published sizes.",
    "photo.alt": "Required unless the photo is decorative. Describe the photo for people who "
    "cannot see it: who is in it and what they are doing.",
    "photo.decorative": "Switch on only if the photo adds nothing a description could say. "
    "Then no description is needed.",
    "photo.focus": "What must stay in view when the photo is cropped for cards and banners.",
    "consent.name": "What the consent form allows: Full name, the client's name as written; "
    "First name only, never a surname; A changed name, and the page says the "
    "name was changed; No name at all.",
    "consent.photo": "On if the client agreed to publish their photo. Off: the photo is never "
    "used and a placeholder is drawn.",
    "consent.withdrawn": "On if the client withdrew consent: the story disappears from the "
    "site at the next build. Use this instead of deleting the story.",
    "featured": "On to show this story on the home page.",
    "status": "Choose Not published yet to keep the story off the site while you work on it.",
    "date": "The day the story is published, written YYYY-MM-DD (e.g. 2026-03-01). Not in the future.",
    "consent.given": "The date the client signed the consent form, written YYYY-MM-DD.",
    "consent.review": "The date by which consent must be re-confirmed with the client, written "
    "YYYY-MM-DD. After it, the story is taken off the site.",
    "modified": "The date the story was last changed, if it was, written YYYY-MM-DD.",
}
# What staff read for a choice; the file keeps the value.
CHOICE_LABELS = {
    "status": {
        "published": "Published",
        "draft": "Not published yet",
        "hidden": "Hidden: only people with the address can open it",
    },
    "consent.name": {
        "full": "Full name",
        "first": "First name only",
        "pseudonym": "A changed name (pseudonym)",
        "anonymous": "No name (anonymous)",
    },
}
# Shown in the form for fields whose rule depends on another field.
CONDITIONAL = {"photo.alt"}
# The scaffold starts new stories as drafts for people editing files; in the editor the pull
# request is the review step, so a story merged from the editor is published unless marked draft.
FORM_DEFAULTS = {"status": "published"}

FOCUS_LABELS = {
    "center": "Middle (the usual choice)",
    "top": "Top: keep the top in view, e.g. a face near the top",
    "bottom": "Bottom",
    "left": "Left",
    "right": "Right",
    "top left": "Top left corner",
    "top right": "Top right corner",
    "bottom left": "Bottom left corner",
    "bottom right": "Bottom right corner",
}

STORY_BODY = {
    "label": "Story",
    "name": "body",
    "widget": "markdown",
    "hint": "Required. The story itself, in plain paragraphs. Use the H2 button for a section "
    "heading. Never put a name here that consent does not allow.",
    "required": True,
    "i18n": True,
    # Photos go through the photo field only; an image pasted into the text would not be published.
    "editor_components": [],
    "buttons": MARKDOWN_BUTTONS,
    "modes": ["rich_text"],  # no "Markdown" source toggle: staff write text, not syntax
}
PAGE_BODY = {**STORY_BODY, "label": "Page text", "hint": "Required. The text of the page."}


class UnmappedField(ValueError):
    """A schema field has no editor mapping: decide in this module how staff edit it."""


def decap_config(
    vocab,
    *,
    languages: tuple[str, ...],
    backend: str = "github",
    repo: str = PLACEHOLDER_REPO,
    branch: str = "main",
    local: bool = False,
    site_url: str = "",
    local_backend_url: str = "",
    auth_base_url: str = "",
    auth_endpoint: str = "auth",
) -> dict:
    """The Decap CMS configuration as a dict (the admin plugin writes it into /admin/).

    vocab: clemency.content.vocab.Vocabularies (each vocab field becomes a select of its keys).
    languages: the site's, default first (clemency.i18n.catalogs.site_languages of the settings).
    local: add `local_backend`, so a page served from 127.0.0.1 edits the files on disk through
    decap-server instead of GitHub (Decap switches only when that server answers).
    auth_base_url: the OAuth client for the GitHub backend (see docs/hosting-the-editor.md).
    """
    backend_config: dict = {"name": backend, "repo": repo, "branch": branch, "squash_merges": True}
    if auth_base_url:
        backend_config["base_url"] = auth_base_url.rstrip("/")
        backend_config["auth_endpoint"] = auth_endpoint
    config: dict = {
        "backend": backend_config,
        "publish_mode": "editorial_workflow",
        "locale": editor_locale(languages),
        # Only for the header's Media tab; story photos are saved in each story's folder.
        "media_folder": "content/uploads",
        "public_folder": "/uploads",
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "i18n": {
            "structure": "multiple_files",
            "locales": list(languages),
            "default_locale": languages[0],
        },
        "collections": [story_collection(vocab), page_collection()],
    }
    if site_url:
        config["site_url"] = site_url
        config["display_url"] = site_url
    if local:
        url = local_backend_url or f"http://127.0.0.1:{DEFAULT_LOCAL_BACKEND_PORT}/api/v1"
        config["local_backend"] = {"url": url}
    return config


def hosted_editor_gaps(repo: str, auth_base_url: str) -> str:
    """What a production build lacks to publish a working editor, as the fix; "" if nothing.

    Without the repository the editor would edit OWNER/REPO; without the login address GitHub
    logins go to Netlify, which this site does not use. Either way /admin/ is left out.
    """
    missing = []
    if not repo or repo == PLACEHOLDER_REPO:
        missing.append('ADMIN_REPO = "<owner>/<repository>"')
    if not auth_base_url:
        missing.append('ADMIN_AUTH_URL = "https://<your login worker>"')
    if not missing:
        return ""
    return (
        "the story editor is left out of this production build (no /admin/): it needs "
        f"{' and '.join(missing)} in publishconf.py. See docs/hosting-the-editor.md."
    )


def editor_locale(languages: tuple[str, ...]) -> str:
    """The editor's interface language: the first site language Decap speaks, else English."""
    return next((lang for lang in languages if lang in DECAP_LOCALES), "en")


def story_collection(vocab) -> dict:
    fields = [widget(f, vocab, STORY_I18N) for f in STORY_FIELDS if f.name not in NOT_IN_FORM]
    _check_mapped(STORY_FIELDS, STORY_I18N, "STORY_I18N")
    at = next(i for i, f in enumerate(fields) if f["name"] == "summary") + 1
    fields.insert(at, copy.deepcopy(STORY_BODY))
    first = [f for name in STORY_FIELD_ORDER for f in fields if f["name"] == name]
    fields = first + [f for f in fields if f not in first]
    return {
        "name": "stories",
        "label": "Stories",
        "label_singular": "Story",
        "description": "One story per client. A saved story is not published yet: it goes on "
        "the site once a colleague has reviewed it and consent allows it.",
        "folder": "stories",
        "path": "{{slug}}/index",
        # The folder is the story's web address: made from the title (which the check keeps
        # free of any name part consent hides), never from the client's name.
        "slug": "{{slug}}",
        "extension": "md",
        "format": "yaml-frontmatter",
        "create": True,
        # Withdraw consent instead: the story leaves the site and its consent record stays.
        "delete": False,
        "media_folder": "",
        "public_folder": "",
        "identifier_field": "title",
        "summary": "{{title}} ({{client}})",
        "sortable_fields": ["date", "title", "client"],
        "i18n": True,
        "fields": fields,
    }


def page_collection() -> dict:
    fields = [widget(f, None, PAGE_I18N) for f in PAGE_FIELDS if f.name not in NOT_IN_FORM]
    _check_mapped(PAGE_FIELDS, PAGE_I18N, "PAGE_I18N")
    at = next(i for i, f in enumerate(fields) if f["name"] == "summary") + 1
    fields.insert(at, copy.deepcopy(PAGE_BODY))
    return {
        "name": "pages",
        "label": "Pages",
        "label_singular": "Page",
        "description": "The site's own pages: About, Get help, Partners.",
        "folder": "content/pages",
        "extension": "md",
        "format": "yaml-frontmatter",
        "create": True,
        "delete": False,
        "slug": "{{slug}}",
        "identifier_field": "title",
        "i18n": True,
        "fields": fields,
    }


def _check_mapped(fields: tuple[Field, ...], i18n: dict, table: str) -> None:
    for f in fields:
        if f.name not in NOT_IN_FORM and f.name not in i18n:
            raise UnmappedField(
                f"schema field '{f.name}' has no editor mapping. Add it to {table} in "
                "clemency/editor/config.py ('translate' or 'none'), or to NOT_IN_FORM with "
                "the reason."
            )


def widget(f: Field, vocab, i18n: dict | None = None, prefix: str = "", optional_group: bool = False) -> dict:
    """One form field for a schema field (sub-fields of groups recursively).

    optional_group: the field sits in a group that may be left out (the photo). Decap checks
    such sub-fields even when the group is empty, so they are not required in the form; the
    photo description's own rule is the alt-text widget, and `invoke check` backs up the rest.
    """
    key = f"{prefix}{f.name}"
    required = bool(f.required) and not optional_group
    out: dict = {
        "label": f.label,
        "name": f.name,
        "hint": form_hint(f, key, required),
        # The conditional field is "required" for Decap (no "(optional)" beside it); its widget
        # decides when it may stay empty (admin/files.js).
        "required": required or key in CONDITIONAL,
    }
    if i18n is not None and i18n.get(f.name) == "translate":
        out["i18n"] = True
    out.update(_widget_for_kind(f, vocab, key))
    default = FORM_DEFAULTS.get(key, f.default)
    if default not in (None, "", [], False) and "default" not in out:
        out["default"] = default
    if f.kind == "bool":
        out["default"] = bool(default)
    return out


def form_hint(f: Field, key: str, required: bool) -> str:
    """The hint under a field: the schema's plain wording, with "Required." when it is."""
    hint = FORM_HINTS.get(key, f.hint)
    return f"Required. {hint}" if required and not hint.startswith("Required") else hint


def _widget_for_kind(f: Field, vocab, key: str) -> dict:
    kind = f.kind
    if kind == "group":
        # List items are checked only when added; a single group's fields always are.
        optional = not (f.required or f.many)
        subs = [widget(s, vocab, prefix=f"{key}.", optional_group=optional) for s in f.fields]
        if f.many:
            return {"widget": "list", "fields": subs, "summary": "{{fields.name}}", "collapsed": False}
        return {"widget": "object", "fields": subs, "collapsed": False}
    if kind == "vocab":
        return {"widget": "select", "options": vocab_options(vocab, f.vocab), "multiple": bool(f.many)}
    if kind == "choice":
        labels = CHOICE_LABELS.get(key)
        if not labels:
            return {"widget": "select", "options": list(f.choices)}
        return {"widget": "select", "options": [{"label": labels.get(c, c), "value": c} for c in f.choices]}
    if kind == "focus":
        return {"widget": "select", "options": focus_options()}
    if kind == "bool":
        return {"widget": "boolean"}
    if kind == "date":
        # Typed as YYYY-MM-DD, like the files (see DATE_PATTERN); `invoke check` reads a quoted
        # '2026-03-01' as the date it spells.
        return {"widget": "string", "pattern": list(DATE_PATTERN)}
    if kind == "image":
        return {"widget": "image", "choose_url": False}
    if kind == "text" and key == "photo.alt":
        # A string field that is required only when a photo is chosen (admin/files.js).
        return {"widget": "alt-text", **_max_length(f)}
    if kind in ("text", "longtext", "list"):
        base = {"widget": "text" if kind == "longtext" else "string", **_max_length(f)}
        if f.many or kind == "list":
            item = {"label": f.label, "name": "item", "widget": "string"}
            return {"widget": "list", "field": item, "collapsed": False}
        return base
    raise UnmappedField(
        f"field '{key}' has kind '{kind}', which the editor cannot show yet; "
        "add it to _widget_for_kind in clemency/editor/config.py."
    )


def _max_length(f: Field) -> dict:
    if not f.max_length:
        return {}
    return {"pattern": [f"^[\\s\\S]{{0,{f.max_length}}}$", f"At most {f.max_length} characters."]}


def vocab_options(vocab, name: str) -> list[dict]:
    """Select options for a vocabulary: the label staff read, the key the file stores."""
    if name not in vocab:
        return []
    vocabulary = vocab[name]
    return [{"label": vocabulary.menu_label(key), "value": key} for key in vocabulary.entries]


def focus_options() -> list[dict]:
    """One option per distinct focal point the validator accepts (synonyms like 'centre' left out)."""
    seen: set[tuple[float, float]] = set()
    options = []
    for word, point in FOCUS_WORDS.items():
        if point in seen:
            continue
        seen.add(point)
        options.append({"label": FOCUS_LABELS.get(word, word.capitalize()), "value": word})
    return options


def admin_content_security_policy(*, local_backend_url: str = "", preview_url: str = "") -> str:
    """The admin page's own policy: Decap needs eval (its config validator compiles schemas) and
    inline styles (CSS-in-JS); it talks to GitHub's API, or to decap-server on loopback."""
    connect = ["'self'", "blob:", "data:", "https://api.github.com"]
    frames = ["'self'"]
    if local_backend_url:
        connect.append(_origin(local_backend_url))
    if preview_url and _origin(preview_url) not in frames:
        frames.append(_origin(preview_url))
    directives = (
        ("default-src", "'self'"),
        ("script-src", "'self' 'unsafe-eval'"),
        ("style-src", "'self' 'unsafe-inline'"),
        ("img-src", "'self' data: blob: https://avatars.githubusercontent.com"),
        ("font-src", "'self' data:"),
        ("connect-src", " ".join(connect)),
        ("frame-src", " ".join(frames)),
        ("worker-src", "'self' blob:"),
        ("object-src", "'none'"),
        ("base-uri", "'self'"),
        ("form-action", "'self'"),
    )
    return "; ".join(f"{name} {value}" for name, value in directives)


def _origin(url: str) -> str:
    scheme, _, rest = url.partition("://")
    return f"{scheme}://{rest.split('/', 1)[0]}"


def admin_settings(config: dict, *, preview_url: str) -> dict:
    """What the admin page's scripts need to know (admin/files.js and admin/preview.js)."""
    i18n = config["i18n"]
    translated: dict[str, list[list[str]]] = {}
    optional: dict[str, list[list[str]]] = {}
    keys: dict[str, list[str]] = {}
    for collection in config["collections"]:
        fields = [f for f in collection["fields"] if f.get("i18n") is True]
        keys[collection["folder"]] = [f["name"] for f in fields if f["name"] != "body"]
        translated[collection["name"]] = [[f["name"], f["label"]] for f in fields if f["required"]]
        optional[collection["name"]] = [[f["name"], f["label"]] for f in fields if not f["required"]]
    return {
        "defaultLocale": i18n["default_locale"],
        # In English, like the phrases they go into: the scripts' own messages ("The Khmer
        # version is not finished") and Decap's language phrases ("Writing in Khmer"), which its
        # Spanish and Vietnamese translations lack, so they stay English there too.
        "locales": {code: language_name(code, "en") for code in i18n["locales"]},
        # The editor's interface follows the staffer's browser among these (admin/staff.js).
        "editorLocales": [code for code in i18n["locales"] if code in DECAP_LOCALES],
        "editorLocale": config["locale"],
        "folders": [c["folder"] for c in config["collections"] if c.get("i18n")],
        # Decap swaps the configured backend for "proxy" when decap-server answers.
        "backends": sorted({config["backend"]["name"], "proxy"}),
        "previewUrl": preview_url,
        "translated": translated,
        "optionalTranslated": optional,
        "translatedKeys": keys,
    }


def inherited_fields_are_not_translated() -> list[str]:
    """Fields a translation may not set but that the form would translate (should be [])."""
    return [name for name in TRANSLATION_INHERITED_ONLY if STORY_I18N.get(name) != "none"]
