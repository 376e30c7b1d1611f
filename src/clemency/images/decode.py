"""Read a photo safely: check it from its header, then decode it once to upright sRGB pixels."""

from __future__ import annotations

import hashlib
import io
import math
import struct
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pillow_heif
from PIL import Image, ImageCms, UnidentifiedImageError

pillow_heif.register_heif_opener()

# Pillow's format names we accept; MPO is how Pillow names many phone JPEGs.
FORMATS = {
    "JPEG": "JPEG",
    "MPO": "JPEG",
    "PNG": "PNG",
    "WEBP": "WebP",
    "GIF": "GIF",
    "HEIF": "HEIC",
    "AVIF": "AVIF",
}
ACCEPTED = "JPEG, PNG, WebP, GIF or HEIC"

# EXIF orientation -> the transpose that makes the image upright (as ImageOps.exif_transpose).
UPRIGHT = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}

_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


class PhotoError(Exception):
    """A photo the build cannot use; the message follows the file's name: "'x.jpg' <message>"."""


@dataclass(frozen=True)
class SourceInfo:
    """What the header says: format, upright size, the stored size and the EXIF orientation."""

    format: str
    size: tuple[int, int]  # upright, after orientation
    stored_size: tuple[int, int]
    orientation: int = 1


def digest_bytes(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def digest_file(path: Path) -> str:
    with path.open("rb") as f:
        return hashlib.file_digest(f, lambda: hashlib.blake2b(digest_size=16)).hexdigest()


@contextmanager
def _own_pixel_limit():
    """Let Pillow open any header: the size check is ours, worded for people (PHOTOS_MAX_PIXELS)."""
    saved = Image.MAX_IMAGE_PIXELS
    Image.MAX_IMAGE_PIXELS = None
    try:
        yield
    finally:
        Image.MAX_IMAGE_PIXELS = saved


def _orientation(im: Image.Image) -> int:
    try:
        if im.format == "PNG":  # getexif() would decode the whole PNG to find a late eXIf chunk
            if "exif" not in im.info:
                return 1
            exif = Image.Exif()
            exif.load(im.info["exif"])
        else:
            exif = im.getexif()
        value = exif.get(0x0112, 1)
    except Exception:  # noqa: BLE001 - unreadable EXIF: the photo counts as upright, not as an error
        return 1
    return value if value in UPRIGHT else 1


def _looks_like_text(head: bytes) -> bool:
    if not head:
        return True
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return all(c.isprintable() or c in "\r\n\t" for c in text.rstrip("\x00"))


def _unreadable(path: Path, head: bytes) -> PhotoError:
    if not head:
        return PhotoError("is an empty file. Copy the photo into the story's folder again.")
    if _looks_like_text(head[:512]):
        return PhotoError(
            f"is not an image: it is a text file with an image's name. Replace "
            f"it with the photo itself ({ACCEPTED})."
        )
    return PhotoError(
        f"is not an image the site can read. Export it again as {ACCEPTED} and replace the file."
    )


def _damaged(exc: BaseException) -> PhotoError:
    detail = str(exc).strip().rstrip(".") or type(exc).__name__
    return PhotoError(
        f"is damaged or incomplete ({detail}). Copy the original from the phone "
        f"or camera again and replace the file."
    )


def _open(data: bytes, path: Path) -> Image.Image:
    try:
        return Image.open(io.BytesIO(data))
    except UnidentifiedImageError:
        raise _unreadable(path, data[:4096]) from None
    except Image.DecompressionBombError as exc:  # only with the limit on; kept for safety
        raise PhotoError(str(exc)) from None
    except (OSError, SyntaxError, ValueError, EOFError, IndexError, KeyError) as exc:
        raise _damaged(exc) from None


def read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise PhotoError("is missing from the story's folder.") from None
    except IsADirectoryError:
        raise PhotoError("is a folder, not a photo.") from None
    except PermissionError:
        raise PhotoError("cannot be read (permission denied). Check the file's permissions.") from None


def probe(data: bytes, path: Path, max_pixels: int) -> SourceInfo:
    """Check a photo from its header only: a known format, and not too many pixels."""
    with _own_pixel_limit(), _open(data, path) as im:
        fmt = FORMATS.get(im.format or "")
        if fmt is None:
            raise PhotoError(
                f"is a {im.format} image; the site takes {ACCEPTED}. Export it as JPEG and replace the file."
            )
        width, height = im.size
        if width < 1 or height < 1:
            raise PhotoError("has no pixels.")
        if width * height > max_pixels:
            raise PhotoError(
                f"claims {width}×{height} pixels, more than the {max_pixels / 1e6:g} megapixel "
                f"limit (PHOTOS_MAX_PIXELS). Resize it on your computer and replace the file."
            )
        orientation = _orientation(im)
    upright = (height, width) if orientation in (5, 6, 7, 8) else (width, height)
    return SourceInfo(fmt, upright, (width, height), orientation)


def decode(
    data: bytes, path: Path, info: SourceInfo, scale: float, background: tuple[int, int, int]
) -> Image.Image:
    """Decode once (JPEG at the smallest scale that still gives `scale`) to upright sRGB RGB."""
    # `info` is emptied on the way out, so no EXIF, ICC, XMP or comment can reach an encoder.
    with _own_pixel_limit(), _open(data, path) as im:
        if info.format == "JPEG" and scale < 1:
            w, h = info.stored_size
            im.draft(None, (math.ceil(w * scale), math.ceil(h * scale)))
        try:
            im.seek(0)  # the first frame of an animation
            im.load()
            rgb = to_srgb(im, background)
        except PhotoError:
            raise
        except (OSError, SyntaxError, ValueError, EOFError, IndexError, struct.error) as exc:
            raise _damaged(exc) from None
    if info.orientation in UPRIGHT:
        rgb = rgb.transpose(UPRIGHT[info.orientation])
    rgb.info.clear()
    return rgb


_SIXTEEN_BIT = {"I", "I;16", "I;16L", "I;16B", "I;16N"}


def _is_srgb(profile: ImageCms.ImageCmsProfile) -> bool:
    try:
        description = ImageCms.getProfileDescription(profile)
    except ImageCms.PyCMSError:
        return False
    return "srgb" in description.lower().replace(" ", "")


def to_srgb(im: Image.Image, background: tuple[int, int, int]) -> Image.Image:
    """Any decoded mode to 8-bit RGB in sRGB, transparency flattened onto `background`."""
    icc = im.info.get("icc_profile")
    if im.mode in _SIXTEEN_BIT:
        im = im.convert("I").point(lambda v: v * (1 / 257)).convert("L")
    elif im.mode == "F":
        im = im.point(lambda v: v * 255).convert("L")
    elif im.mode == "1":
        im = im.convert("L")
    elif im.mode in ("P", "PA"):
        im = im.convert("RGBA" if im.has_transparency_data else "RGB")
    elif im.mode in ("RGBa", "La"):
        im = im.convert("RGBA")
    elif im.mode in ("YCbCr", "LAB", "HSV"):
        im = im.convert("RGB")
    alpha = im.mode in ("RGBA", "LA")
    if icc and im.mode in ("RGB", "RGBA", "CMYK", "L"):
        try:
            profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            if not (_is_srgb(profile) and im.mode in ("RGB", "RGBA")):
                im = ImageCms.profileToProfile(
                    im,
                    profile,
                    _SRGB,
                    outputMode="RGBA" if alpha else "RGB",
                    renderingIntent=ImageCms.Intent.PERCEPTUAL,
                )
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a broken profile: fall back to reading the numbers as sRGB
    if alpha:
        rgba = im.convert("RGBA")
        flat = Image.new("RGB", rgba.size, background)
        flat.paste(rgba, (0, 0), rgba)
        return flat
    return im.convert("RGB") if im.mode != "RGB" else im.copy()
