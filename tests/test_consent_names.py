"""A hidden name never reaches a visitor, by any path: every field, translations, the address.

The cases are generated from the schema (STORY_FIELDS), so a text field added later is planted
and checked here without anyone remembering to add it.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml

from clemency.content import catalog, consent, names, vocab
from clemency.content.schema import NAME_LEVELS, STORY_FIELDS, TRANSLATION_INHERITED_ONLY, Field
from clemency.problems import ProblemsFound
from conftest import ROOT, TODAY, build, copy_project, write_photo

VOCAB, _ = vocab.load(ROOT / "content" / "data")
CLIENT = "José Pérez"
# How staff might write the hidden surname: any case, no accents, possessive.
SPELLINGS = ("Pérez's", "PEREZ", "perez", "Pérez")
TEXT_KINDS = ("text", "longtext", "image")


def text_fields(fields: tuple[Field, ...] = STORY_FIELDS, prefix: str = ""):
    """(dotted path, field) for every schema field that holds free text, except the name."""
    for f in fields:
        if f.person_name:
            continue
        if f.kind == "group":
            yield from text_fields(f.fields, f"{prefix}{f.name}.")
        elif f.kind in TEXT_KINDS:
            yield f"{prefix}{f.name}", f


TEXT_FIELDS = dict(text_fields())


def base_meta(level: str) -> dict:
    return {
        "title": "A family kept together",
        "date": dt.date(2026, 1, 10),
        "summary": "A fictional client.",
        "client": CLIENT,
        "outcome": "pardon-granted",
        "attorney": {"name": "Ada Counsel", "firm": "Counsel Partners"},
        "photo": {"src": "photo.jpg", "alt": "A person at home", "caption": "At home", "credit": "A friend"},
        "content_notes": ["incarceration"],
        "tags": ["family"],
        "status": "published",
        "consent": {
            "name": level,
            "photo": True,
            "given": dt.date(2026, 1, 1),
            "review": dt.date(2027, 1, 1),
        },
    }


def plant(meta: dict, path: str, text: str) -> dict:
    """`meta` with `text` written into the field at `path` (a list for fields that hold many)."""
    *groups, name = path.split(".")
    target = meta
    for group in groups:
        target = target.setdefault(group, {})
    field = TEXT_FIELDS[path]
    target[name] = [text] if field.many else text
    return meta


def write_story(
    folder: Path, meta: dict, body: str = "The story, told with consent.", name: str = "index.md"
) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for path, field in TEXT_FIELDS.items():  # photos named in the front matter exist
        if field.kind == "image":
            *groups, key = path.split(".")
            value = meta
            for group in groups:
                value = value.get(group) or {}
            if isinstance(value, dict) and value.get(key):
                write_photo(folder / value[key])
    text = "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n" + body
    (folder / name).write_text(text, encoding="utf-8")
    return folder / name


def load(project: Path) -> catalog.Catalog:
    return catalog.load(project / "stories", VOCAB, TODAY, languages=("en", "km"))


def planted_text(path: str, spelling: str) -> str:
    if TEXT_FIELDS[path].kind == "image":
        return f"{names.slugify(spelling)}.jpg"
    return f"Photo by {spelling} family" if path != "title" else f"The {spelling} family"


def test_the_schema_walk_finds_every_text_field():
    """Not vacuous: the fields the finding named are among those generated from the schema."""
    assert {
        "title",
        "summary",
        "photo.alt",
        "photo.caption",
        "photo.credit",
        "attorney.name",
        "attorney.firm",
        "content_notes",
        "tags",
        "photo.src",
    } <= set(TEXT_FIELDS)
    assert "client" not in TEXT_FIELDS


CASES = [
    (level, path, spelling)
    for level in ("first", "anonymous")
    for path in TEXT_FIELDS
    for spelling in SPELLINGS[:2]
]


@pytest.mark.parametrize(("level", "path", "spelling"), CASES)
def test_a_hidden_name_in_any_field_is_an_error_naming_the_field(project, level, path, spelling):
    meta = plant(base_meta(level), path, planted_text(path, spelling))
    write_story(project / "stories" / "a-family", meta)
    cat = load(project)
    named = [p for p in cat.problems if p.field.split("[")[0] == path]
    assert named and all(p.level == "error" for p in named), [p.format() for p in cat.problems]
    assert "P***" in named[0].message and "rez" not in named[0].format().lower()
    assert not cat.published


@pytest.mark.parametrize(
    ("level", "path"),
    [
        (level, path)
        for level in ("first", "anonymous")
        for path in TEXT_FIELDS
        if path.split(".")[0] not in TRANSLATION_INHERITED_ONLY
    ],
)
def test_a_hidden_name_in_a_translation_is_an_error_in_that_file(project, level, path):
    folder = project / "stories" / "a-family"
    write_story(folder, base_meta(level))
    translated = plant({"title": "Khmer title", "status": "published"}, path, planted_text(path, "Perez"))
    write_story(folder, translated, body="Khmer text.", name="index.km.md")
    cat = load(project)
    named = [p for p in cat.problems if p.field.split("[")[0] == path]
    assert [Path(p.path).name for p in named] == ["index.km.md"], [p.format() for p in cat.problems]
    assert cat.story_for(folder / "index.km.md") is None


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_a_hidden_name_in_the_body_in_any_spelling(project, spelling):
    write_story(
        project / "stories" / "a-family", base_meta("first"), body=f"She grew up in the {spelling} house."
    )
    assert [p.field for p in load(project).problems] == ["body"]


@pytest.mark.parametrize("level", ["full", "pseudonym"])
def test_levels_that_show_the_name_let_it_appear(project, level):
    meta = base_meta(level)
    for path in TEXT_FIELDS:
        if TEXT_FIELDS[path].kind != "image":
            plant(meta, path, planted_text(path, "Pérez"))
    write_story(project / "stories" / "jose-perez", meta, body="José Pérez's story.")
    cat = load(project)
    assert cat.problems == [] and cat.published


def test_a_word_that_only_contains_the_name_is_not_it(project):
    write_story(
        project / "stories" / "a-family",
        base_meta("first"),
        body="Perezoso means lazy; Ana-Pereza is a street.",
    )
    assert load(project).problems == []


def test_every_name_level_has_a_rule():
    assert set(NAME_LEVELS) == {"full", "first", "pseudonym", "anonymous"}
    assert consent.hidden_names(CLIENT, "first") == ["Pérez"]
    assert consent.hidden_names(CLIENT, "anonymous") == ["José", "Pérez"]
    assert consent.hidden_names(CLIENT, "full") == consent.hidden_names(CLIENT, "pseudonym") == []
    assert consent.hidden_names("María de la Cruz", "first") == ["Cruz"]


@pytest.mark.parametrize("level", ["first", "anonymous"])
def test_the_build_publishes_nothing_with_a_planted_name(tmp_path, level):
    project = copy_project(tmp_path)
    meta = base_meta(level)
    for path in TEXT_FIELDS:
        plant(meta, path, planted_text(path, "Perez"))
    write_story(project / "stories" / "a-family", meta, body="The Perez family.")
    clean = base_meta("full")
    clean["client"] = "Mara Testwell"
    write_story(project / "stories" / "mara-testwell", clean)
    with pytest.raises(ProblemsFound) as caught:
        build(project)
    report = str(caught.value)
    for path in TEXT_FIELDS:
        assert f" {path}" in report, path
    assert "perez" not in report.lower()
    output = project / "output"
    leaked = [
        p
        for p in output.rglob("*")
        if p.is_file() and "perez" in names.fold(p.read_bytes().decode("utf-8", "ignore"))
    ]
    assert leaked == []


# The address: a story's folder name is its web address, so it may say no more than consent.


@pytest.mark.parametrize(
    ("level", "fix"), [("first", "stories/jose/"), ("anonymous", "stories/a-family-kept-together/")]
)
def test_a_folder_holding_a_hidden_name_is_an_error_naming_the_fix(project, monkeypatch, level, fix):
    monkeypatch.setenv("CI", "true")
    write_story(project / "stories" / "jose-perez", base_meta(level))
    cat = load(project)
    (problem,) = cat.problems
    assert problem.field == "folder" and problem.level == "error"
    assert f"Rename the folder to {fix}" in problem.message
    assert "old address is not redirected" in problem.message
    assert not cat.published and "jose-perez" in cat.withheld
    shown = problem.format(project)
    assert "perez" not in names.fold(shown) and "p***" in shown


def test_a_folder_with_only_the_shown_name_is_the_address(project):
    write_story(project / "stories" / "jose", base_meta("first"))
    (story,) = load(project).published.values()
    assert story.slug == "jose"


def test_a_rename_hint_spells_the_address_as_new_story_does(project):
    write_story(project / "stories" / "José Ruiz", base_meta("full"))
    (problem,) = load(project).problems
    assert problem.message.endswith("Rename the folder to 'jose-ruiz'.")
    assert names.slugify("José Ruiz") == consent.address("José Ruiz", "full") == "jose-ruiz"


def test_an_anonymous_story_in_a_named_folder_is_not_built(tmp_path):
    """Finding 1: the full name was in the address, listings, sitemap, feed and search."""
    project = copy_project(tmp_path)
    meta = base_meta("anonymous")
    meta["client"] = "Zorvath Quillon"
    write_story(project / "stories" / "zorvath-quillon", meta)
    with pytest.raises(ProblemsFound) as caught:
        build(project)
    assert "stories/z***-q***/index.md: folder:" in str(caught.value)
    assert not (project / "output").exists()


# Logs: CI logs of a public repository are public.


def test_problems_and_notices_mask_the_name_in_ci(project, monkeypatch):
    monkeypatch.setenv("CI", "true")
    withdrawn = base_meta("full")
    withdrawn.update(client="Zorvath Quillon", date="not a date")
    withdrawn["consent"]["withdrawn"] = True
    write_story(project / "stories" / "zorvath-quillon", withdrawn)
    expired = base_meta("full")
    expired["consent"]["review"] = dt.date(2026, 3, 1)
    expired["title"] = "José Pérez went home"
    write_story(project / "stories" / "jose-perez", expired)
    cat = load(project)
    assert cat.notices == ["z***-q***: not published, consent was withdrawn."]
    (problem,) = cat.problems
    assert problem.format(project) == (
        "stories/j***-p***/index.md:24: consent.review: the client's consent review was due on "
        "2026-03-01: re-confirm with the client, then update consent.review."
    )


def test_a_value_echoed_in_a_message_is_masked(project, monkeypatch):
    monkeypatch.setenv("CI", "true")
    meta = base_meta("first")
    meta["date"] = "José Pérez"
    write_story(project / "stories" / "jose", meta)
    shown = [p.format(project) for p in load(project).problems]
    assert any("date: 'J*** P***' is not a date" in line for line in shown), shown
    assert not any("rez" in line for line in shown)


def test_a_staffer_terminal_outside_ci_shows_the_path(project, monkeypatch):
    class Terminal:
        def isatty(self):
            return True

    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setattr("sys.stderr", Terminal())
    write_story(project / "stories" / "jose-perez", base_meta("first"))
    (problem,) = load(project).problems
    assert problem.format(project).startswith("stories/jose-perez/index.md: folder:")


def test_masking_is_one_function():
    from clemency.sitecheck import forbidden

    assert forbidden.masked is names.masked and names.masked("José Pérez") == "J*** P***"
    assert names.conceal("stories/jose-perez/ and Pérez's", ["José Pérez"]) == (
        "stories/j***-p***/ and P***'s"
    )


# The site check: the last gate before visitors.


def scan(tmp_path: Path, text: str, *, forbidden, shown=(), name="stories/other/index.html"):
    from clemency.sitecheck import forbidden as forbidden_names
    from clemency.sitecheck.site import Site

    page = tmp_path / "site" / name
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(f"<!doctype html><title>x</title><p>{text}</p>", encoding="utf-8")
    return forbidden_names.check(Site(tmp_path / "site", forbidden=tuple(forbidden), shown=tuple(shown)))


@pytest.mark.parametrize(
    "text", ["the PÉREZ family", "Perez's house", "perez", '<a href="/stories/jose-perez/">x</a>']
)
def test_the_site_check_finds_a_withheld_surname_alone(tmp_path, text):
    (problem,) = scan(tmp_path, text, forbidden=["Pérez"])
    assert "P***" in problem.message and "rez" not in problem.format().lower()


def test_the_site_check_finds_the_old_address(tmp_path):
    (problem,) = scan(tmp_path, "<a href='/stories/zorvath/'>x</a>", forbidden=["zorvath"])
    assert "old address" in problem.message


def test_the_site_check_reads_over_names_shown_with_consent(tmp_path):
    assert (
        scan(
            tmp_path,
            "Ana Pérez's story, with Luis Perez",
            forbidden=["Pérez"],
            shown=["Ana Pérez", "Luis Pérez"],
        )
        == []
    )
    assert scan(tmp_path, "Ana Pérez met Perez", forbidden=["Pérez"], shown=["Ana Pérez"])


def test_the_site_check_masks_the_file_path(tmp_path):
    (problem,) = scan(tmp_path, "x", forbidden=["Zorvath Quillon"], name="stories/zorvath-quillon/index.html")
    assert "/site/stories/z***-q***/index.html:" in problem.format()


def test_the_catalog_withholds_hidden_parts_and_old_addresses(project):
    write_story(project / "stories" / "jose", base_meta("first"))
    gone = base_meta("full")
    gone["client"] = "Zorvath Quillon"
    gone["consent"]["withdrawn"] = True
    write_story(project / "stories" / "zorvath-quillon", gone)
    cat = load(project)
    assert {"Pérez", "zorvath-quillon"} <= cat.withheld
    assert "Zorvath Quillon" in cat.unpublished_names
    assert "Ada Counsel" in cat.shown_names


def test_the_build_log_masks_the_folder_of_a_leak(tmp_path, monkeypatch):
    """A site-check problem found in the temp folder keeps its masking once moved to output/."""
    from clemency.build.atomic import build_site
    from clemency.problems import Problem

    monkeypatch.setenv("CI", "true")
    project = copy_project(tmp_path)
    write_story(project / "stories" / "zorvath", {**base_meta("first"), "client": "Zorvath Q"})

    def check(output: Path, **_options):
        return [Problem(output / "stories" / "zorvath" / "index.html", "planted", conceal_path=("Zorvath",))]

    with pytest.raises(ProblemsFound) as caught:
        build_site(
            project / "pelicanconf.py",
            project / "output",
            settings_overrides={"STORIES_TODAY": TODAY},
            check=check,
        )
    assert "output/stories/z***/index.html: planted" in str(caught.value)


def test_a_common_surname_shown_with_consent_is_not_withheld_site_wide(project):
    """Linh Nguyen (first name only) and Tuan Nguyen (full): Tuan's page may say Nguyen."""
    linh = base_meta("first")
    linh["client"] = "Linh Nguyen"
    write_story(project / "stories" / "linh", linh)
    tuan = base_meta("full")
    tuan["client"] = "Tuan Nguyen"
    write_story(project / "stories" / "tuan-nguyen", tuan, body="The Nguyen family.")
    gone = base_meta("first")
    gone.update(client="Zorvath Quillon")
    gone["consent"]["withdrawn"] = True
    write_story(project / "stories" / "zorvath", gone)
    cat = load(project)
    assert cat.problems == []
    assert "Nguyen" in cat.withheld and "Nguyen" not in cat.forbidden_words()
    assert {"Quillon", "Zorvath Quillon", "zorvath"} <= set(cat.forbidden_words())


