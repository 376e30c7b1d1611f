"""Every published image is free of metadata: no EXIF (GPS, camera, dates), XMP, IPTC, comments.

The detector is the photo pipeline's own (clemency.images.metadata), which verified each file
as it was encoded; this second look covers every image in the output, however it got there.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, UnidentifiedImageError

from ..images.metadata import find_metadata
from ..problems import Problem


def check_image(path: Path) -> list[Problem]:
    """The image can be read and carries no metadata (the photo pipeline's own detector)."""
    try:
        with Image.open(path) as img:
            img.verify()
    except (UnidentifiedImageError, OSError, SyntaxError) as exc:
        return [
            Problem(path, (f"the image cannot be read ({exc}). Re-export it through the photo pipeline."))
        ]
    found = find_metadata(path)
    if not found:
        return []
    return [
        Problem(
            path,
            (
                f"the image carries metadata: {'; '.join(found)}. Published images must carry "
                "none (it can reveal where and when a photo was taken). Build it through the photo "
                "pipeline, which strips it, instead of copying the file."
            ),
        )
    ]
