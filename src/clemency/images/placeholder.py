"""Placeholders: the story's initials on a woven check in the site palette (never a face)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

VERSION = 1

TEAL, SAND, TERRACOTTA, INK = "#0f4c5c", "#f4e9d8", "#b5563a", "#1d2a30"

# (background, check lines, disc, initials): each pair of disc and initials is readable.
SCHEMES = (
    (TEAL, SAND, SAND, TEAL),
    (SAND, TEAL, TEAL, SAND),
    (TERRACOTTA, SAND, SAND, INK),
    (INK, SAND, TERRACOTTA, SAND),
)

FONTS = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf",
    "/usr/share/fonts/opentype/noto/NotoSans-Bold.ttf",
)


@dataclass(frozen=True)
class PlaceholderSpec:
    """Everything a placeholder's pixels depend on; its hash names the outputs."""

    initials: str
    scheme: int
    size: tuple[int, int]
    font: str  # a font file, or "" for Pillow's built-in font
    font_bytes: int  # the font file's size, so a changed font gives new names
    version: int = VERSION

    def key_bytes(self) -> bytes:
        return json.dumps(asdict(self), sort_keys=True).encode()


def find_font(preferred: Path | None = None) -> tuple[str, int]:
    for candidate in ((str(preferred),) if preferred else ()) + FONTS:
        path = Path(candidate)
        if path.is_file():
            return str(path), path.stat().st_size
    return "", 0


def spec_for(slug: str, initials: str, size: tuple[int, int],
             font: Path | None = None) -> PlaceholderSpec:
    scheme = sum(slug.encode()) % len(SCHEMES)
    font_path, font_bytes = find_font(font)
    return PlaceholderSpec(initials.strip()[:3], scheme, size, font_path, font_bytes)


def _font(spec: PlaceholderSpec, size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    if spec.font:
        try:
            return ImageFont.truetype(spec.font, size)
        except OSError:
            pass
    return ImageFont.load_default(size)


def draw(spec: PlaceholderSpec) -> Image.Image:
    """The placeholder's pixels, RGB, exactly `spec.size`."""
    background, lines, disc, ink = SCHEMES[spec.scheme]
    width, height = spec.size
    im = Image.new("RGB", spec.size, background)
    # A woven check of translucent bands, as on a krama scarf: axis-aligned, so edges stay crisp.
    check = Image.new("L", spec.size, 0)
    pen = ImageDraw.Draw(check)
    step = max(8, height // 8)
    band = max(2, step // 6)
    for i, x in enumerate(range(-step // 2, width, step)):
        pen.rectangle((x, 0, x + band * (2 if i % 3 == 0 else 1), height), fill=30)
    for i, y in enumerate(range(-step // 2, height, step)):
        pen.rectangle((0, y, width, y + band * (2 if i % 3 == 0 else 1)), fill=30)
    im.paste(Image.new("RGB", spec.size, lines), (0, 0), check)
    # The disc, drawn large and shrunk so its edge is smooth.
    diameter = int(min(width, height) * 0.42)
    cx, cy = width // 2, height // 2
    big = Image.new("L", (diameter * 4, diameter * 4), 0)
    ImageDraw.Draw(big).ellipse((0, 0, diameter * 4 - 1, diameter * 4 - 1), fill=255)
    mask = big.resize((diameter, diameter), Image.Resampling.LANCZOS)
    im.paste(Image.new("RGB", (diameter, diameter), disc),
             (cx - diameter // 2, cy - diameter // 2), mask)
    if spec.initials:
        font_size = int(diameter * (0.42 if len(spec.initials) <= 2 else 0.32))
        ImageDraw.Draw(im).text((cx, cy), spec.initials, fill=ink, font=_font(spec, font_size),
                                anchor="mm")
    return im