def test_an_unreadable_story_masks_the_name_it_may_hold(project, monkeypatch):
    monkeypatch.setenv("CI", "true")
    folder = project / "stories" / "zorvath-quillon"
    folder.mkdir()
    (folder / "index.md").write_text("---\ntitle: x\nclient: Zorvath Quillon\nsummary: [\n---\n")
    (problem,) = load(project).problems
    shown = problem.format(project)
    assert shown.startswith("stories/z***-q***/index.md")
    assert "zorvath" not in shown.lower() and "quillon" not in shown.lower()


def test_changing_the_name_level_changes_the_address_with_no_redirect(tmp_path):
    from clemency.sitecheck import check_output

    project = copy_project(tmp_path)
    folder = project / "stories" / "jose-perez"
    write_story(folder, base_meta("full"))
    before = build(project, project / "before")
    assert (before / "stories" / "jose-perez" / "index.html").is_file()

    write_story(folder, base_meta("first"))  # the client now allows the first name only
    (problem,) = load(project).problems
    assert "Rename the folder to stories/jose/" in problem.message
    folder.rename(project / "stories" / "jose")
    cat = load(project)
    assert cat.problems == []
    after = build(project, project / "after")
    assert (after / "stories" / "jose" / "index.html").is_file()
    trace = names.pattern(["Pérez", "jose-perez"])
    assert [
        p
        for p in after.rglob("*")
        if p.is_file()
        and trace.search(
            names.fold(p.relative_to(after).as_posix() + p.read_bytes().decode("utf-8", "ignore"))
        )
    ] == []
    assert "Pérez" in cat.forbidden_words()  # the site check looks for the surname alone
    found = [
        p
        for p in check_output(
            after, forbidden=cat.forbidden_words(), shown_names=cat.shown_names, validate_html=False
        )
        if "withheld" in p.message
    ]
    assert found == []


