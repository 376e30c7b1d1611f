"""Loading tones: a fixed palette of background colours, so no inline style is ever needed.

Each picture gets the class of the palette colour nearest its average colour; the classes live in
theme/static/css/tones.css, written from TONES by `css()` (a test keeps the two in step):
    python -c "from clemency.images.tones import css; print(css(), end='')" > theme/static/css/tones.css
"""

from __future__ import annotations

from . import palette

CLASS_PREFIX = "photos-tone--"

TONES = palette.TONES


def _lab(rgb: tuple[int, int, int]) -> tuple[float, float, float]:
    """sRGB (0-255) to CIE L*a*b* (D65), to compare colours as eyes do."""

    def linear(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in rgb)
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    fx, fy, fz = f(x), f(y), f(z)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


_LABS = tuple((name, _lab(palette.rgb(value))) for name, value in TONES)


def nearest_tone(rgb: tuple[int, int, int]) -> str:
    """The CSS class of the palette colour closest to `rgb`."""
    target = _lab(rgb)
    name = min(_LABS, key=lambda item: sum((a - b) ** 2 for a, b in zip(item[1], target, strict=True)))[0]
    return CLASS_PREFIX + name


def css() -> str:
    lines = [
        "/* Photo loading tones: the background a <picture> shows until its image arrives.",
        "   Generated from clemency/images/tones.py (see its docstring); the photos plugin picks one",
        "   class per image, so no inline style is needed under a strict CSP. */",
    ]
    lines += [f".{CLASS_PREFIX}{name} {{ background-color: {value}; }}" for name, value in TONES]
    return "\n".join(lines) + "\n"
