"""Placeholders: a light field in the site palette with a rising sun of soft arcs (never a face,
never a letter). Each story gets its own field colour and sun position from its slug; the share
image of a story without photo (clemency.images.cards) is drawn on the same field."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path

from PIL import Image, ImageDraw

from . import palette

VERSION = 2

# (field, arcs, sun), from the palette. Arcs and sun are decoration only: no text is ever drawn.
SCHEMES = palette.PLACEHOLDER_SCHEMES
# How strongly the arcs show over the field (0-255): enough to see, never to dominate.
ARC_ALPHA = 46


@dataclass(frozen=True)
class PlaceholderSpec:
    """Everything a placeholder's pixels depend on; its hash names the outputs."""

    initials: str  # with the scheme, seeds where the sun rises (no letter is drawn)
    scheme: int
    size: tuple[int, int]
    version: int = VERSION

    def key_bytes(self) -> bytes:
        return json.dumps(asdict(self), sort_keys=True).encode()


def scheme_for(slug: str) -> int:
    """The story's field colour: stable for a slug, and different between neighbouring slugs."""
    return hashlib.sha256(slug.encode()).digest()[0] % len(SCHEMES)


def spec_for(slug: str, initials: str, size: tuple[int, int], font: Path | None = None) -> PlaceholderSpec:
    """The story's placeholder; `font` (PHOTOS_FONT) is unused since no text is drawn."""
    return PlaceholderSpec(initials.strip()[:3] or slug[:3], scheme_for(slug), size)


def _sun_x(spec: PlaceholderSpec) -> float:
    """Where along the bottom edge the sun rises, as a share of the width (0.58 to 0.86)."""
    seed = hashlib.sha256(f"{spec.initials}/{spec.scheme}".encode()).digest()[0]
    return 0.58 + 0.28 * seed / 255


def draw(spec: PlaceholderSpec) -> Image.Image:
    """The placeholder's pixels, RGB, exactly `spec.size`."""
    background, arcs, sun = SCHEMES[spec.scheme % len(SCHEMES)]
    width, height = spec.size
    # Drawn at twice the size and shrunk, so the curves are smooth.
    scale = 2
    big = (width * scale, height * scale)
    im = Image.new("RGB", big, background)
    cx, cy = _sun_x(spec) * big[0], big[1] * 1.02
    radius = big[1] * 0.26
    layer = Image.new("L", big, 0)
    pen = ImageDraw.Draw(layer)
    line = max(2, round(big[1] / 160))
    step = big[1] * 0.12
    r = radius + step
    while r < max(big) * 1.2:
        pen.ellipse((cx - r, cy - r, cx + r, cy + r), outline=ARC_ALPHA, width=line)
        r += step
    im.paste(Image.new("RGB", big, arcs), (0, 0), layer)
    ImageDraw.Draw(im).ellipse((cx - radius, cy - radius, cx + radius, cy + radius), fill=sun)
    return im.resize(spec.size, Image.Resampling.LANCZOS)
