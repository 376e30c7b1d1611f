"""Interface languages: gettext catalogs (extract, update, compile, check), Babel formatting,
language labels and the links between the language versions of a page.

Plain functions that never import Pelican; clemency.plugins.languages connects them to the build.
Catalogs live in theme/translations/: messages.pot (extracted, committed) and
<lang>/LC_MESSAGES/messages.po (translated, committed). The build compiles them in memory, so no
.mo file goes into Git. What is extracted, and from where, is said once in babel.cfg.
"""

from __future__ import annotations

import ast
import datetime as dt
import fnmatch
import io
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from babel import Locale, UnknownLocaleError
from babel.dates import format_date as babel_format_date
from babel.messages.catalog import Catalog, Message
from babel.messages.checkers import python_format
from babel.messages.extract import DEFAULT_KEYWORDS
from babel.messages.extract import extract as babel_extract
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po
from babel.numbers import format_decimal
from babel.support import NullTranslations, Translations

from ..problems import WARNING, Problem

TRANSLATIONS_DIR = Path("theme") / "translations"
MAPPING_FILE = "babel.cfg"
DOMAIN = "messages"
PROJECT = "Seattle Clemency Project"
# The build's compiled catalogs (`invoke i18n-compile`): a cache, never committed.
COMPILED_DIR = Path(".cache") / "translations"
# A translator comment starting with this marks a string a native speaker should check.
REVIEW_TAG = "review:"
# Comments in templates or sources starting with this reach translators (`{# Translators: #}`).
TRANSLATOR_TAG = "Translators:"
PO_WIDTH = 100


# ---------------------------------------------------------------------------------------------
# Paths


def catalog_dir(root: Path) -> Path:
    return Path(root) / TRANSLATIONS_DIR


def pot_path(root: Path) -> Path:
    return catalog_dir(root) / f"{DOMAIN}.pot"


def po_path(root: Path, lang: str) -> Path:
    return catalog_dir(root) / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def review_path(root: Path) -> Path:
    return catalog_dir(root) / "REVIEW.md"


def site_languages(settings: Mapping) -> list[str]:
    """The site's languages from its settings: DEFAULT_LANG first, then the other LANGUAGES."""
    default = settings.get("DEFAULT_LANG", "en")  # Pelican's own default
    return [default, *(lang for lang in settings.get("LANGUAGES", [default]) if lang != default)]


def project_languages(root: Path, settings_file: str = "pelicanconf.py") -> list[str]:
    """site_languages() of a project's settings file, read without Pelican."""
    path = Path(root) / settings_file
    namespace: dict = {"__file__": str(path), "__name__": "clemency_settings"}
    exec(compile(path.read_text(encoding="utf-8"), str(path), "exec"), namespace)  # noqa: S102
    return site_languages(namespace)


def configured_languages(root: Path, settings_file: str = "pelicanconf.py") -> list[str]:
    """The languages pelicanconf.py's LANGUAGES lists, other than DEFAULT_LANG, in its order."""
    return project_languages(root, settings_file)[1:]


def catalog_languages(root: Path) -> list[str]:
    """Languages that have a catalog, in name order."""
    folder = catalog_dir(root)
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if (p / "LC_MESSAGES" / f"{DOMAIN}.po").is_file())


# ---------------------------------------------------------------------------------------------
# Languages: labels, names, formatting


@cache
def native_label(lang: str) -> str:
    """The language's name in itself ("ខ្មែរ"), for the switcher: CLDR's, through Babel."""
    try:
        name = Locale.parse(lang).get_display_name(lang) or lang
    except (ValueError, UnknownLocaleError):
        return lang
    return name[:1].upper() + name[1:]


@cache
def language_name(lang: str, in_lang: str) -> str:
    """The language's name in another language: language_name("en", "km") == "អង់គ្លេស"."""
    try:
        return Locale.parse(lang).get_display_name(in_lang) or lang
    except (ValueError, UnknownLocaleError):
        return lang


def format_date(value: dt.date | dt.datetime | None, lang: str, format: str = "long") -> str:
    """A date as readers of `lang` write it: "15 តុលា 2026", "15 de octubre de 2026"."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    return babel_format_date(value, format=format, locale=lang)


def format_number(value: float, lang: str) -> str:
    """A number with the locale's separators: 12,345.5 (en) and 12.345,5 (es, vi)."""
    return format_decimal(value, locale=lang)


