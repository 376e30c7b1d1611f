"""The story schema: the single source of truth for validation, the scaffold and the editor config.

Each field says what it holds in plain language (`label`, `hint`); the validator, `invoke new-story`
and the CMS config generator all read these definitions, so they can never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

# Kinds a field can be. "vocab" values must be keys of a vocabulary file in content/data/.
KINDS = ("text", "longtext", "date", "bool", "choice", "vocab", "group", "image", "focus", "list")


@dataclass(frozen=True)
class Field:
    name: str
    kind: str
    label: str
    hint: str
    required: bool = False
    choices: tuple[str, ...] = ()
    vocab: str = ""  # vocabulary name for kind "vocab" (content/data/<vocab>.yml)
    fields: tuple[Field, ...] = ()  # sub-fields for kind "group"
    many: bool = False  # a list of this kind is allowed (or, for "list", required)
    max_length: int = 0
    default: object = None  # what the scaffold writes
    # The field that holds the person's name: consent.name decides how much of it is shown, and
    # every other string is checked against the parts it hides (see `text_values`).
    person_name: bool = False

    def sub(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)


NAME_LEVELS = ("full", "first", "pseudonym", "anonymous")

STORY_FIELDS: tuple[Field, ...] = (
    Field(
        "title",
        "text",
        "Title",
        "The headline of the story, as visitors will read it.",
        required=True,
        max_length=120,
        default="",
    ),
    Field(
        "date",
        "date",
        "Date",
        "The day the story is published, as YYYY-MM-DD. Not in the future.",
        required=True,
    ),
    Field(
        "summary",
        "longtext",
        "Summary",
        "One or two sentences shown on story cards, in search results and when the story is "
        "shared. At most 300 characters.",
        required=True,
        max_length=300,
        default="",
    ),
    Field(
        "client",
        "text",
        "Client's name",
        "The person's name exactly as it may be published (a first name or a pseudonym is fine; "
        "the name level in the consent decides how much of it visitors see).",
        required=True,
        max_length=80,
        default="",
        person_name=True,
    ),
    Field(
        "outcome",
        "vocab",
        "Outcome",
        "What the legal work achieved.",
        required=True,
        vocab="outcomes",
        default="",
    ),
    Field(
        "attorney",
        "group",
        "Attorney",
        "Who represented the client. For several attorneys, write a list of name/firm pairs.",
        many=True,
        fields=(
            Field("name", "text", "Name", "The attorney's full name.", required=True),
            Field("firm", "text", "Firm", "The law firm or organisation, if any."),
        ),
    ),
    Field(
        "partners",
        "vocab",
        "Partner organisations",
        "Partners who worked on the case.",
        vocab="partners",
        many=True,
        default=[],
    ),
    Field(
        "photo",
        "group",
        "Photo",
        "A photo of the client, saved in the story's folder. Leave it out and a drawn "
        "placeholder is used instead.",
        fields=(
            Field(
                "src",
                "image",
                "File",
                "The photo's file name in this story's folder, "
                "e.g. photo.jpg (JPEG, PNG, WebP, GIF or HEIC straight off a phone).",
                required=True,
            ),
            Field(
                "alt",
                "text",
                "Description (alt text)",
                "Describe the photo for people who cannot see it: who is in it and what "
                "they are doing. Required unless the photo is decorative.",
                max_length=250,
            ),
            Field(
                "decorative",
                "bool",
                "Decorative",
                "true only if the photo adds nothing a description could say.",
                default=False,
            ),
            Field("caption", "text", "Caption", "Shown under the photo."),
            Field("credit", "text", "Photo credit", "Who took the photo."),
            Field(
                "focus",
                "focus",
                "Focal point",
                "What must stay in view when the photo is cropped: center, top, bottom, "
                "left, right, top left, ... or two percentages like '50% 30%'.",
                default="center",
            ),
        ),
    ),
    Field(
        "consent",
        "group",
        "Consent",
        "What the client agreed to on the signed consent form. Without it the story is never published.",
        required=True,
        fields=(
            Field(
                "name",
                "choice",
                "Name shown",
                "full: the client's name as written; first: first name only, never a "
                "surname; pseudonym: the name is changed and the page says so; anonymous: "
                "no name at all.",
                required=True,
                choices=NAME_LEVELS,
            ),
            Field(
                "photo",
                "bool",
                "Photo allowed",
                "true if the client agreed to publish their photo. false: the photo is never "
                "used and a placeholder is drawn.",
                required=True,
            ),
            Field(
                "given",
                "date",
                "Consent signed on",
                "The date the client signed the consent form (YYYY-MM-DD).",
                required=True,
            ),
            Field(
                "review",
                "date",
                "Re-confirm consent by",
                "The date by which consent must be re-confirmed with the client. After it, "
                "the story is not published.",
                required=True,
            ),
            Field(
                "withdrawn",
                "bool",
                "Consent withdrawn",
                "true if the client withdrew consent: the story disappears from the site at the next build.",
                default=False,
            ),
        ),
    ),
    Field(
        "content_notes",
        "text",
        "Content notes",
        "Difficult subjects the story touches (e.g. incarceration, family separation), shown "
        "before the story.",
        many=True,
        default=[],
    ),
    Field("featured", "bool", "Featured", "true to show this story on the home page.", default=False),
    Field("tags", "text", "Tags", "Topics for this story, as a list.", many=True, default=[]),
    Field(
        "status",
        "choice",
        "Status",
        "published, or draft to keep it off the site while you work on it.",
        choices=("published", "draft", "hidden"),
        default="draft",
    ),
    Field(
        "lang",
        "text",
        "Language",
        "The language of this file, one of the site's languages. Usually set by the file name (index.km.md).",
    ),
    Field("translation", "bool", "Is a translation", "Set automatically for index.<lang>.md files."),
    Field("modified", "date", "Last updated", "The date the story was last changed, if it was."),
)

# A group's field -> the groups that have it, for fields that are not also top-level ("review" ->
# ("consent",)): a line that lost its spaces can then be told where it belongs.
GROUPS_WITH: dict[str, tuple[str, ...]] = {
    name: tuple(f.name for f in STORY_FIELDS if f.sub(name))
    for name in {sub.name for f in STORY_FIELDS for sub in f.fields}
    if name not in {top.name for top in STORY_FIELDS}
}

# Fields a translation file (index.<lang>.md) may not set: they belong to the person, not the text.
TRANSLATION_INHERITED_ONLY = ("consent", "client", "outcome", "date")

PAGE_FIELDS: tuple[Field, ...] = (
    Field("title", "text", "Title", "The page's title.", required=True),
    Field("summary", "longtext", "Summary", "One sentence for search engines and sharing.", max_length=300),
    Field("slug", "text", "Address", "The last part of the page's address, e.g. get-help."),
    Field("lang", "text", "Language", "One of the site's LANGUAGES, e.g. km."),
    Field("translation", "bool", "Is a translation", "Set for a page in another language."),
    Field("status", "choice", "Status", "published or hidden.", choices=("published", "hidden", "draft")),
    Field("template", "text", "Template", "A page template other than the default."),
    Field("order", "text", "Menu order", "Position in the navigation menu (1 = first)."),
)


def field_names(fields: tuple[Field, ...]) -> list[str]:
    return [f.name for f in fields]


def text_values(meta: dict, fields: tuple[Field, ...] = STORY_FIELDS):
    """Every string of a story that can reach a page, as (field path, text), walked from the schema.

    Paths read like the check's messages: title, photo.alt, attorney[1].firm, content_notes[0].
    Only the person's name itself is left out; a field added to the schema is walked with no
    change here.
    """
    for f in fields:
        if not f.person_name:
            yield from _strings(f, meta.get(f.name), f.name)


def _strings(f: Field, raw, name: str):
    if isinstance(raw, list):
        for i, item in enumerate(raw):
            yield from _strings(f, item, f"{name}[{i}]")
    elif isinstance(raw, dict):
        for key, value in raw.items():
            sub = f.sub(str(key)) or f
            if not sub.person_name:
                yield from _strings(sub, value, f"{name}.{key}")
    elif isinstance(raw, str | int | float) and not isinstance(raw, bool):
        yield name, str(raw)
