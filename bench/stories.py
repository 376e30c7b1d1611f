"""Deterministic synthetic stories (~700 words, a fifth with a phone photo) and the same stories
written as a project of each tool: ours, Hugo, Eleventy and plain Pelican."""

from __future__ import annotations

import datetime as dt
import os
import random
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
PEERS = BENCH / "peers"

# Outcome keys of content/data/outcomes.yml, with the label visitors see.
OUTCOMES = {
    "pardon-granted": "Pardon granted",
    "conviction-vacated": "Conviction vacated",
    "record-cleared": "Record cleared",
    "removal-terminated": "Deportation case closed",
    "status-restored": "Green card restored",
    "released-from-detention": "Released from detention",
    "case-pending": "Case in progress",
}
PHOTO_EVERY = 5  # a fifth of the stories have a phone photo
WITHDRAWN_EVERY = 50  # one in 50 was withdrawn: ours keeps the file and must hide the name
FEATURED_EVERY = 10
# Story n is dated OLDEST + n days (n below 2,000): NEWEST is the latest date of the corpus, and a
# story the benchmark adds is dated after it, as a new story is (`invoke new-story`: today).
OLDEST = dt.date(2020, 1, 1)
NEWEST = OLDEST + dt.timedelta(days=1999)
PEER_WIDTHS = (368, 736, 1152, 1840)  # the peers' photo job: WebP + JPEG at 4 widths, uncropped

# Syllables of the fictional names: never an English word, unique per story index.
_FIRST = (
    "zor",
    "vath",
    "quil",
    "mera",
    "tan",
    "sev",
    "ori",
    "kad",
    "lun",
    "pex",
    "dar",
    "vel",
    "isk",
    "omu",
    "ter",
    "yan",
    "bre",
    "cal",
    "fen",
    "ulo",
)
_LAST = (
    "quillon",
    "marek",
    "dovan",
    "sarth",
    "belu",
    "tormin",
    "vask",
    "elor",
    "nadry",
    "oswe",
    "prall",
    "keth",
    "umbra",
    "zell",
    "hovik",
    "raan",
    "stell",
    "ivor",
    "gaml",
    "tusk",
)
_VOCABULARY = """
the a and to of in for with on at by from after before when while because but so then still
family court judge attorney hearing letter pardon record motion petition office community home
children wife husband mother father brother sister friends neighbors church school work job
years months days morning evening night week summer winter spring autumn long short old new
he she they we it his her their our was were had has have is are be been being would could
should might will can did do does said told asked wrote filed waited called found kept lost
helped worked lived moved stayed returned learned taught carried started finished opened closed
fear hope relief joy patience courage trust help support care promise chance future past
deportation detention conviction sentence probation release status green card citizen refugee
camp country city street house room table kitchen garden car bus train phone paper form
every each many few some all most more less again never always often once twice together
quiet loud slow fast careful hard simple clear small large early late first last next other
"""
_WORDS = _VOCABULARY.split()
_TITLES = (
    "kept the family together",
    "came home after a long wait",
    "won a second chance",
    "cleared an old record",
    "stayed with the children",
    "found help and hope",
    "returned to the community",
    "received a pardon at last",
)


@dataclass(frozen=True)
class Story:
    index: int
    slug: str
    first: str
    last: str
    title: str
    date: dt.date
    summary: str
    outcome: str
    featured: bool
    withdrawn: bool
    photo: Path | None
    paragraphs: tuple[str, ...]

    @property
    def client(self) -> str:
        return f"{self.first} {self.last}"


