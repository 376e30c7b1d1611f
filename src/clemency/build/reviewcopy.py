"""`invoke review-copy`: the story as visitors will see it, then the consent in plain words and
a signature block, for the client to read and sign before publication. Never part of the site.

The story part is the real page: the story's folder alone is built in a throwaway project (so
nothing of another story can appear), and its <article> is taken from the built page with the
site's stylesheet and pictures written into the one file. The consent part comes from
theme/templates/review_copy.html, in the client's language through the gettext catalogs.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import io
import mimetypes
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from babel.support import NullTranslations
from jinja2 import Environment, FileSystemLoader

from ..content import catalog as story_catalog
from ..content import consent as consent_rules
from ..content import vocab as vocabularies
from ..i18n import catalogs as i18n
from ..problems import ERROR

# Where copies go unless a path is given: git-ignored, and never inside the built site.
REVIEW_DIR = "review-copies"
# Plugins the story page does not need: the search index and the editor.
LEFT_OUT_PLUGINS = ("clemency.plugins.search", "clemency.plugins.editor")
# The copy's own layout, after the site's stylesheet.
REVIEW_CSS = """
.review-copy__banner { margin: 0; padding: 0.75rem 1rem; background: #fff4d6;
  border-bottom: 2px solid #8a6100; font-weight: 600; }
.review-copy__section { max-width: 48rem; margin: 2rem auto; padding: 0 1rem; break-inside: avoid; }
.review-copy__choices li { margin-bottom: 0.5rem; }
.review-copy__sign { display: grid; grid-template-columns: 1fr 1fr; gap: 2rem; margin-top: 3rem; }
.review-copy__line { border-top: 1px solid #000; padding-top: 0.25rem; }
/* Browsers print no backgrounds by default; the header's drawn field (a story without a photo)
   is part of what visitors see, so the client sees it too. */
@media print {
  .review-copy__banner { border: 0; }
  .scp-field { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
}
"""
_ARTICLE = re.compile(r'<article class="scp-story">.*?</article>', re.S)
_STYLESHEET = re.compile(r'<link rel="stylesheet" href="([^"]+)">')
_IMG_SRC = re.compile(r'(<img\b[^>]*?\bsrc=")([^"]+)(")')
_SOURCE = re.compile(r"<source\b[^>]*>")
_SRCSET = re.compile(r'\s(?:srcset|sizes)="[^"]*"')


class ReviewCopyError(Exception):
    """Why no review copy was made, worded for staff."""


@dataclass(frozen=True)
class ReviewCopy:
    html: Path
    pdf: Path | None  # None when Chromium is not installed


def make(
    root: Path,
    story: str,
    lang: str,
    dest: Path | None = None,
    *,
    today: dt.date | None = None,
    chromium: str | None = None,
) -> ReviewCopy:
    """Write the review copy of stories/<story>/ in `lang` (and a PDF when Chromium is there)."""
    root = Path(root).resolve()
    folder = root / "stories" / story
    if not (folder / "index.md").is_file():
        known = sorted(p.name for p in (root / "stories").iterdir() if (p / "index.md").is_file())
        raise ReviewCopyError(f"there is no story stories/{story}/. Stories: {', '.join(known)}.")
    languages = i18n.project_languages(root)
    if lang not in languages:
        raise ReviewCopyError(f"'{lang}' is not one of the site's languages ({', '.join(languages)}).")
    dest = Path(dest) if dest else root / REVIEW_DIR / f"{story}.{lang}.html"
    dest = dest.resolve()
    if _inside(dest, root / "output"):
        raise ReviewCopyError(
            "a review copy never goes into output/, which is the published "
            "site. Leave out --output, or choose a folder outside output/."
        )
    today = today or dt.date.today()
    with tempfile.TemporaryDirectory(prefix="review-copy-") as scratch:
        project = _project(root, folder, Path(scratch))
        record = _story(project, story, languages, today)
        page = _built_page(project, story, lang, languages[0], today)
        html = render(root, lang, page, record)
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text(html, encoding="utf-8")
    return ReviewCopy(dest, print_pdf(dest, chromium))


def _inside(path: Path, folder: Path) -> bool:
    return path == folder.resolve() or folder.resolve() in path.parents


def _project(root: Path, folder: Path, scratch: Path) -> Path:
    """A copy of the project with this one story, set to published so its page is built."""
    project = scratch / "project"
    project.mkdir()
    for name in ("pelicanconf.py", "publishconf.py"):
        shutil.copy(root / name, project / name)
    for name in ("theme", "content"):
        shutil.copytree(root / name, project / name)
    target = project / "stories" / folder.name
    shutil.copytree(folder, target)
    index = target / "index.md"
    text = index.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^status:.*$", "status: published", text, count=1)
    index.write_text(text, encoding="utf-8")
    return project


def _story(project: Path, story: str, languages: list[str], today: dt.date):
    vocab, _ = vocabularies.load(project / "content" / "data")
    cat = story_catalog.load(
        project / "stories", vocab, today, languages=tuple(languages), default_lang=languages[0], preview=True
    )
    record = cat.story_for(project / "stories" / story / "index.md")
    if cat.states.get(project / "stories" / story / "index.md") == "withdrawn":
        raise ReviewCopyError(f"stories/{story}/: consent was withdrawn, so there is nothing to review.")
    errors = [p for p in cat.problems if p.level == ERROR and not p.field.startswith("consent")]
    if record is None or errors:
        raise ReviewCopyError(f"stories/{story}/ has problems to fix first; run `invoke check`.")
    if record.consent is None:
        raise ReviewCopyError(
            f"stories/{story}/ has no consent record yet. Fill in consent: "
            "(name, photo, given, review) from the form the client will sign, "
            "then make the review copy."
        )
    return record


def _built_page(project: Path, story: str, lang: str, default: str, today: dt.date) -> tuple:
    """(the story's <article>, the stylesheet) from a preview build of the one-story project."""
    from pelican.settings import read_settings  # noqa: PLC0415 - slow; only when building

    from .atomic import build_site  # noqa: PLC0415

    settings_file = project / "pelicanconf.py"
    plugins = [p for p in read_settings(str(settings_file))["PLUGINS"] if p not in LEFT_OUT_PLUGINS]
    output = project / "site"
    # Pelican's summary line ("Done: Processed 4 articles...") would bury the task's own answer.
    with contextlib.redirect_stdout(io.StringIO()):
        build_site(
            settings_file,
            output,
            settings_overrides={"STORIES_PREVIEW": True, "STORIES_TODAY": today, "PLUGINS": plugins},
        )
    page = output / "stories" / story / "index.html"
    translated = output / lang / "stories" / story / "index.html"
    if lang != default and translated.is_file():
        page = translated
    text = page.read_text(encoding="utf-8")
    article = _ARTICLE.search(text)
    sheet = _STYLESHEET.search(text)
    css = (output / sheet[1].lstrip("/")).read_text(encoding="utf-8") if sheet else ""
    return _inline_pictures(article[0], output), css


def _inline_pictures(html: str, output: Path) -> str:
    """One self-contained file: each picture's fallback image as data, the other sizes left out."""
    html = _SRCSET.sub("", _SOURCE.sub("", html))

    def inline(match: re.Match) -> str:
        path = output / match[2].split("?")[0].lstrip("/")
        if not path.is_file():
            return match[0]
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        data = base64.b64encode(path.read_bytes()).decode("ascii")
        return f"{match[1]}data:{kind};base64,{data}{match[3]}"

    return _IMG_SRC.sub(inline, html)


def render(root: Path, lang: str, page: tuple[str, str], record) -> str:
    """The review copy's HTML: the page's story, then the consent in `lang`, then signatures."""
    article, css = page
    translations = NullTranslations()
    if lang != i18n.project_languages(root)[0]:
        translations, _known = i18n.load_translations(root, lang)
    env = Environment(
        loader=FileSystemLoader(str(root / "theme" / "templates")),
        extensions=["jinja2.ext.i18n"],
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_translations(translations, newstyle=True)
    level = record.consent.name
    consent = {
        "level": level,
        "name": consent_rules.display_name(record.client, level),
        "photo": record.consent.photo,
        "given": i18n.format_date(record.consent.given, lang),
        "review": i18n.format_date(record.consent.review, lang),
    }
    return env.get_template("review_copy.html").render(
        lang=lang, css=css + REVIEW_CSS, story_html=article, consent=consent
    )


def print_pdf(page: Path, chromium: str | None = None) -> Path | None:
    """The page as a PDF beside it, printed by headless Chromium; None if it is not installed."""
    browser = chromium or shutil.which("chromium") or shutil.which("chromium-browser")
    if not browser:
        return None
    pdf = page.with_suffix(".pdf")
    subprocess.run(
        [
            browser,
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}",
            page.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return pdf
