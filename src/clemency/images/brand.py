"""The site's mark, drawn in code: favicons, app icons and the default share card.

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
from PIL import Image, ImageDraw, ImageFont

from ..files import link_or_copy
from . import palette
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


def share_card(title: str, subtitle: str, size: tuple[int, int] = SHARE_SIZE) -> Image.Image:
    """The default share image: the mark and the site's name on teal, for pages without a photo."""
    width, height = size
    card = Image.new("RGB", size, TEAL)
    draw = ImageDraw.Draw(card)
    draw.rectangle((0, height - 24, width, height), fill=TERRACOTTA)
    icon = mark(220, rounded=False)
    card.paste(icon, (80, (height - 220) // 2 - 12), icon)
    title_font = ImageFont.load_default(64)
    subtitle_font = ImageFont.load_default(36)
    x = 340
    draw.text((x, height // 2 - 60), title, font=title_font, fill=SAND, anchor="ls")
    draw.text((x, height // 2 + 10), subtitle, font=subtitle_font, fill=SAND, anchor="ls")
    return card


def write_icons(output: Path, site_name: str, tagline: str, cache: Path | None = None) -> dict[str, Path]:
    """favicon.ico, apple-touch-icon.png, icon-192.png, icon-512.png, icon-maskable-512.png and
    the default share card, written at the top of `output`. cache: a folder where they are kept
    between builds (keyed by the name, the tagline and this module's code) and linked from."""
    kept = cache / _icons_key(site_name, tagline) if cache else None
    if kept is not None and not all((kept / name).is_file() for name in ICON_FILES):
        if cache.is_dir():
            shutil.rmtree(cache, ignore_errors=True)  # one site, one set: the old one goes
        kept.mkdir(parents=True, exist_ok=True)
        for name, data in _icons(site_name, tagline).items():
            (kept / name).write_bytes(data)
    written = {}
    for name in ICON_FILES:
        path = output / name
        if kept is not None:
            link_or_copy(kept / name, path)
        else:
            path.write_bytes(_icons(site_name, tagline)[name])
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


def _icons_key(site_name: str, tagline: str) -> str:
    digest = hashlib.blake2b(digest_size=12)
    for part in (site_name, tagline, Path(__file__).read_text(encoding="utf-8"), PIL.__version__):
        digest.update(part.encode() + b"\0")
    return digest.hexdigest()


@cache  # drawn once per process: the live preview rebuilds many times, the mark never changes
def _icons(site_name: str, tagline: str) -> dict[str, bytes]:
    return {
        "favicon.ico": favicon_ico(),
        "apple-touch-icon.png": png(mark(180, rounded=False)),
        "icon-192.png": png(mark(192)),
        "icon-512.png": png(mark(512)),
        "icon-maskable-512.png": png(mark(512, rounded=False, padding=0.1)),
        "share-card.png": png(share_card(site_name, tagline)),
    }
