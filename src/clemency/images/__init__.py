"""The photo pipeline, without Pelican: story photos and placeholders in, private responsive
images and the theme's Picture objects out.

Stages, one module each: settings (PHOTOS_* keys) -> decode (safe header check, one decode to
upright sRGB) -> plan (crops, width ladder, hashed names) -> render (resize and encode, in
worker processes) -> cache (content-hash cache, linking into the site) -> pipeline (all of it
for every story). metadata.find_metadata checks any output for leaks; tones gives loading colours.
"""

from .decode import PhotoError
from .metadata import find_metadata
from .picture import Picture, Source
from .pipeline import PhotoRequest, Report, build_pictures, request_for
from .settings import PhotoSettings, fill_defaults, photo_settings

__all__ = [
    "PhotoError",
    "PhotoRequest",
    "PhotoSettings",
    "Picture",
    "Report",
    "Source",
    "build_pictures",
    "fill_defaults",
    "find_metadata",
    "photo_settings",
    "request_for",
]