@dataclass(frozen=True)
class LanguageLink:
    """One entry of the language switcher and one hreflang alternate."""

    lang: str
    label: str  # the language's name in itself
    url: str  # site-relative, like the `url` of Pelican's content
    current: bool = False  # the page this link is printed on
    is_default: bool = False  # the site's default language: also the x-default alternate
    # Set on a switcher entry that leads to the language's home, because this page has no
    # version in it: what to call that home, in that language ("ទំព័រដើម").
    home_note: str = ""


def language_links(
    versions: dict[str, str], current: str, languages: Iterable[str], default: str
) -> list[LanguageLink]:
    """The versions of one page (lang -> url) as links, in the site's language order."""
    languages = list(languages)
    order = {lang: i for i, lang in enumerate(languages)}
    return [
        LanguageLink(lang, native_label(lang), url, lang == current, lang == default)
        for lang, url in sorted(versions.items(), key=lambda item: order.get(item[0], 99))
        if lang in order
    ]


def hreflang(links: Iterable[LanguageLink], absolute: Callable[[str], str]) -> dict[str, str]:
    """A page's hreflang alternates (the sitemap's, the <link>s'): each version's full address by
    its language, and x-default, the default language's version."""
    links = list(links)
    alternates = {link.lang: absolute(link.url) for link in links}
    default = next((link for link in links if link.is_default), None)
    if default is not None:
        alternates["x-default"] = absolute(default.url)
    return alternates


def language_choices(
    links: Iterable[LanguageLink],
    current: str,
    languages: Iterable[str],
    default: str,
    homes: dict[str, tuple[str, str]],
) -> list[LanguageLink]:
    """Every language of the site, for the switcher: the page's version where one exists, else
    that language's home (`homes`: lang -> (url, its name for "home"), marked by `home_note`)."""
    have = {link.lang: link for link in links}
    choices = []
    for lang in languages:
        if lang in have:
            choices.append(have[lang])
            continue
        url, note = homes[lang]
        choices.append(
            LanguageLink(
                lang,
                native_label(lang),
                url,
                lang == current,
                lang == default,
                home_note="" if lang == current else note,
            )
        )
    return choices


def prefixed(url: str, lang: str, prefix: str = "{lang}/") -> str:
    """A root address in a language's part of the site: prefixed("stories/", "km") == "km/stories/"."""
    return prefix.format(lang=lang) + url.lstrip("/")


# ---------------------------------------------------------------------------------------------
# Extraction


def _mapping(root: Path) -> tuple[list[tuple[str, str]], dict[str, dict]]:
    path = Path(root) / MAPPING_FILE
    with path.open(encoding="utf-8") as fileobj:
        return parse_mapping_cfg(fileobj, str(path))


def _files(root: Path, pattern: str) -> Iterator[Path]:
    """Files under `root` matching a babel.cfg pattern ("theme/templates/**.html"), in order."""
    if not any(char in pattern for char in "*?["):
        path = Path(root) / pattern
        if path.is_file():
            yield path
        return
    static = pattern.split("*", 1)[0].split("?", 1)[0].split("[", 1)[0].rpartition("/")[0]
    matcher = re.compile(fnmatch.translate(pattern.replace("**", "*")))
    for folder, dirs, names in os.walk(Path(root) / static):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            path = Path(folder) / name
            if matcher.match(path.relative_to(root).as_posix()):
                yield path


def extract(root: Path) -> Catalog:
    """Every interface string of the site, from the sources babel.cfg names."""
    root = Path(root)
    method_map, options_map = _mapping(root)
    catalog = Catalog(project=PROJECT, version="1", copyright_holder=PROJECT, fuzzy=False, charset="utf-8")
    for pattern, method in method_map:
        options = dict(options_map.get(pattern, {}))
        keywords = {**DEFAULT_KEYWORDS, **options.pop("keywords", {})}
        for path in _files(root, pattern):
            relative = path.relative_to(root).as_posix()
            with path.open("rb") as fileobj:
                for lineno, message, comments, context in babel_extract(
                    method,
                    fileobj,
                    keywords,
                    comment_tags=(TRANSLATOR_TAG,),
                    options=options,
                    strip_comment_tags=True,
                ):
                    catalog.add(message, None, [(relative, lineno)], auto_comments=comments, context=context)
    return catalog


