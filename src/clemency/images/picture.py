"""The theme contract: what a template gets to print one image slot."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Source:
    """One <source>: `type` is "image/avif" or "image/webp"; `srcset` lists "URL WIDTHw" pairs."""

    type: str
    srcset: str


@dataclass(frozen=True)
class Picture:
    """One image slot of a story, ready to print; `article.pictures` maps slot name to Picture.

    Slots: "hero" (story page, 3:2), "card" (listings, 3:2), "social" (1200x630 JPEG for
    og:image). Every story has all three: when there is no publishable photo (none given, or
    consent.photo is false) a drawn placeholder fills them, `is_placeholder` is True and the photo
    file was never read.

    - `sources`: AVIF then WebP <source>s (`.type`, `.srcset`), best first; empty for social.
    - `src`: the largest JPEG's URL; `srcset`: every JPEG as "URL WIDTHw, ...".
      URLs start with "/" and include SITEURL's path, e.g. "/media/3f9a0c1d2e4b5a69-960.jpg".
    - `sizes`: the slot's `sizes` attribute (PHOTOS_SIZES); "" for social.
    - `width`, `height`: intrinsic size of the largest JPEG (for width/height attributes, so the
      layout does not jump).
    - `alt`: the description; "" when the photo is decorative or a placeholder (the story's
      name is printed next to it).
    - `caption`, `credit`: plain text from the story, possibly "" (escape when printing).
    - `tone_class`: a class from theme/static/css/tones.css giving the image's average colour as
      background while it loads ("photos-tone--sand").
    - `url`: the largest JPEG as an absolute URL when SITEURL is absolute (for og:image);
      otherwise the same as `src`.
    """

    sources: tuple[Source, ...]
    src: str
    srcset: str
    sizes: str
    width: int
    height: int
    alt: str
    caption: str = ""
    credit: str = ""
    tone_class: str = ""
    is_placeholder: bool = False
    url: str = ""
