"""The site's colours, once for Python: the icons, share cards, placeholders and photo tones
are drawn with these. The theme's CSS has the same colours as custom properties in
theme/static/css/tokens.css (and the tones in tones.css); tests/test_palette.py fails when a
colour here and its property there part. Change a colour in both.
"""

from __future__ import annotations

TEAL = "#0f4c5c"  # --scp-teal: the brand, the mark's ground
TEAL_DEEP = "#0b3945"  # --scp-teal-deep: bands, shading on share cards
SAND = "#f4e9d8"  # --scp-sand: the mark's arch, text on teal
TERRACOTTA = "#b5563a"  # --scp-terracotta: the accent rule, the mark's sun
INK = "#1d2a30"  # --scp-ink: text
WHITE = "#ffffff"
PAGE = "#fffdf9"  # --scp-color-page: the page; transparent pixels of a photo are flattened onto it

# The custom property of tokens.css each colour above is.
CSS_PROPERTIES = {
    "--scp-teal": TEAL,
    "--scp-teal-deep": TEAL_DEEP,
    "--scp-sand": SAND,
    "--scp-terracotta": TERRACOTTA,
    "--scp-ink": INK,
    "--scp-color-page": PAGE,
}

# Placeholders (images of a story without a photo): (field, arcs, sun), light fields with a quiet
# colour for the arcs and the sun. Each field is --scp-field-<n> of tokens.css, the header of a
# story without a photo, so the page and its share image are one colour.
PLACEHOLDER_SCHEMES = (
    ("#f4e9d8", TEAL, "#e2a88f"),  # sand, teal arcs, terracotta sun
    ("#dfeaea", TEAL, "#e9cfa6"),  # mist teal, teal arcs, wheat sun
    ("#f5e3dc", TERRACOTTA, "#e9b9a4"),  # rose, terracotta arcs, clay sun
    ("#e6ebdc", "#4f6b3f", "#e4c98c"),  # sage, olive arcs, ochre sun
)

# Loading tones: muted colours photos tend to average to, plus the site's own (tones.css).
TONES: tuple[tuple[str, str], ...] = (
    ("ink", INK),
    ("charcoal", "#3b3f42"),
    ("slate", "#5d6a73"),
    ("stone", "#9b9a94"),
    ("mist", "#d8dbdb"),
    ("sand", SAND),
    ("tan", "#c6a07a"),
    ("umber", "#6b4a33"),
    ("terracotta", TERRACOTTA),
    ("rose", "#c48b86"),
    ("olive", "#6d7245"),
    ("sage", "#a2b08a"),
    ("teal", TEAL),
    ("sky", "#8eb2c8"),
    ("navy", "#253b59"),
    ("ochre", "#c29a3c"),
)


def rgb(colour: str) -> tuple[int, int, int]:
    """'#0f4c5c' -> (15, 76, 92)."""
    return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]