def test_a_folder_problem_found_before_reading_masks_the_name(project, monkeypatch):
    monkeypatch.setenv("CI", "true")
    write_story(project / "stories" / "Zorvath Quillon", {**base_meta("full"), "client": "Zorvath Quillon"})
    (problem,) = load(project).problems
    shown = problem.format(project)
    assert shown.startswith("stories/Z*** Q***/index.md: the folder name 'Z*** Q***'")
    assert shown.endswith("Rename the folder to 'z***-q***'.")


def test_the_site_check_catches_a_hidden_surname_leaked_by_the_theme(tmp_path):
    """Defence in depth: were a template to print story.client, the gate stops the build."""
    from clemency.sitecheck import check_output

    project = copy_project(tmp_path)
    write_story(project / "stories" / "jose", base_meta("first"))
    output = build(project)
    cat = load(project)
    clean = check_output(
        output, forbidden=cat.forbidden_words(), shown_names=cat.shown_names, validate_html=False
    )
    assert [p for p in clean if "withheld" in p.message] == []
    page = output / "stories" / "jose" / "index.html"
    page.write_text(page.read_text().replace("</h1>", " (José PÉREZ)</h1>"))
    found = check_output(
        output, forbidden=cat.forbidden_words(), shown_names=cat.shown_names, validate_html=False
    )
    assert [p.path for p in found if "withheld" in p.message] == [page]