def extract_yaml(fileobj, keywords, comment_tags, options) -> Iterator[tuple]:
    """Babel extractor for the vocabularies in content/data/: the translated fields of every entry.

    babel.cfg: `[clemency_yaml: content/data/*.yml]`. Each file's `_schema:` block names the
    fields (`translate: [label, explanation]`); a `fields = ...` option overrides it.
    """
    root = yaml.compose(fileobj.read().decode("utf-8"))
    if not isinstance(root, yaml.MappingNode):
        return
    fields = str(options.get("fields", "")).split() or _declared_translations(root)
    for key_node, entry in root.value:
        # `_schema:` declares the file's fields (content/vocab.py); it is not copy visitors read.
        if not isinstance(entry, yaml.MappingNode) or str(key_node.value).startswith("_"):
            continue
        for name_node, value_node in entry.value:
            if name_node.value in fields and isinstance(value_node, yaml.ScalarNode):
                text = str(value_node.value).strip()
                if text:
                    yield (
                        value_node.start_mark.line + 1,
                        "_",
                        text,
                        [f"{key_node.value}: {name_node.value}"],
                    )


def _declared_translations(root: yaml.MappingNode) -> list[str]:
    """The `translate:` list of a vocabulary's `_schema:` block (see content/vocab.py)."""
    for key_node, block in root.value:
        if key_node.value != "_schema" or not isinstance(block, yaml.MappingNode):
            continue
        for name_node, value in block.value:
            if name_node.value != "translate":
                continue
            if isinstance(value, yaml.SequenceNode):
                return [str(item.value) for item in value.value if isinstance(item, yaml.ScalarNode)]
            return str(value.value).replace(",", " ").split()
    return []


def extract_settings(fileobj, keywords, comment_tags, options) -> Iterator[tuple]:
    """Babel extractor for copy kept in pelicanconf.py, which templates print through `_()`.

    babel.cfg: `names = HOME_PURPOSE CTAS.*.label MENU_LABELS.*`: a setting, then dict keys or
    list items (`*`: each one) down to the text.
    """
    source = fileobj.read().decode("utf-8")
    filename = getattr(fileobj, "name", "<settings>")
    namespace: dict = {"__file__": filename, "__name__": "clemency_settings"}
    exec(compile(source, filename, "exec"), namespace)  # noqa: S102 - the project's own settings
    lines = {}
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            lines.setdefault(node.value, node.lineno)
    for spec in str(options.get("names", "")).split():
        name, *path = spec.split(".")
        for text in _walk(namespace.get(name), path):
            if isinstance(text, str) and text.strip():
                yield lines.get(text, 1), "_", text, [spec]


def _walk(value, path: list[str]) -> Iterator:
    if not path:
        yield value
        return
    step, rest = path[0], path[1:]
    if step == "*":
        items = value.values() if isinstance(value, dict) else value or []
        for item in items:
            yield from _walk(item, rest)
    elif isinstance(value, dict) and step in value:
        yield from _walk(value[step], rest)


# ---------------------------------------------------------------------------------------------
# Catalog files: extract, update, compile


def read_catalog(path: Path, locale: str | None = None) -> Catalog:
    """A .po or .pot file as a Babel catalog."""
    with path.open("rb") as fileobj:
        return read_po(fileobj, locale=locale)


def write_catalog(catalog: Catalog, path: Path) -> None:
    """Write a catalog the way every catalog here is written (no line numbers: they churn)."""
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=PO_WIDTH, include_lineno=False, ignore_obsolete=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.is_file() or path.read_bytes() != buffer.getvalue():
        path.write_bytes(buffer.getvalue())


def _fingerprint(catalog: Catalog) -> list[tuple]:
    """What messages.pot says, line numbers aside (they are not written: they churn)."""
    return [
        (m.id, m.context, tuple(sorted({f for f, _ in m.locations})), tuple(m.auto_comments))
        for m in catalog
        if m.id
    ]


