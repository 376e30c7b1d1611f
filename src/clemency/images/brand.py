"""The site's mark, drawn in code: favicons, app icons, and the site's own share card (drawn by
cards.render_card, as every story's card is, with the mark added).

The same shapes as theme/static/img/favicon.svg (a sand arch, a doorway home, on deep teal),
drawn with Pillow so no binary image lives in the repository. Output bytes depend only on the
arguments, so builds are reproducible.
"""

from __future__ import annotations

import hashlib
import io
import shutil
from functools import cache
from pathlib import Path

import PIL
from PIL import Image, ImageDraw

from ..files import link_or_copy
from . import cards, palette
from .cards import SIZE as SHARE_SIZE
from .palette import rgb

TEAL, SAND, TERRACOTTA = rgb(palette.TEAL), rgb(palette.SAND), rgb(palette.TERRACOTTA)
SUPERSAMPLE = 4
ICO_SIZES = (16, 32, 48)


def mark(size: int, *, rounded: bool = True, padding: float = 0.0) -> Image.Image:
    """The mark on a teal square, `size` pixels wide; `padding` shrinks it (maskable icons)."""
    big = size * SUPERSAMPLE
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    unit = big / 64  # the SVG's viewBox is 64 units wide
    if rounded:
        draw.rounded_rectangle((0, 0, big - 1, big - 1), radius=14 * unit, fill=TEAL)
    else:
        draw.rectangle((0, 0, big, big), fill=TEAL)
    scale = 1 - 2 * padding
    origin = big * padding

    def at(x: float, y: float) -> tuple[float, float]:
        return origin + x * unit * scale, origin + y * unit * scale

    # The arch: a rectangle under a half circle, x 18..46, top of the curve at y 14.
    draw.rectangle((*at(18, 28), *at(46, 52)), fill=SAND)
    draw.ellipse((*at(18, 14), *at(46, 42)), fill=SAND)
    # The doorway, and the light in it.
    draw.rectangle((*at(26, 34), *at(38, 52)), fill=TEAL)
    draw.ellipse((*at(26, 28), *at(38, 40)), fill=TEAL)
    draw.ellipse((*at(28.5, 33), *at(35.5, 40)), fill=TERRACOTTA)
    return image.resize((size, size), Image.Resampling.LANCZOS)


def png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def favicon_ico() -> bytes:
    buffer = io.BytesIO()
    largest = mark(max(ICO_SIZES))
    largest.save(
        buffer,
        format="ICO",
        sizes=[(s, s) for s in ICO_SIZES],
        append_images=[mark(s) for s in ICO_SIZES[:-1]],
    )
    return buffer.getvalue()


# The mark on the site's card: its arch's top level with the top of the site's name, its right
# edge on the right margin, and its foot above the highest a title can reach.
CARD_MARK_SIZE = 150


def share_card(
    site_name: str, tagline: str, lang: str = "en", fonts: cards.Fonts | None = None
) -> Image.Image:
    """The site's share image, for pages without a story card: a story's card (the site's name,
    the rule, the title) with the tagline as its title, on brand teal, the mark at the top right.
    Raises cards.CardError when the text cannot be drawn as it should be."""
    backdrop = Image.new("RGB", SHARE_SIZE, TEAL)
    icon = mark(CARD_MARK_SIZE, rounded=False)
    unit = CARD_MARK_SIZE / 64  # the mark's arch spans x 18..46 and y 14..52 of 64 units
    x = SHARE_SIZE[0] - cards.MARGIN - round(46 * unit)
    y = cards.NAME_TOP - round(14 * unit)
    backdrop.paste(icon, (x, y), icon)
    return cards.render_card(tagline, lang, site_name=site_name, fonts=fonts, backdrop=backdrop)


def write_icons(
    output: Path, site_name: str, tagline: str, cache: Path | None = None, lang: str = "en"
) -> dict[str, Path]:
    """favicon.ico, apple-touch-icon.png, icon-192.png, icon-512.png, icon-maskable-512.png and
    the site's share card, written at the top of `output`. cache: a folder where they are kept
    between builds (keyed by the name, the tagline, the language, the fonts and the drawing
    code) and linked from. Raises cards.CardError without the card's fonts or raqm."""
    kept = cache / _icons_key(site_name, tagline, lang) if cache else None
    if kept is not None and not all((kept / name).is_file() for name in ICON_FILES):
        if cache.is_dir():
            shutil.rmtree(cache, ignore_errors=True)  # one site, one set: the old one goes
        kept.mkdir(parents=True, exist_ok=True)
        for name, data in _icons(site_name, tagline, lang).items():
            (kept / name).write_bytes(data)
    written = {}
    for name in ICON_FILES:
        path = output / name
        if kept is not None:
            link_or_copy(kept / name, path)
        else:
            path.write_bytes(_icons(site_name, tagline, lang)[name])
        written[name] = path
    return written


ICON_FILES = (
    "favicon.ico",
    "apple-touch-icon.png",
    "icon-192.png",
    "icon-512.png",
    "icon-maskable-512.png",
    "share-card.png",
)


def _icons_key(site_name: str, tagline: str, lang: str) -> str:
    digest = hashlib.blake2b(digest_size=12)
    code = "".join(Path(m.__file__).read_text(encoding="utf-8") for m in (cards, palette))
    parts = (site_name, tagline, lang, Path(__file__).read_text(encoding="utf-8"), code, PIL.__version__)
    for part in (*parts, cards.Fonts.find().fingerprint()):
        digest.update(part.encode() + b"\0")
    return digest.hexdigest()


@cache  # drawn once per process: the live preview rebuilds many times, the mark never changes
def _icons(site_name: str, tagline: str, lang: str) -> dict[str, bytes]:
    return {
        "favicon.ico": favicon_ico(),
        "apple-touch-icon.png": png(mark(180, rounded=False)),
        "icon-192.png": png(mark(192)),
        "icon-512.png": png(mark(512)),
        "icon-maskable-512.png": png(mark(512, rounded=False, padding=0.1)),
        "share-card.png": png(share_card(site_name, tagline, lang)),
    }