@pytest.mark.parametrize(("body", "hinted"), [("We hope she stays.", True), ("Hope stayed.", False)])
def test_a_name_that_is_also_a_word_gets_a_hint(project, body, hinted):
    meta = base_meta("anonymous")
    meta["client"] = "Hope Rivers"
    write_story(project / "stories" / "a-family", meta, body=body)
    (problem,) = load(project).problems
    assert problem.field == "body"
    assert ("everyday word" in problem.message) is hinted


def test_the_names_search_reads_a_page_as_written_and_as_decoded_generated():
    """Generated pages: withheld names (an apostrophe, a space, a hyphen, an accent) written plainly,
    as an address, or through character references (&#39;, &nbsp;, &eacute;, a combining
    accent, letters by number), among references that decode to punctuation (&amp;, &lt;).
    The scan finds all that a search of the written and the decoded text finds, and nothing
    the scan that always searched both (joined by a line break) did not."""
    import html as html_module
    import random

    from clemency.content.names import WithheldNames, fold
    from clemency.sitecheck import forbidden

    names = WithheldNames(["Zelda Withdrawnson", "Siobhan O'Brien", "José Ruíz", "Quillon"])
    pieces = [
        "Zelda",
        "Withdrawnson",
        "Siobhan",
        "O",
        "Brien",
        "Jos",
        "Ruíz",
        "Ruiz",
        "Quillon",
        "quill",
        "story",
        "the",
        "12",
        " ",
        " ",
        "-",
        "'",
        "&#39;",
        "&amp;",
        "&lt;",
        "&gt;",
        "&quot;",
        "&nbsp;",
        "&eacute;",
        "e&#769;",
        "&#90;",
        "&#x51;",
        "&amp",
        "&ampx",
        "<p>",
        "</p>",
        "\n",
        "_",
        ".",
        "é",
    ]
    rng = random.Random(20261204)
    for _ in range(4000):
        raw = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 14)))
        data = raw.encode()
        both = names.found([fold(raw), fold(html_module.unescape(raw))])
        joined = names.found([fold(raw + "\n" + html_module.unescape(raw))])
        found = names.found([forbidden._text(data, names.spelled)])
        assert set(both) <= set(found) <= set(joined), raw


