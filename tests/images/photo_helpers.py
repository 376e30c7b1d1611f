"""Photos made in code for the photo tests, named after what they test, and a quick settings.

No conftest.py here on purpose (see tests/theme/site_fixture.py): a second conftest module would
shadow tests/conftest.py for modules that `from conftest import ...`. Tests import from here.
"""

from __future__ import annotations

import datetime as dt
import io
import struct
import zlib
from pathlib import Path

from PIL import Image

from clemency.content.models import Consent, Outcome, Photo, Story
from clemency.images import PhotoRequest, photo_settings
from clemency.images.decode import UPRIGHT

RED, GREEN, BLUE, YELLOW = (220, 30, 30), (30, 200, 40), (30, 40, 220), (240, 220, 20)
PAGE = (255, 253, 249)  # PHOTOS_BACKGROUND's default: the page colour
# The inverse of each upright transform: stored pixels that EXIF orientation N turns upright.
STORED = {
    1: None,
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_90,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_270,
}
assert set(UPRIGHT) | {1} == set(STORED)


def settings(tmp: Path, **overrides):
    """Small widths so tests run in milliseconds; in-process unless PHOTOS_WORKERS is given."""
    values = {
        "PHOTOS_CACHE_DIR": str(tmp / "cache"),
        "PHOTOS_WORKERS": 0,
        "PHOTOS_WIDTHS": (48, 64, 96, 128),
        "PHOTOS_SOCIAL_SIZE": (120, 63),
        **overrides,
    }
    result, warnings = photo_settings(values, tmp)
    assert not warnings
    return result


def request(photo_path: Path | None, story: Path | None = None, **photo) -> PhotoRequest:
    story = story or (photo_path.parent if photo_path else Path("/nowhere")) / "index.md"
    photo_value = None
    if photo_path is not None:
        photo_value = Photo(photo_path, photo.pop("alt", "Mara at her kitchen table"), **photo)
    return PhotoRequest(story, story, story.parent.name, "MT", photo_value)