def write_pot(root: Path) -> Path:
    """Extract every string into messages.pot (left as it is when nothing changed)."""
    template = extract(root)
    path = pot_path(root)
    if path.is_file():
        old = read_catalog(path)
        if _fingerprint(old) == _fingerprint(template):
            return path
    write_catalog(template, path)
    return path


def update_catalogs(root: Path, languages: Iterable[str] | None = None) -> list[Path]:
    """Bring each language's messages.po in line with messages.pot (new strings come in empty).

    A language in LANGUAGES without a catalog gets one. Also rewrites REVIEW.md.
    """
    languages = list(languages) if languages is not None else configured_languages(root)
    template = read_catalog(pot_path(root))
    written = []
    for lang in languages:
        path = po_path(root, lang)
        if path.is_file():
            catalog = read_catalog(path, locale=lang)
            catalog.update(template, update_header_comment=False)
        else:
            catalog = Catalog(
                locale=lang,
                project=PROJECT,
                version="1",
                copyright_holder=PROJECT,
                fuzzy=False,
                charset="utf-8",
            )
            catalog.update(template)
        catalog.language_team = f"{language_name(lang, 'en')} <{lang}@li.org>"
        write_catalog(catalog, path)
        written.append(path)
    write_review_list(root, languages)
    return written


def compile_catalog(path: Path, lang: str) -> bytes:
    """A .po file as .mo bytes; fuzzy entries are left out, as gettext does."""
    catalog = read_catalog(path, locale=lang)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def compile_catalogs(
    root: Path, languages: Iterable[str] | None = None, dest: Path | None = None
) -> list[Path]:
    """Write each catalog's .mo into .cache/translations/ (the build compiles its own in memory)."""
    dest = Path(dest) if dest else Path(root) / COMPILED_DIR
    written = []
    for lang in languages or catalog_languages(root):
        target = dest / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(compile_catalog(po_path(root, lang), lang))
        written.append(target)
    return written


def load_translations(root: Path, lang: str) -> tuple[NullTranslations, set[str]]:
    """The compiled catalog of `lang` and the message ids it translates."""
    path = po_path(root, lang)
    catalog = read_catalog(path, locale=lang)
    known = {
        m.id if isinstance(m.id, str) else m.id[0]
        for m in catalog
        if m.id and m.string and not m.fuzzy and _translated(m)
    }
    translations = Translations(io.BytesIO(compile_catalog(path, lang)), domain=DOMAIN)
    return translations, known


def _translated(message: Message) -> bool:
    strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
    return all(strings)


# ---------------------------------------------------------------------------------------------
# The check: `invoke check` fails when a catalog misses a string


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _msgid(message: Message) -> str:
    return message.id if isinstance(message.id, str) else message.id[0]


def check_catalogs(root: Path, languages: Iterable[str] | None = None) -> list[Problem]:
    """Every string the site prints must be translated in every language's catalog.

    Compares each catalog with a fresh extraction of the sources, so a string added to a
    template fails the check until it is extracted and translated. `languages`: those of
    pelicanconf.py's LANGUAGES other than the default, unless given.
    """
    root = Path(root)
    if languages is None:
        languages = configured_languages(root)
    languages = list(languages)
    try:
        template = extract(root)
    except FileNotFoundError:
        return [
            Problem(
                Path(root) / MAPPING_FILE,
                "is missing: it says which files hold interface strings. Restore it from Git.",
            )
        ]
    wanted = {(m.id if isinstance(m.id, str) else m.id[0], m.context): m for m in template if m.id}
    problems: list[Problem] = []
    pot = pot_path(root)
    if not pot.is_file() or _fingerprint(read_catalog(pot)) != _fingerprint(template):
        problems.append(
            Problem(
                pot,
                "is out of date with the templates, settings and "
                "vocabularies. Run `invoke i18n-extract`, then "
                "`invoke i18n-update`, and translate the new strings.",
            )
        )
    for lang in languages:
        problems += _check_language(root, lang, wanted)
    return problems