# A story that is not published, for any reason and at any level of consent for the name.
NOT_PUBLISHED = {
    "withdrawn": lambda consent: {**consent, "withdrawn": True},
    "consent missing": lambda consent: None,
    "consent review overdue": lambda consent: {**consent, "review": TODAY - dt.timedelta(days=1)},
}


@pytest.mark.parametrize("level", NAME_LEVELS)
@pytest.mark.parametrize("why", NOT_PUBLISHED)
def test_the_surname_of_a_story_not_published_is_withheld_alone(project, level, why):
    """Even where consent had let the whole name show, the surname alone reaches no page once the
    story is down; the first name alone (an everyday word as often as a name) stays free."""
    meta = base_meta(level)
    meta["consent"] = NOT_PUBLISHED[why](meta["consent"])
    write_story(project / "stories" / "jose-perez", meta)
    forbidden = load(project).forbidden_words()
    assert "Pérez" in forbidden
    assert "José" not in forbidden or level == "anonymous"


def test_a_withdrawn_full_name_story_surname_in_another_story_stops_the_build(tmp_path):
    """The staffer is sent to the story that names them, at the line, not to a built page."""
    from clemency.build.gate import site_builder

    project = copy_project(tmp_path)
    gone = base_meta("full")
    gone["consent"]["withdrawn"] = True
    write_story(project / "stories" / "jose-perez", gone)
    other = base_meta("full")
    other["client"] = "Mara Testwell"
    source = write_story(project / "stories" / "mara-testwell", other, body="Mara met the Perez family.")
    line = source.read_text().splitlines().index("Mara met the Perez family.") + 1
    output = project / "output"
    with pytest.raises(ProblemsFound) as caught:  # as `invoke build` builds
        site_builder(project / "pelicanconf.py", output, {"STORIES_TODAY": TODAY})({}, ())
    assert f"stories/mara-testwell/index.md:{line}: body: mentions P***" in str(caught.value)
    assert "perez" not in str(caught.value).lower()
    assert not output.exists()  # nothing was published