def _digits(n: int) -> tuple[int, int, int]:
    return n % 20, (n // 20) % 20, (n // 400) % 20


def _sentences(rng: random.Random, first: str, count: int) -> list[str]:
    out = []
    for _ in range(count):
        words = [rng.choice(_WORDS) for _ in range(rng.randrange(9, 20))]
        if rng.random() < 0.3:
            words[0] = first
        out.append(" ".join(words).capitalize().replace(first.lower(), first) + ".")
    return out


def story(index: int, photos: Path | None = None, slug: str | None = None) -> Story:
    """Story number `index`, the same every time; `photos`: the corpus folder of phone photos."""
    rng = random.Random(index)
    a, b, c = _digits(index)
    first = (_FIRST[a] + _FIRST[b] + _FIRST[c]).capitalize()
    last = (_LAST[c] + _LAST[b][:3] + _LAST[a][:2]).capitalize()
    paragraphs, words = [], 0
    while words < 700:
        paragraph = " ".join(_sentences(rng, first, rng.randrange(4, 8)))
        paragraphs.append(paragraph)
        words += len(paragraph.split())
    photo = None
    if photos is not None and index % PHOTO_EVERY == 0:
        photo = photos / f"story-{index // PHOTO_EVERY:04d}" / "photo.jpg"
    return Story(
        index=index,
        slug=slug or f"story-{index:04d}",
        first=first,
        last=last,
        title=f"{first} {_TITLES[index % len(_TITLES)]}",
        date=OLDEST + dt.timedelta(days=index % 2000),  # never in the future
        summary=" ".join(_sentences(rng, first, 1)),
        outcome=list(OUTCOMES)[index % len(OUTCOMES)],
        featured=index % FEATURED_EVERY == 0,
        withdrawn=index % WITHDRAWN_EVERY == WITHDRAWN_EVERY - 1,
        photo=photo,
        paragraphs=tuple(paragraphs),
    )


def corpus(count: int, photos: Path | None) -> list[Story]:
    return [story(i, photos) for i in range(count)]


def photos_needed(count: int) -> int:
    return (count + PHOTO_EVERY - 1) // PHOTO_EVERY


def _link(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _yaml_text(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


# One project per tool ----------------------------------------------------------------------------


class Project:
    """A generated project of one tool in `folder`; subclasses know the tool's layout."""

    name = ""
    page_path = "/stories/{slug}/"

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def create(self, stories: list[Story]) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir(parents=True)
        self.scaffold()
        for s in stories:
            self.add(s)

    def scaffold(self) -> None:
        raise NotImplementedError

    def story_file(self, s: Story) -> Path:
        raise NotImplementedError

    def render(self, s: Story) -> str:
        raise NotImplementedError

    def add(self, s: Story) -> None:
        if s.withdrawn and not self.keeps_withdrawn:
            return
        path = self.story_file(s)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(self.render(s), encoding="utf-8")
        if s.photo is not None:
            _link(s.photo, path.parent / "photo.jpg")

    keeps_withdrawn = False

    def edit(self, s: Story, marker: str) -> None:
        """Append one sentence holding `marker` to the story's text, as a staffer's save would."""
        path = self.story_file(s)
        text = path.read_text(encoding="utf-8")
        path.write_text(f"{text.rstrip()}\n\nOne more sentence was added: {marker}.\n", encoding="utf-8")

    def retitle(self, s: Story, marker: str) -> None:
        """Give the story a new title holding `marker`, in its front matter, as a staffer's save
        would (YAML's `title:`, or plain Pelican's `Title:`)."""
        path = self.story_file(s)
        text = path.read_text(encoding="utf-8")
        title = f"{s.title} {marker}"
        line = re.compile(r"^(title|Title): .*$", re.MULTILINE)
        yaml, plain = f"title: {_yaml_text(title)}", f"Title: {title}"
        text = line.sub(lambda m: yaml if m[1] == "title" else plain, text, count=1)
        path.write_text(text, encoding="utf-8")

    def clean(self) -> None:
        """Remove outputs and caches: the next build is cold."""
        for name in self.outputs:
            shutil.rmtree(self.folder / name, ignore_errors=True)

    outputs: tuple[str, ...] = ()


class Ours(Project):
    """This project: its settings, theme, content and tasks, with the stories in stories/."""

    name = "ours"
    keeps_withdrawn = True
    outputs = ("output", ".cache")

    def scaffold(self) -> None:
        # Every top-level settings and task file, so a new one (of a later branch) comes along.
        for path in ROOT.iterdir():
            if path.is_file() and path.suffix in {".py", ".cfg", ".toml", ".json", ".yml"}:
                shutil.copy2(path, self.folder / path.name)
        shutil.copytree(ROOT / "theme", self.folder / "theme")
        shutil.copytree(ROOT / "content", self.folder / "content")
        (self.folder / "stories").mkdir()
        if (ROOT / "node_modules").exists():  # the Nu HTML checker's jar, Decap CMS
            (self.folder / "node_modules").symlink_to((ROOT / "node_modules").resolve())

    def story_file(self, s: Story) -> Path:
        return self.folder / "stories" / s.slug / "index.md"

    def render(self, s: Story) -> str:
        photo = ""
        if s.photo is not None:
            photo = (
                "photo:\n  src: photo.jpg\n"
                f"  alt: {_yaml_text(f'{s.first} standing in a garden with family.')}\n"
            )
        return (
            "---\n"
            f"title: {_yaml_text(s.title)}\n"
            f"date: {s.date.isoformat()}\n"
            f"summary: {_yaml_text(s.summary)}\n"
            f"client: {_yaml_text(s.client)}\n"
            f"outcome: {s.outcome}\n"
            f"featured: {'true' if s.featured else 'false'}\n"
            f"{photo}"
            "consent:\n"
            "  name: full\n"
            f"  photo: {'true' if s.photo is not None else 'false'}\n"
            "  given: 2026-01-01\n"
            "  review: 2030-01-01\n"
            f"  withdrawn: {'true' if s.withdrawn else 'false'}\n"
            "---\n" + "\n\n".join(s.paragraphs) + "\n"
        )


class SampleSite(Ours):
    """This project with its own two sample stories: the 'sample site' of the preview target."""

    def create(self, stories: list[Story]) -> None:
        super().create([])
        shutil.rmtree(self.folder / "stories")
        shutil.copytree(ROOT / "stories", self.folder / "stories")

    def story_file(self, s: Story) -> Path:
        return self.folder / "stories" / s.slug / "index.md"


def _front_matter(s: Story, extra: str = "") -> str:
    photo = ""
    if s.photo is not None:
        photo = f"photo: photo.jpg\nphoto_alt: {_yaml_text(f'{s.first} standing in a garden with family.')}\n"
    return (
        "---\n"
        f"title: {_yaml_text(s.title)}\n"
        f"date: {s.date.isoformat()}\n"
        f"summary: {_yaml_text(s.summary)}\n"
        f"client: {_yaml_text(s.client)}\n"
        f"outcome: {s.outcome}\n"
        f"outcome_label: {_yaml_text(OUTCOMES[s.outcome])}\n"
        f"featured: {'true' if s.featured else 'false'}\n"
        f"{photo}{extra}"
        "---\n" + "\n\n".join(s.paragraphs) + "\n"
    )


class Hugo(Project):
    """Hugo: page bundles in content/stories/, an `outcomes` taxonomy, bench/peers/hugo/."""

    name = "hugo"
    outputs = ("public", "resources")

    def scaffold(self) -> None:
        shutil.copytree(PEERS / "hugo", self.folder, dirs_exist_ok=True)

    def story_file(self, s: Story) -> Path:
        return self.folder / "content" / "stories" / s.slug / "index.md"

    def render(self, s: Story) -> str:
        return _front_matter(s, f"outcomes: [{s.outcome}]\n")


class Eleventy(Project):
    """Eleventy 3: src/stories/<slug>/index.md; templates from bench/peers/eleventy/site/."""

    name = "eleventy"
    outputs = ("_site", ".cache")

    def scaffold(self) -> None:
        shutil.copytree(PEERS / "eleventy" / "site", self.folder / "src")

    def story_file(self, s: Story) -> Path:
        return self.folder / "src" / "stories" / s.slug / "index.md"

    def render(self, s: Story) -> str:
        return _front_matter(s)


class Pelican(Project):
    """Plain Pelican 4.12: Markdown articles, outcome as category, bench/peers/pelican/ theme;
    photos copied as they are (plain Pelican resizes nothing)."""

    name = "pelican"
    outputs = ("output", "__pycache__")

    def scaffold(self) -> None:
        shutil.copytree(PEERS / "pelican", self.folder, dirs_exist_ok=True)

    def story_file(self, s: Story) -> Path:
        return self.folder / "content" / "stories" / s.slug / "index.md"

    def render(self, s: Story) -> str:
        photo = ""
        if s.photo is not None:
            photo = f"Photo: photo.jpg\nPhoto_alt: {s.first} standing in a garden with family.\n"
        return (
            f"Title: {s.title}\nDate: {s.date.isoformat()}\nSlug: {s.slug}\n"
            f"Summary: {s.summary}\nClient: {s.client}\nCategory: {OUTCOMES[s.outcome]}\n"
            f"Featured: {'true' if s.featured else 'false'}\n{photo}\n" + "\n\n".join(s.paragraphs) + "\n"
        )


PROJECTS = {cls.name: cls for cls in (Ours, Hugo, Eleventy, Pelican)}