def _check_language(root: Path, lang: str, wanted: dict) -> list[Problem]:
    path = po_path(root, lang)
    name = language_name(lang, "en")
    if not path.is_file():
        return [
            Problem(
                path,
                f"the {name} catalog is missing. Run `invoke i18n-update` to create "
                "it, then translate every string.",
            )
        ]
    try:
        catalog = read_catalog(path, locale=lang)
    except Exception as exc:  # noqa: BLE001 - any parse failure is reported the same way
        return [Problem(path, f"cannot be read as a gettext catalog ({exc}). Fix the line it names.")]
    problems = []
    have = {(_msgid(m), m.context): m for m in catalog if m.id}
    for key, source in wanted.items():
        message = have.get(key)
        where = source.locations[0][0] if source.locations else "the sources"
        if message is None:
            problems.append(
                Problem(
                    path,
                    f'"{_short(key[0])}" (from {where}) is not in the '
                    f"{name} catalog. Run `invoke i18n-update`, then translate it.",
                )
            )
        elif message.fuzzy:
            problems.append(
                Problem(
                    path,
                    f'"{_short(key[0])}" is marked fuzzy, so the site '
                    f"shows it in English. Check the {name} translation, remove "
                    "the fuzzy flag, and add a `# review:` comment if a native "
                    "speaker should still read it.",
                    line=message.lineno,
                )
            )
        elif not _translated(message):
            problems.append(
                Problem(
                    path,
                    f'"{_short(key[0])}" has no {name} translation yet. '
                    "Translate it (add a `# review:` comment if a native speaker "
                    "should check it).",
                    line=message.lineno,
                )
            )
        else:
            try:
                python_format(catalog, message)
            except Exception as exc:  # noqa: BLE001 - babel raises TranslationError subclasses
                problems.append(
                    Problem(
                        path,
                        f'"{_short(key[0])}": the {name} translation\'s '
                        f"placeholders do not match the English ({exc}). Use the "
                        "same %(name)s placeholders.",
                        line=message.lineno,
                    )
                )
    for key, message in have.items():
        if key not in wanted:
            problems.append(
                Problem(
                    path,
                    f'"{_short(key[0])}" is no longer used by the site. Run `invoke i18n-update` to drop it.',
                    line=message.lineno,
                    level=WARNING,
                )
            )
    return problems


# ---------------------------------------------------------------------------------------------
# Strings a native speaker should review


def review_entries(root: Path, languages: Iterable[str]) -> dict[str, list[tuple[str, str, str]]]:
    """Per language: (English, translation, note) for every entry with a `# review:` comment."""
    entries: dict[str, list[tuple[str, str, str]]] = {}
    for lang in languages:
        path = po_path(root, lang)
        if not path.is_file():
            continue
        for message in read_catalog(path, locale=lang):
            notes = [c for c in message.user_comments if c.strip().startswith(REVIEW_TAG)]
            if message.id and notes:
                string = message.string if isinstance(message.string, str) else message.string[0]
                note = " ".join(n.strip()[len(REVIEW_TAG) :].strip() for n in notes)
                entries.setdefault(lang, []).append((_msgid(message), string, note))
    return entries


def write_review_list(root: Path, languages: Iterable[str]) -> Path:
    """theme/translations/REVIEW.md: what a native speaker should read first, per language."""
    languages = list(languages)
    lines = [
        "# Translations to review",
        "",
        "Written by `invoke i18n-update` from the `# review:` comments in the catalogs; do not edit by hand.",
        "Every interface string is translated, so the site is complete in each language; these are the ones",
        "the translator was least sure of. A native speaker should read them (and the translated pages and",
        "stories, which say so in a comment at the top) and delete the `# review:` comment "
        "once a string is right.",
        "",
    ]
    entries = review_entries(root, languages)
    for lang in languages:
        items = entries.get(lang, [])
        lines.append(
            f"## {native_label(lang)} ({language_name(lang, 'en')}, `{lang}`): {len(items)} to review"
        )
        lines.append("")
        if items:
            lines.append("| English | translation | why |")
            lines.append("| --- | --- | --- |")
            for english, string, note in items:
                cells = [_cell(english), _cell(string), _cell(note)]
                lines.append(f"| {' | '.join(cells)} |")
            lines.append("")
    path = review_path(root)
    text = "\n".join(lines).rstrip() + "\n"
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
    return path


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")