# An attorney's name is shown with consent: a surname in it is that attorney's (read over).
@pytest.mark.parametrize("path", [p for p in TEXT_FIELDS if p != "attorney.name"])
def test_a_story_down_named_in_any_field_of_another_is_an_error_there(project, path):
    gone = base_meta("full")
    gone["consent"]["withdrawn"] = True
    write_story(project / "stories" / "jose-perez", gone)
    other = plant({**base_meta("full"), "client": "Mara Testwell"}, path, planted_text(path, "Pérez"))
    write_story(project / "stories" / "mara-testwell", other)
    problems = [p for p in load(project).problems if "mentions" in p.message]
    assert [(p.path.parent.name, p.field.split("[")[0]) for p in problems] == [("mara-testwell", path)]
    assert "P***" in problems[0].message and problems[0].line


# What names a story that is down, and where another story's files may say it.
MENTIONS = {
    "the surname": "The Pérez family came too.",
    "the full name": "She met JOSE PEREZ there.",
    "the address": "[His story](/stories/jose-perez/) is gone.",
}


@pytest.mark.parametrize("file", ["index.md", "index.km.md"])
@pytest.mark.parametrize("mention", MENTIONS)
def test_a_story_down_named_in_another_story_or_its_translation_is_an_error_there(project, mention, file):
    gone = base_meta("full")
    gone["consent"]["withdrawn"] = True
    write_story(project / "stories" / "jose-perez", gone)
    folder = project / "stories" / "mara-testwell"
    write_story(folder, {**base_meta("full"), "client": "Mara Testwell"})
    translated = {"title": "Khmer title", "status": "published"}
    write_story(folder, translated, body=f"Khmer text.\n\n{MENTIONS[mention]}", name="index.km.md")
    if file == "index.md":
        write_story(folder, {**base_meta("full"), "client": "Mara Testwell"}, body=MENTIONS[mention])
        write_story(folder, translated, body="Khmer text.", name="index.km.md")
    (problem,) = [p for p in load(project).problems if "mentions" in p.message]
    assert (problem.path.name, problem.field) == (file, "body")
    assert folder.joinpath(file).read_text().splitlines()[problem.line - 1] == MENTIONS[mention]
    assert "perez" not in names.fold(problem.format())


