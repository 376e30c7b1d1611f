"""Every published image is free of metadata: no EXIF (GPS, camera, dates), XMP, IPTC, comments."""

from __future__ import annotations

from pathlib import Path

from PIL import ExifTags, Image, UnidentifiedImageError

from ..problems import Problem

GPS_IFD = 0x8825
# Image.info keys that carry metadata. icc_profile (colour), dpi, jfif and adobe are fine.
METADATA_INFO_KEYS = {
    "exif": "EXIF",
    "xmp": "XMP",
    "XML:com.adobe.xmp": "XMP",
    "comment": "a comment",
    "photoshop": "IPTC/Photoshop data",
    "iptc": "IPTC data",
}
# JPEG APPn segments that are harmless: JFIF (APP0), ICC profile (APP2), Adobe colour (APP14).
HARMLESS_JPEG_SEGMENTS = {("APP0", b"JFIF"), ("APP2", b"ICC_PROFILE"), ("APP14", b"Adobe")}


def image_metadata(path: Path) -> list[str]:
    """What metadata the image carries, in words ('GPS location', 'XMP'...); [] if none."""
    found: list[str] = []
    with Image.open(path) as img:
        exif = img.getexif()
        if exif.get_ifd(GPS_IFD) or GPS_IFD in exif:
            found.append("GPS location")
        if exif:
            names = sorted(ExifTags.TAGS.get(tag, hex(tag)) for tag in exif)
            found.append(f"EXIF ({', '.join(names[:6])}{'...' if len(names) > 6 else ''})")
        for key, label in METADATA_INFO_KEYS.items():
            if img.info.get(key) and not (key == "exif" and exif):
                found.append(label)
        for marker, data in getattr(img, "applist", []):  # JPEG only
            if _extra_jpeg_segment(marker, data):
                label = data[:12].split(b"\0")[0].decode("latin-1")
                found.append(f"{marker} segment ({label})")
        text = getattr(img, "text", None)  # PNG tEXt/iTXt/zTXt chunks
        if text:
            found.append(f"text chunks ({', '.join(sorted(text))})")
    return list(dict.fromkeys(found))


def _extra_jpeg_segment(marker: str, data: bytes) -> bool:
    """An APPn segment not reported above and not harmless (e.g. Photoshop, Ducky, MPF)."""
    if not marker.startswith("APP"):
        return False  # COM is reported as a comment
    if marker == "APP1" and (data.startswith(b"Exif") or b"adobe.com/xap" in data[:64]):
        return False  # reported as EXIF or XMP
    if marker == "APP13" and data.startswith(b"Photoshop"):
        return False  # reported as IPTC/Photoshop data
    return not any(marker == m and data.startswith(sig) for m, sig in HARMLESS_JPEG_SEGMENTS)


def check_image(path: Path) -> list[Problem]:
    """The image can be read and carries no metadata."""
    try:
        found = image_metadata(path)
    except (UnidentifiedImageError, OSError, SyntaxError) as exc:
        return [Problem(path, (
            f"the image cannot be read ({exc}). Re-export it through the photo pipeline."
        ))]
    if not found:
        return []
    return [Problem(path, (
        f"the image carries metadata: {'; '.join(found)}. Published images must carry "
        "none (it can reveal where and when a photo was taken). Build it through the photo "
        "pipeline, which strips it, instead of copying the file."
    ))]
