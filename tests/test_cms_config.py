"""The editor's generated config and the story schema agree: every field, label, hint, rule and
vocabulary option the build checks is what the form shows and enforces."""

from __future__ import annotations

import pytest

from clemency.content import schema
from clemency.content.validate import FOCUS_WORDS, parse_focus
from clemency.content.vocab import load
from clemency.editor import config as cms
from clemency.i18n import catalogs as i18n
from clemency.plugins import editor as admin
from conftest import ROOT, build, copy_project


@pytest.fixture(scope="module")
def vocab():
    vocabularies, problems = load(ROOT / "content" / "data")
    assert problems == []
    return vocabularies


# The project's own languages, as pelicanconf.py lists them: the editor has no list of its own.
SITE_LANGUAGES = tuple(i18n.project_languages(ROOT))


@pytest.fixture(scope="module")
def config(vocab):
    return cms.decap_config(vocab, repo="example/site", languages=SITE_LANGUAGES)


def collection(config, name):
    return next(c for c in config["collections"] if c["name"] == name)


def form_field(fields, name):
    matches = [f for f in fields if f["name"] == name]
    assert len(matches) == 1, f"'{name}' should appear once in the form, found {len(matches)}"
    return matches[0]


def walk(fields, widgets, prefix="", optional_group=False):
    """(schema field, form field, key, inside an optional group) for every field, recursively."""
    for f in fields:
        if f.name in cms.NOT_IN_FORM and not prefix:
            continue
        w = form_field(widgets, f.name)
        yield f, w, f"{prefix}{f.name}", optional_group
        if f.kind == "group":
            yield from walk(
                f.fields, w["fields"], f"{prefix}{f.name}.", optional_group=not (f.required or f.many)
            )


@pytest.mark.parametrize(
    ("name", "fields"), [("stories", schema.STORY_FIELDS), ("pages", schema.PAGE_FIELDS)]
)
def test_every_schema_field_is_in_the_form_with_its_label_hint_and_rule(config, name, fields):
    widgets = collection(config, name)["fields"]
    for f, w, key, optional_group in walk(fields, widgets):
        assert w["label"] == f.label, key
        required = f.required and not optional_group
        plain = cms.FORM_HINTS.get(key, f.hint)
        assert w["hint"] == (f"Required. {plain}" if required else plain), key
        # Decap checks a group's fields even when the group is left out, so inside the optional
        # photo group the rules are the alt-text widget's and `invoke check`'s. The conditional
        # field is "required" to Decap (no "(optional)" beside it); its widget has the rule.
        assert w["required"] == (required or key in cms.CONDITIONAL), key
        if f.max_length:
            assert w["pattern"][0] == f"^[\\s\\S]{{0,{f.max_length}}}$", key


def test_the_form_has_nothing_the_schema_does_not_know(config):
    for name, fields in (("stories", schema.STORY_FIELDS), ("pages", schema.PAGE_FIELDS)):
        known = {f.name for f in fields} | {"body"}
        assert {w["name"] for w in collection(config, name)["fields"]} <= known


def test_fields_left_out_of_the_form_are_set_by_the_file_name(config):
    for name in cms.NOT_IN_FORM:
        assert name in ("lang", "translation")
        assert all(w["name"] != name for c in config["collections"] for w in c["fields"])


def test_vocabulary_fields_are_selects_of_exactly_the_vocabulary_keys(config, vocab):
    widgets = collection(config, "stories")["fields"]
    outcome = form_field(widgets, "outcome")
    assert outcome["widget"] == "select" and outcome["multiple"] is False
    assert [o["value"] for o in outcome["options"]] == list(vocab.outcomes)
    assert [o["label"] for o in outcome["options"]] == [o.label for o in vocab.outcomes.values()]
    partners = form_field(widgets, "partners")
    assert partners["multiple"] is True
    assert [o["value"] for o in partners["options"]] == list(vocab.partners)
    assert [o["label"] for o in partners["options"]] == [p.name for p in vocab.partners.values()]