def upright_quadrants(size=(150, 100)) -> Image.Image:
    """Red top left, green top right, blue bottom left, yellow bottom right: any turn shows."""
    width, height = size
    im = Image.new("RGB", size, RED)
    im.paste(GREEN, (width // 2, 0, width, height // 2))
    im.paste(BLUE, (0, height // 2, width // 2, height))
    im.paste(YELLOW, (width // 2, height // 2, width, height))
    return im


def quadrant_colours(im: Image.Image) -> list[tuple[int, int, int]]:
    im = im.convert("RGB")
    w, h = im.size
    return [
        im.getpixel((x, y))
        for x, y in ((w // 4, h // 4), (3 * w // 4, h // 4), (w // 4, 3 * h // 4), (3 * w // 4, 3 * h // 4))
    ]


def close(a, b, tolerance=24) -> bool:
    return all(abs(x - y) <= tolerance for x, y in zip(a, b, strict=True))


def photo_rotated_exif(folder: Path, orientation: int, ext: str = "jpg") -> Path:
    """photo_rotated_exif_<n>.<ext>: stored turned, with EXIF orientation n to turn it upright."""
    stored = upright_quadrants()
    if STORED[orientation] is not None:
        stored = stored.transpose(STORED[orientation])
    exif = Image.Exif()
    exif[0x0112] = orientation
    path = folder / f"photo_rotated_exif_{orientation}.{ext}"
    stored.save(path, quality=95, exif=exif)
    return path


def photo_with_gps_xmp_and_comment(folder: Path) -> Path:
    exif = Image.Exif()
    exif[0x010F] = "Phonemaker"
    exif[0x0110] = "Phone 15"
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "N", (47.0, 36.0, 12.5), "W", (122.0, 19.0, 30.0)
    xmp = (
        b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/'
        b'22-rdf-syntax-ns#"><rdf:Description photoshop:City="Seattle"/></rdf:RDF>'
        b"</x:xmpmeta>"
    )
    from PIL import ImageCms

    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    path = folder / "photo_with_gps_xmp_and_comment.jpg"
    upright_quadrants().save(
        path, quality=90, exif=exif, xmp=xmp, icc_profile=icc, comment=b"Taken at 1234 Home Street"
    )
    return path


def photo_cmyk(folder: Path) -> Path:
    path = folder / "photo_cmyk.jpg"
    Image.new("CMYK", (150, 100), (0, 255, 255, 0)).save(path, quality=95)  # pure red ink
    return path


def photo_16bit_grey(folder: Path) -> Path:
    path = folder / "photo_16bit_grey.png"
    Image.new("I;16", (150, 100), 0x8080).save(path)  # mid grey, 16 bits
    return path


def photo_16bit_rgb(folder: Path) -> Path:
    """A 16-bit-per-channel RGB PNG, written by hand (Pillow cannot write one): orange."""
    width, height = 150, 100
    pixel = struct.pack(">HHH", 0xFFFF, 0x8080, 0x0000)
    raw = b"".join(b"\x00" + pixel * width for _ in range(height))

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body))
            + kind
            + body
            + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
        )

    data = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 16, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )
    path = folder / "photo_16bit_rgb.png"
    path.write_bytes(data)
    return path


def photo_transparent(folder: Path) -> Path:
    """Left half fully transparent, right half opaque blue."""
    im = Image.new("RGBA", (150, 100), (0, 0, 0, 0))
    im.paste((30, 40, 220, 255), (75, 0, 150, 100))
    path = folder / "photo_transparent.png"
    im.save(path)
    return path


def photo_animated(folder: Path) -> Path:
    """First frame red, second blue: only the first may be used."""
    frames = [Image.new("RGB", (150, 100), RED), Image.new("RGB", (150, 100), BLUE)]
    path = folder / "photo_animated.gif"
    frames[0].save(path, save_all=True, append_images=frames[1:], duration=100, loop=0)
    return path


def photo_heic(folder: Path, orientation: int = 1) -> Path:
    """photo_iphone_exif_<n>.heic: as an iPhone writes it, stored turned, EXIF orientation n."""
    import pillow_heif

    pillow_heif.register_heif_opener()
    stored = upright_quadrants()
    if STORED[orientation] is not None:
        stored = stored.transpose(STORED[orientation])
    exif = Image.Exif()
    exif[0x0112] = orientation
    path = folder / f"photo_iphone_exif_{orientation}.heic"
    stored.save(path, format="HEIF", quality=90, exif=exif.tobytes())
    return path


def photo_bomb(folder: Path) -> Path:
    """A tiny PNG whose header claims 30000x30000 pixels."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body))
            + kind
            + body
            + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
        )

    data = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 30000, 30000, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(b"\x00" * 1000))
        + chunk(b"IEND", b"")
    )
    path = folder / "photo_bomb.png"
    path.write_bytes(data)
    return path


def photo_truncated(folder: Path) -> Path:
    buffer = io.BytesIO()
    upright_quadrants((600, 400)).save(buffer, "JPEG", quality=95)
    path = folder / "photo_truncated.jpg"
    path.write_bytes(buffer.getvalue()[: len(buffer.getvalue()) // 2])
    return path


def photo_text_named_jpg(folder: Path) -> Path:
    path = folder / "photo_text_named.jpg"
    path.write_text("This is where the photo of Mara will go.\n", encoding="utf-8")
    return path


def story(folder: Path, photo_path: Path | None, *, photo_consent: bool, initials: str = "MT") -> Story:
    return Story(
        slug=folder.name,
        path=folder / "index.md",
        lang="en",
        title="Mara kept her family",
        date=dt.date(2026, 1, 10),
        summary="A fictional client.",
        client="Mara Testwell",
        terms={"outcomes": [Outcome("conviction-vacated", "Conviction vacated", "")]},
        body="Story.",
        consent=Consent("full", photo_consent, dt.date(2026, 1, 1), dt.date(2027, 1, 1)),
        photo=Photo(photo_path, "Mara at her kitchen table") if photo_path else None,
        display_name="Mara Testwell",
        initials=initials,
    )


def load(path: Path) -> Image.Image:
    """An image file's pixels, with the file closed again (filterwarnings=error sees leaks)."""
    with Image.open(path) as im:
        im.load()
        return im.copy()
