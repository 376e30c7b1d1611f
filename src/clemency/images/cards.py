"""Social cards: a 1200x630 share image with a story's title in the story's own language.

Text is laid out with Pillow's raqm engine (HarfBuzz shaping, FriBiDi), which Khmer needs: its
subscript consonants and vowel signs are placed by the font's shaping rules, which Pillow's
basic layout ignores. A title mixing scripts ("... Sophy ...") is split into runs, each drawn
with a font that has its letters (Noto Sans Khmer has no Latin letters or digits). Lines break
at spaces and zero-width spaces; a word longer than a line breaks between Khmer clusters.
Pure: no Pelican; images/sharecards.py gives each story version its card, drawn once and
linked from the cache; brand.py draws the site's own card with render_card too.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, ImageOps, features

from . import palette
from .palette import rgb
from .placeholder import PlaceholderSpec
from .placeholder import draw as draw_placeholder

SIZE = (1200, 630)  # every share image: the story cards, the site's own, photos' social crop
# Drawn cards are kept here between builds (sharecards.py; setting LANGUAGES_CACHE_PATH).
CACHE_PATH = ".cache/cards"
MARGIN = 80
# Where the site's name starts, above the rule (the top of its line).
NAME_TOP = MARGIN - 10
# Bump when the drawing changes, so cached cards are drawn again.
RENDERER_VERSION = "2"

FONT_DIRS = (
    Path("/usr/share/fonts/truetype/noto"),
    Path("/usr/share/fonts/noto"),
    Path("/usr/share/fonts/truetype/dejavu"),
)
# Script -> font files to try, in order (bold for the title).
FONT_FILES = {
    "khmer": ("NotoSansKhmer-Bold.ttf", "NotoSansKhmer-Regular.ttf"),
    "latin": ("NotoSans-Bold.ttf", "DejaVuSans-Bold.ttf"),
}
# Title sizes to try, largest first, and how many lines the title may take.
TITLE_SIZES = (68, 60, 54, 48, 42, 38)
MAX_LINES = 4
SITE_NAME_SIZE = 32

TEAL, TEAL_DEEP, SAND = rgb(palette.TEAL), rgb(palette.TEAL_DEEP), rgb(palette.SAND)
TERRACOTTA, WHITE, INK = rgb(palette.TERRACOTTA), rgb(palette.WHITE), rgb(palette.INK)

COENG = "\u17d2"
ZERO_WIDTH = {"\u200b", "\u200c", "\u200d", "\u2060"}


class CardError(Exception):
    """The card cannot be drawn as it should be (no raqm, no font for a script)."""


def is_khmer(char: str) -> bool:
    return "\u1780" <= char <= "\u17ff" or "\u19e0" <= char <= "\u19ff"


def _starts_cluster(text: str, i: int) -> bool:
    """A Khmer grapheme cluster starts at a consonant or independent vowel not after COENG."""
    char = text[i]
    if not is_khmer(char):
        return True
    return "\u1780" <= char <= "\u17b3" and (i == 0 or text[i - 1] != COENG)


@dataclass(frozen=True)
class Fonts:
    """Font files per script; the first that exists is used. `engine` is RAQM: BASIC exists only
    to show, in tests, what unshaped Khmer looks like."""

    files: dict[str, Path] = field(default_factory=dict)
    engine: ImageFont.Layout = ImageFont.Layout.RAQM

    @classmethod
    def find(cls, dirs=FONT_DIRS) -> Fonts:
        found = {}
        for script, names in FONT_FILES.items():
            for name in names:
                path = next((d / name for d in dirs if (d / name).is_file()), None)
                if path is not None:
                    found[script] = path
                    break
        return cls(found)

    def path(self, script: str) -> Path:
        if script not in self.files:
            wanted = " or ".join(FONT_FILES[script])
            raise CardError(f"no font for {script} text: install {wanted} (Debian: fonts-noto-core).")
        return self.files[script]

    def font(self, script: str, size: int) -> ImageFont.FreeTypeFont:
        return _font(str(self.path(script)), size, self.engine)

    def fingerprint(self) -> str:
        """Changes when a font file changes, so cached cards are drawn again."""
        return json.dumps({s: [p.name, p.stat().st_size] for s, p in sorted(self.files.items())})


@cache
def _font(path: str, size: int, engine: ImageFont.Layout) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, size, layout_engine=engine)


def require_raqm() -> None:
    if not features.check("raqm"):
        raise CardError(
            "Pillow has no raqm layout, so Khmer would be drawn unshaped. Install "
            "libraqm (Debian: libraqm0) and reinstall Pillow."
        )


# ---------------------------------------------------------------------------------------------
# Text: runs of one script, words, lines


@dataclass(frozen=True)
class Run:
    text: str
    script: str  # "khmer" or "latin"


def runs(text: str) -> list[Run]:
    """Split text into runs of one script; spaces and zero-width marks join the run before."""
    result: list[list] = []
    for char in text:
        if is_khmer(char) or (char in ZERO_WIDTH and result and result[-1][1] == "khmer"):
            script = "khmer"
        elif char.isspace() or char in ZERO_WIDTH:
            script = result[-1][1] if result else "latin"
        else:
            script = "latin"
        if result and result[-1][1] == script:
            result[-1][0] += char
        else:
            result.append([char, script])
    return [Run(t, s) for t, s in result]


def words(text: str) -> list[str]:
    """Break opportunities: after a space or a zero-width space (Khmer marks phrases so)."""
    pieces, current = [], ""
    for char in " ".join(text.split()):
        current += char
        if char == " " or char == "\u200b":
            pieces.append(current)
            current = ""
    if current:
        pieces.append(current)
    return pieces


def clusters(word: str) -> list[str]:
    """A word cut where it may break in an emergency: between Khmer clusters or characters."""
    pieces: list[str] = []
    for i, char in enumerate(word):
        if pieces and not _starts_cluster(word, i):
            pieces[-1] += char
        else:
            pieces.append(char)
    return pieces


class Layout:
    """Measures and draws mixed-script text at one size."""

    def __init__(self, fonts: Fonts, size: int, lang: str):
        self.fonts = fonts
        self.size = size
        self.lang = lang

    def _language(self, run: Run) -> str | None:
        if self.fonts.engine != ImageFont.Layout.RAQM:
            return None
        if run.script == "khmer":
            return "km"
        return self.lang if self.lang != "km" else "en"

    def width(self, text: str) -> float:
        return sum(
            self.fonts.font(r.script, self.size).getlength(r.text, language=self._language(r))
            for r in runs(text)
        )

    def line_height(self, text: str) -> int:
        scripts = {r.script for r in runs(text)} or {"latin"}
        heights = [sum(self.fonts.font(s, self.size).getmetrics()) for s in scripts]
        return round(max(heights) * (1.08 if "khmer" in scripts else 1.14))

    def ascent(self, text: str) -> int:
        scripts = {r.script for r in runs(text)} or {"latin"}
        return max(self.fonts.font(s, self.size).getmetrics()[0] for s in scripts)

    def lines(self, text: str, max_width: float) -> list[str]:
        lines: list[str] = []
        current = ""
        for word in words(text):
            if self.width((current + word).rstrip()) <= max_width:
                current += word
                continue
            if current:
                lines.append(current.rstrip())
                current = ""
            if self.width(word.rstrip()) <= max_width:
                current = word
                continue
            for piece in clusters(word):
                if current and self.width((current + piece).rstrip()) > max_width:
                    lines.append(current.rstrip())
                    current = ""
                current += piece
        if current.strip():
            lines.append(current.rstrip())
        return lines

    def draw(
        self, draw: ImageDraw.ImageDraw, xy: tuple[float, float], text: str, fill: tuple[int, int, int]
    ) -> None:
        """Draw one line with its left end of the baseline at `xy`."""
        x, baseline = xy
        for run in runs(text):
            font = self.fonts.font(run.script, self.size)
            language = self._language(run)
            draw.text((x, baseline), run.text, font=font, fill=fill, anchor="ls", language=language)
            x += font.getlength(run.text, language=language)


def fit_title(
    title: str, lang: str, fonts: Fonts, max_width: float, max_height: float
) -> tuple[Layout, list[str]]:
    """The largest title size whose lines fit the box; at the smallest size, cut with '…'."""
    for size in TITLE_SIZES:
        layout = Layout(fonts, size, lang)
        lines = layout.lines(title, max_width)
        height = sum(layout.line_height(line) for line in lines)
        if len(lines) <= MAX_LINES and height <= max_height:
            return layout, lines
    layout = Layout(fonts, TITLE_SIZES[-1], lang)
    lines = layout.lines(title, max_width)[:MAX_LINES]
    while lines and layout.width(lines[-1] + "…") > max_width:
        lines[-1] = lines[-1][:-1]
    lines[-1] = lines[-1].rstrip() + "…"
    return layout, lines


# ---------------------------------------------------------------------------------------------
# The card


def _backdrop(background: Image.Image | None, scheme: int) -> Image.Image:
    if background is not None:
        photo = ImageOps.fit(background.convert("RGB"), SIZE, Image.Resampling.LANCZOS)
        # A scrim from a light veil at the top to nearly solid deep teal behind the title.
        ramp = Image.linear_gradient("L").resize(SIZE)
        mask = ramp.point(lambda v: 90 + v * 145 // 255)
        return Image.composite(Image.new("RGB", SIZE, TEAL_DEEP), photo, mask)
    # No photo: the story's placeholder field, its sun rising at the right, behind no text.
    return draw_placeholder(PlaceholderSpec("card", scheme, SIZE))


def render_card(
    title: str,
    lang: str,
    *,
    site_name: str,
    background: Image.Image | None = None,
    fonts: Fonts | None = None,
    scheme: int = 0,
    backdrop: Image.Image | None = None,
) -> Image.Image:
    """A share image: the site's name, a terracotta rule, and the title, bottom left.

    Over a photo the text is light on a dark scrim; without one, ink on the story's light
    placeholder field (`scheme`, clemency.images.placeholder.scheme_for(slug)). `backdrop`, a
    dark image of SIZE drawn by the caller, is used as it is, with light text: the site's own
    card (brand.share_card).
    """
    require_raqm()
    fonts = fonts or Fonts.find()
    if backdrop is not None:
        if backdrop.size != SIZE:
            raise ValueError(f"a card's backdrop must be {SIZE}, not {backdrop.size}")
        card = backdrop.convert("RGB")
    else:
        card = _backdrop(background, scheme)
    draw = ImageDraw.Draw(card)
    dark = background is not None or backdrop is not None
    name_colour, title_colour = (SAND, WHITE) if dark else (TEAL, INK)

    name = Layout(fonts, SITE_NAME_SIZE, "en")
    name.draw(draw, (MARGIN, NAME_TOP + name.ascent(site_name)), site_name, name_colour)
    rule_y = NAME_TOP + name.line_height(site_name) + 12
    draw.rectangle((MARGIN, rule_y, MARGIN + 96, rule_y + 7), fill=TERRACOTTA)

    box_top = rule_y + 40
    box_bottom = SIZE[1] - MARGIN + 10
    layout, lines = fit_title(title, lang, fonts, SIZE[0] - 2 * MARGIN, box_bottom - box_top)
    heights = [layout.line_height(line) for line in lines]
    y = box_bottom - sum(heights)
    for line, height in zip(lines, heights, strict=True):
        baseline = y + (height + layout.ascent(line) - (height - layout.ascent(line)) // 3) // 2
        layout.draw(draw, (MARGIN, baseline), line, title_colour)
        y += height
    return card


def card_key(
    title: str, lang: str, site_name: str, background_id: str | None, fonts: Fonts, scheme: int = 0
) -> str:
    """A name for the card from everything that changes its pixels (hex, 16 characters)."""
    data = json.dumps(
        [RENDERER_VERSION, title, lang, site_name, background_id, fonts.fingerprint(), scheme],
        ensure_ascii=False,
    )
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:16]


def save_card(card: Image.Image, path: Path) -> None:
    """A baseline JPEG without metadata, written atomically (another build may read the cache)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    card.save(temporary, "JPEG", quality=85, optimize=True)
    temporary.replace(path)


def prune_cache(cache: Path, used: set[str]) -> int:
    """Delete cached cards this build did not use; return how many."""
    # A card shows a story's title over its photo: once the story is withdrawn or unpublished,
    # its card must not stay in the cache (CI saves the cache).
    if not cache.is_dir():
        return 0
    stale = [p for p in cache.iterdir() if p.is_file() and p.suffix == ".jpg" and p.name not in used]
    for path in stale:
        path.unlink(missing_ok=True)
    return len(stale)