def test_choices_and_focal_points_are_what_the_validator_accepts(config):
    widgets = collection(config, "stories")["fields"]
    status = form_field(widgets, "status")
    assert [o["value"] for o in status["options"]] == list(form_field_schema("status").choices)
    assert [o["label"] for o in status["options"]] == [
        "Published",
        "Not published yet",
        "Hidden: only people with the address can open it",
    ]
    consent = form_field(widgets, "consent")
    levels = form_field(consent["fields"], "name")["options"]
    assert [o["value"] for o in levels] == list(schema.NAME_LEVELS)
    assert [o["label"] for o in levels] == [
        "Full name",
        "First name only",
        "A changed name (pseudonym)",
        "No name (anonymous)",
    ]
    focus = form_field(form_field(widgets, "photo")["fields"], "focus")
    values = [o["value"] for o in focus["options"]]
    assert set(values) <= set(FOCUS_WORDS)
    assert {FOCUS_WORDS[v] for v in values} == set(FOCUS_WORDS.values())  # every point reachable
    for value in values:
        assert parse_focus(value, pytest.fail) is not None


def form_field_schema(name):
    return next(f for f in schema.STORY_FIELDS if f.name == name)


def test_consent_is_a_required_group_and_alt_text_has_its_own_rule(config):
    widgets = collection(config, "stories")["fields"]
    consent = form_field(widgets, "consent")
    assert consent["widget"] == "object" and consent["required"] is True
    assert all(w["required"] for w in consent["fields"] if w["name"] != "withdrawn")
    photo = form_field(widgets, "photo")
    assert photo["widget"] == "object" and photo["required"] is False
    assert form_field(photo["fields"], "alt")["widget"] == "alt-text"
    assert form_field(photo["fields"], "src")["widget"] == "image"


def test_dates_are_typed_and_shown_as_the_files_write_them(config):
    widgets = collection(config, "stories")["fields"]
    consent = form_field(widgets, "consent")["fields"]
    dates = [
        form_field(widgets, "date"),
        form_field(widgets, "modified"),
        form_field(consent, "given"),
        form_field(consent, "review"),
    ]
    for w in dates:
        # A date picker would show the computer's format (mm/dd/yyyy), unlike every hint.
        assert (w["widget"], w["pattern"]) == (
            "string",
            [r"^\d{4}-\d{2}-\d{2}$", "Write the date as YYYY-MM-DD, e.g. 2026-03-01."],
        )
        assert "YYYY-MM-DD" in w["hint"], w["name"]


def walk_all(widgets):
    for w in widgets:
        yield w
        yield from walk_all(w.get("fields", []))


PATHS = [f"{g.name}.{sub.name}" for g in schema.STORY_FIELDS for sub in g.fields]


def test_labels_and_hints_speak_plainly(config):
    """No field paths, file paths or Git words in what staff read in the form."""
    for c in config["collections"]:
        for w in walk_all(c["fields"]):
            for text in (w["label"], w["hint"]):
                for path in PATHS:
                    assert path not in text, (w["name"], text)
                for jargon in (".yml", "content/data", "merge", "YAML", "pull request", "commit", "branch"):
                    assert jargon not in text, (w["name"], text)
        assert "merged" not in c["description"]


def test_consent_comes_first_in_the_story_form(config):
    assert collection(config, "stories")["fields"][0]["name"] == "consent"


def test_the_story_text_has_only_the_buttons_the_theme_styles(config):
    body = form_field(collection(config, "stories")["fields"], "body")
    assert body["buttons"] == [
        "bold",
        "italic",
        "link",
        "heading-two",
        "heading-three",
        "quote",
        "bulleted-list",
        "numbered-list",
    ]
    assert body["modes"] == ["rich_text"]


def test_the_editor_speaks_the_first_site_language_decap_has(vocab):
    assert cms.decap_config(vocab, languages=("en", "km"))["locale"] == "en"
    assert cms.decap_config(vocab, languages=("km", "vi", "en"))["locale"] == "vi"
    assert cms.decap_config(vocab, languages=("km",))["locale"] == "en"
    config = cms.decap_config(vocab, languages=("en", "km", "vi", "es"))
    settings = cms.admin_settings(config, preview_url="http://127.0.0.1:8000")
    assert settings["editorLocales"] == ["en", "vi", "es"]