def test_a_name_shown_with_consent_that_shares_the_surname_is_no_mention(project):
    gone = base_meta("full")
    gone["consent"]["withdrawn"] = True
    write_story(project / "stories" / "jose-perez", gone)
    other = {**base_meta("full"), "client": "Ana Perez"}
    write_story(project / "stories" / "ana-perez", other, body="Ana Perez tells her story.")
    assert [p for p in load(project).problems if "mentions" in p.message] == []


def test_stories_found_clean_are_checked_again_when_they_or_the_names_change(project, tmp_path):
    """A folder found naming no one is not read again while its bytes and the names looked for
    are the same; an edit, or another story going down, reads it again."""
    cache = tmp_path / "cache"

    def mentions() -> list[str]:
        found = catalog.load(project / "stories", VOCAB, TODAY, languages=("en", "km"), cache=cache)
        return [p.path.parent.name for p in found.problems if "mentions" in p.message]

    gone = base_meta("full")
    gone["consent"]["withdrawn"] = True
    write_story(project / "stories" / "jose-perez", gone)
    other = {**base_meta("full"), "client": "Mara Testwell"}
    write_story(project / "stories" / "mara-testwell", other, body="Mara met Zorvath.")
    assert mentions() == []
    assert len(json.loads((cache / "clean.json").read_text())["clean"]) == 1  # Mara's folder
    assert mentions() == []  # from what was kept
    write_story(project / "stories" / "mara-testwell", other, body="Mara met the Perez family.")
    assert mentions() == ["mara-testwell"]
    write_story(project / "stories" / "mara-testwell", other, body="Mara met Zorvath Quillon.")
    assert mentions() == []
    zorvath = {**base_meta("full"), "client": "Zorvath Quillon"}
    zorvath["consent"]["withdrawn"] = True
    write_story(project / "stories" / "zorvath-quillon", zorvath)
    assert mentions() == ["mara-testwell"]


@pytest.mark.parametrize("where", ["title", "body"])
def test_a_page_of_the_site_naming_a_story_down_is_an_error_there(project, where):
    """About, Get help...: content/pages/, at the field or line, like a story."""
    from clemency.build.sources import read_project_settings

    gone = base_meta("full")
    gone["consent"]["withdrawn"] = True
    write_story(project / "stories" / "jose-perez", gone)
    about = project / "content" / "pages" / "about.md"
    text = about.read_text(encoding="utf-8")
    if where == "title":
        text = text.replace("title: ", "title: The Pérez family and ", 1)
    else:
        text += "\nWe thank the Perez family.\n"
    about.write_text(text, encoding="utf-8")
    settings = read_project_settings(project / "pelicanconf.py", {"STORIES_TODAY": TODAY})
    problems = [p for p in catalog.load_site(settings)[2] if "mentions" in p.message]
    assert [(p.path.name, p.field) for p in problems] == [("about.md", where)]
    assert "Perez" in about.read_text().splitlines()[problems[0].line - 1].replace("é", "e")


def test_an_address_that_is_a_word_of_a_name_shown_is_no_mention_as_in_the_site_check(project):
    """A story down at stories/jose/ and José Ruiz's own story, shown in full: his name is his."""
    gone = base_meta("first")
    gone["consent"]["withdrawn"] = True
    write_story(project / "stories" / "jose", gone)
    write_story(
        project / "stories" / "jose-ruiz", {**base_meta("full"), "client": "José Ruiz"}, body="José won."
    )
    cat = load(project)
    assert [p for p in cat.problems if "mentions" in p.message] == []
    assert "jose" not in cat.forbidden_words()
