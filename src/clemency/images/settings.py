"""Photo settings: every PHOTOS_* key, its default, and its check, in one place."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from PIL import ImageColor

from . import palette
from .cards import SIZE as SHARE_SIZE

# Widths for the 3:2 slots. The layout's key widths (hero 328/656/736/1152/1472, card
# 328/368/656/736 CSS px at 360/768/1440 px viewports, DPR 1 and 2) are all on the ladder, and no
# two neighbours are more than 1.28x apart, so the browser never fetches much more than it shows.
DEFAULT_WIDTHS = (328, 368, 460, 560, 656, 736, 920, 1152, 1472, 1840)

# The theme's layout: content max 72rem with 1rem padding; cards 1, 2 or 3 columns.
DEFAULT_SIZES = {
    "hero": "(min-width: 74rem) 72rem, calc(100vw - 2rem)",
    "card": "(min-width: 74rem) 23rem, (min-width: 64rem) calc((100vw - 4rem) / 3), "
    "(min-width: 40rem) calc((100vw - 3rem) / 2), calc(100vw - 2rem)",
}

# Chosen by measurement: bench/quality.py, table in bench/README.md.
DEFAULT_QUALITY = {"avif": 56, "webp": 84, "jpeg": 68}

FORMATS = ("avif", "webp", "jpeg")

DEFAULTS: dict[str, object] = {
    "PHOTOS_WIDTHS": DEFAULT_WIDTHS,
    "PHOTOS_SIZES": DEFAULT_SIZES,
    "PHOTOS_ASPECTS": {"hero": (3, 2), "card": (3, 2)},
    "PHOTOS_SOCIAL_SIZE": SHARE_SIZE,
    "PHOTOS_FORMATS": FORMATS,
    "PHOTOS_QUALITY": DEFAULT_QUALITY,
    "PHOTOS_AVIF_SPEED": 9,  # 0 (slowest, smallest) to 10 (fastest)
    "PHOTOS_WEBP_METHOD": 4,  # 0 (fastest) to 6 (slowest, smallest)
    # Phones of 2024-2026 take 48 MP (8064×6048) and 50 MP (8160×6120) photos; 52 MP keeps
    # them all, and one decoded photo stays under 160 MB of memory per worker.
    "PHOTOS_MAX_PIXELS": 52_000_000,
    "PHOTOS_CACHE_DIR": None,  # None: <project>/.cache/photos
    # Cached images unused for this many builds are deleted; those of a photo no published story
    # uses any more are deleted by the next build.
    "PHOTOS_CACHE_KEEP_BUILDS": 20,
    "PHOTOS_OUTPUT_DIR": "media",
    "PHOTOS_WORKERS": None,  # None: every core; 0: in this process (tests)
    "PHOTOS_BACKGROUND": palette.PAGE,  # transparent pixels are flattened onto the page colour
    "PHOTOS_TIMEOUT": 300,  # seconds without any image finishing before the build gives up
    "PHOTOS_FONT": None,  # a .ttf for placeholder initials; None: DejaVu/Noto Sans Bold
}


@dataclass(frozen=True)
class PhotoSettings:
    widths: tuple[int, ...] = DEFAULT_WIDTHS
    sizes: Mapping[str, str] = None  # type: ignore[assignment]
    aspects: Mapping[str, tuple[int, int]] = None  # type: ignore[assignment]
    social_size: tuple[int, int] = SHARE_SIZE
    formats: tuple[str, ...] = FORMATS
    quality: Mapping[str, int] = None  # type: ignore[assignment]
    avif_speed: int = 9
    webp_method: int = 4
    max_pixels: int = 52_000_000
    cache_dir: Path = Path(".cache/photos")
    cache_keep_builds: int = 20
    output_dir: str = "media"
    workers: int = 2
    background: tuple[int, int, int] = palette.rgb(palette.PAGE)
    timeout: float = 300.0
    font: Path | None = None

    def __post_init__(self):
        for name, default in (
            ("sizes", DEFAULT_SIZES),
            ("quality", DEFAULT_QUALITY),
            ("aspects", DEFAULTS["PHOTOS_ASPECTS"]),
        ):
            if getattr(self, name) is None:
                object.__setattr__(self, name, dict(default))

    @property
    def slots(self) -> tuple[str, ...]:
        return tuple(self.aspects)


def cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def fill_defaults(settings: dict) -> dict:
    """Put every PHOTOS_* default into a Pelican-style settings dict; keep what is set."""
    for key, value in DEFAULTS.items():
        settings.setdefault(key, value)
    return settings


def photo_settings(values: Mapping, project: Path) -> tuple[PhotoSettings, list[str]]:
    """Read PHOTOS_* keys; a bad value is replaced by its default and explained in a warning."""
    warnings: list[str] = []
    merged = {**DEFAULTS, **{k: v for k, v in values.items() if k in DEFAULTS}}

    def bad(key: str, why: str) -> None:
        warnings.append(f"photos: {key} = {merged[key]!r} {why}; using the default {DEFAULTS[key]!r}.")
        merged[key] = DEFAULTS[key]

    def positive_int(value) -> bool:
        return isinstance(value, int) and not isinstance(value, bool) and value > 0

    if not (
        isinstance(merged["PHOTOS_WIDTHS"], (list, tuple))
        and merged["PHOTOS_WIDTHS"]
        and all(positive_int(w) and w <= 8192 for w in merged["PHOTOS_WIDTHS"])
    ):
        bad("PHOTOS_WIDTHS", "is not a list of widths in pixels (1 to 8192)")
    aspects = merged["PHOTOS_ASPECTS"]
    if not (
        isinstance(aspects, Mapping)
        and aspects
        and all(
            isinstance(a, (list, tuple)) and len(a) == 2 and all(positive_int(x) for x in a)
            for a in aspects.values()
        )
    ):
        bad("PHOTOS_ASPECTS", "is not a mapping of slot name to (width, height), e.g. (3, 2)")
    sizes = merged["PHOTOS_SIZES"]
    if not (isinstance(sizes, Mapping) and all(isinstance(s, str) for s in sizes.values())):
        bad("PHOTOS_SIZES", "is not a mapping of slot name to a `sizes` attribute")
    social = merged["PHOTOS_SOCIAL_SIZE"]
    if not (isinstance(social, (list, tuple)) and len(social) == 2 and all(positive_int(x) for x in social)):
        bad("PHOTOS_SOCIAL_SIZE", "is not (width, height) in pixels")
    formats = merged["PHOTOS_FORMATS"]
    if not (isinstance(formats, (list, tuple)) and "jpeg" in formats and set(formats) <= set(FORMATS)):
        bad("PHOTOS_FORMATS", f"must list some of {FORMATS} and always 'jpeg' (the fallback)")
    quality = merged["PHOTOS_QUALITY"]
    if not (
        isinstance(quality, Mapping)
        and all(k in FORMATS and positive_int(v) and v <= 100 for k, v in quality.items())
    ):
        bad("PHOTOS_QUALITY", "is not a mapping of format ('avif', 'webp', 'jpeg') to 1-100")
    if not (isinstance(merged["PHOTOS_AVIF_SPEED"], int) and 0 <= merged["PHOTOS_AVIF_SPEED"] <= 10):
        bad("PHOTOS_AVIF_SPEED", "is not a whole number from 0 to 10")
    if not (isinstance(merged["PHOTOS_WEBP_METHOD"], int) and 0 <= merged["PHOTOS_WEBP_METHOD"] <= 6):
        bad("PHOTOS_WEBP_METHOD", "is not a whole number from 0 to 6")
    if not positive_int(merged["PHOTOS_CACHE_KEEP_BUILDS"]):
        bad("PHOTOS_CACHE_KEEP_BUILDS", "is not a number of builds")
    if not positive_int(merged["PHOTOS_MAX_PIXELS"]):
        bad("PHOTOS_MAX_PIXELS", "is not a number of pixels")
    workers = merged["PHOTOS_WORKERS"]
    if workers is not None and not (isinstance(workers, int) and workers >= 0):
        bad("PHOTOS_WORKERS", "is not a number of processes (0 runs in the build's own process)")
    try:
        background = ImageColor.getrgb(str(merged["PHOTOS_BACKGROUND"]))[:3]
    except ValueError:
        bad("PHOTOS_BACKGROUND", "is not a colour such as '#ffffff'")
        background = ImageColor.getrgb(str(merged["PHOTOS_BACKGROUND"]))[:3]
    if not (isinstance(merged["PHOTOS_TIMEOUT"], (int, float)) and merged["PHOTOS_TIMEOUT"] > 0):
        bad("PHOTOS_TIMEOUT", "is not a number of seconds")
    font = merged["PHOTOS_FONT"]
    if font is not None and not Path(font).is_file():
        bad("PHOTOS_FONT", "is not a font file")

    cache_dir = merged["PHOTOS_CACHE_DIR"]
    cache = Path(cache_dir) if cache_dir else project / ".cache" / "photos"
    if not cache.is_absolute():
        cache = project / cache
    merged_quality = {**DEFAULT_QUALITY, **merged["PHOTOS_QUALITY"]}
    settings = PhotoSettings(
        widths=tuple(sorted(set(merged["PHOTOS_WIDTHS"]))),
        sizes={**DEFAULT_SIZES, **merged["PHOTOS_SIZES"]},
        aspects={k: tuple(v) for k, v in merged["PHOTOS_ASPECTS"].items()},
        social_size=tuple(merged["PHOTOS_SOCIAL_SIZE"]),
        formats=tuple(f for f in FORMATS if f in merged["PHOTOS_FORMATS"]),
        quality=merged_quality,
        avif_speed=merged["PHOTOS_AVIF_SPEED"],
        webp_method=merged["PHOTOS_WEBP_METHOD"],
        max_pixels=merged["PHOTOS_MAX_PIXELS"],
        cache_dir=cache,
        cache_keep_builds=merged["PHOTOS_CACHE_KEEP_BUILDS"],
        output_dir=str(merged["PHOTOS_OUTPUT_DIR"]).strip("/") or "media",
        workers=cpu_count() if workers is None else workers,
        background=background,
        timeout=float(merged["PHOTOS_TIMEOUT"]),
        font=Path(font) if font else None,
    )
    return settings, warnings