def test_the_editor_takes_its_languages_from_the_site_settings_and_names_from_cldr():
    settings = admin.settings_with_defaults(
        {"PATH": str(ROOT), "SITEURL": "", "DEFAULT_LANG": "es", "LANGUAGES": ["en", "es"]}
    )
    config, scripts, _csp = admin.editor_config(settings)
    assert config["i18n"]["locales"] == ["es", "en"] and config["i18n"]["default_locale"] == "es"
    assert config["locale"] == "es"
    assert scripts["locales"] == {"es": "Spanish", "en": "English"}


def test_a_production_build_without_the_hosted_editor_settings_leaves_admin_out(
    tmp_path, caplog, monkeypatch
):
    monkeypatch.delenv("GITHUB_REPOSITORY", raising=False)
    project = copy_project(tmp_path)
    output = build(
        project,
        SITEURL="https://example.org",
        ADMIN_DECAP_DIST=str(ROOT / "node_modules" / "decap-cms" / "dist"),
    )
    assert not (output / "admin").exists()
    assert (output / "stories" / "index.html").is_file()
    assert (
        "the story editor is left out of this production build (no /admin/): it needs "
        'ADMIN_REPO = "<owner>/<repository>" and ADMIN_AUTH_URL = "https://<your login '
        'worker>" in publishconf.py. See docs/hosting-the-editor.md.'
    ) in caplog.text
    assert "OWNER/REPO" not in "".join(p.read_text(errors="ignore") for p in output.rglob("*.json"))


def test_a_configured_production_build_writes_the_hosted_editor(tmp_path):
    project = copy_project(tmp_path)
    output = build(
        project,
        SITEURL="https://example.org",
        ADMIN_REPO="example/site",
        ADMIN_AUTH_URL="https://auth.example.org",
        ADMIN_DECAP_DIST=str(ROOT / "node_modules" / "decap-cms" / "dist"),
    )
    config = (output / "admin" / "config.json").read_text()
    assert '"repo": "example/site"' in config and '"base_url": "https://auth.example.org"' in config
    assert "local_backend" not in config


def test_stories_live_in_their_folder_with_photos_beside_them(config):
    stories = collection(config, "stories")
    assert (stories["folder"], stories["path"], stories["slug"]) == ("stories", "{{slug}}/index", "{{slug}}")
    assert stories["identifier_field"] == "title"  # {{slug}}: the title, never the client's name
    assert (stories["media_folder"], stories["public_folder"]) == ("", "")
    assert stories["format"] == "yaml-frontmatter" and stories["extension"] == "md"


def test_language_versions_match_the_index_lang_md_files(config):
    assert config["i18n"] == {
        "structure": "multiple_files",
        "locales": list(SITE_LANGUAGES),
        "default_locale": SITE_LANGUAGES[0],
    }
    widgets = collection(config, "stories")["fields"]
    translated = {w["name"] for w in widgets if w.get("i18n")}
    assert translated == {"title", "summary", "body", "content_notes"}
    assert cms.inherited_fields_are_not_translated() == []
    for name in schema.TRANSLATION_INHERITED_ONLY:
        assert "i18n" not in form_field(widgets, name), name


def test_hosted_editing_uses_github_with_the_editorial_workflow(vocab):
    config = cms.decap_config(
        vocab, repo="example/site", auth_base_url="https://auth.example/", languages=SITE_LANGUAGES
    )
    assert config["backend"] == {
        "name": "github",
        "repo": "example/site",
        "branch": "main",
        "squash_merges": True,
        "base_url": "https://auth.example",
        "auth_endpoint": "auth",
    }
    assert config["publish_mode"] == "editorial_workflow"
    assert "local_backend" not in config


def test_local_editing_adds_the_loopback_backend(vocab):
    config = cms.decap_config(
        vocab, local=True, local_backend_url="http://127.0.0.1:9999/api/v1", languages=SITE_LANGUAGES
    )
    assert config["local_backend"] == {"url": "http://127.0.0.1:9999/api/v1"}


def test_a_schema_field_without_an_editor_mapping_fails(vocab, monkeypatch):
    extra = schema.Field("pronouns", "text", "Pronouns", "How the client wants to be named.")
    monkeypatch.setattr(cms, "STORY_FIELDS", (*schema.STORY_FIELDS, extra))
    with pytest.raises(cms.UnmappedField, match="pronouns"):
        cms.decap_config(vocab, languages=SITE_LANGUAGES)


def test_every_field_kind_has_a_widget(vocab):
    for kind in schema.KINDS:
        sub = (schema.Field("x", "text", "X", "x"),) if kind == "group" else ()
        f = schema.Field(
            "probe",
            kind,
            "Probe",
            "hint",
            vocab="outcomes" if kind == "vocab" else "",
            choices=("a",) if kind == "choice" else (),
            fields=sub,
        )
        assert cms.widget(f, vocab)["widget"], kind


def test_the_admin_scripts_know_which_fields_are_written_per_language(config):
    settings = cms.admin_settings(config, preview_url="http://127.0.0.1:8000")
    assert settings["translated"]["stories"] == [
        ["title", "Title"],
        ["summary", "Summary"],
        ["body", "Story"],
    ]
    assert settings["translatedKeys"]["stories"] == ["title", "summary", "content_notes"]
    assert settings["folders"] == ["stories", "content/pages"]
    assert settings["backends"] == ["github", "proxy"]


def test_the_admin_policy_allows_what_decap_needs_and_nothing_from_elsewhere():
    policy = cms.admin_content_security_policy(
        local_backend_url="http://127.0.0.1:8081/api/v1", preview_url="http://127.0.0.1:8000"
    )
    directives = dict(d.split(" ", 1) for d in policy.split("; "))
    assert directives["script-src"] == "'self' 'unsafe-eval'"
    assert "http://127.0.0.1:8081" in directives["connect-src"]
    assert directives["frame-src"] == "'self' http://127.0.0.1:8000"
    assert directives["object-src"] == "'none'"


def test_the_plugin_writes_the_editor_into_the_built_site(tmp_path):
    project = copy_project(tmp_path)
    output = build(project, ADMIN_DECAP_DIST=str(ROOT / "node_modules" / "decap-cms" / "dist"))
    page = (output / "admin" / "index.html").read_text(encoding="utf-8")
    if not (ROOT / "node_modules" / "decap-cms" / "dist" / "decap-cms.js").is_file():
        assert "npm ci" in page
        return
    assert 'http-equiv="Content-Security-Policy"' in page and "unsafe-eval" in page
    assert '<script src="decap-cms.js?v=' in page and "cdn" not in page.lower()
    for name in ("decap-cms.js", "config.json", "settings.js", *admin.SCRIPTS):
        assert (output / "admin" / name).is_file(), name
    assert not list((output / "admin").glob("*.map"))


def test_a_build_without_node_modules_explains_how_to_install(tmp_path, caplog):
    project = copy_project(tmp_path)
    output = build(project, ADMIN_DECAP_DIST=str(tmp_path / "nowhere"))
    page = (output / "admin" / "index.html").read_text(encoding="utf-8")
    assert "npm ci" in page
    assert not (output / "admin" / "decap-cms.js").exists()
    assert (output / "stories" / "index.html").is_file()  # the public site is still built
    assert any("npm ci" in r.getMessage() for r in caplog.records if r.levelname == "WARNING")


def test_settings_defaults_are_filled_in_one_place():
    settings = admin.settings_with_defaults({"ADMIN_REPO": "example/site"})
    assert settings["ADMIN_REPO"] == "example/site"
    assert {k for k in settings if k.startswith("ADMIN_")} == set(admin.DEFAULTS)


def test_the_plugin_acts_only_for_sites_that_list_it():
    assert admin.enabled({"PLUGINS": ["clemency.plugins.stories", "clemency.plugins.editor"]})
    assert admin.enabled({"PLUGINS": [admin]})
    assert not admin.enabled({"PLUGINS": ["clemency.plugins.stories"]})
    assert not admin.enabled({})
