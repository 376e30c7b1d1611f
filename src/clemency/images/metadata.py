"""Find metadata left in an image file: EXIF, GPS, XMP, IPTC, comments, embedded images.

`find_metadata(path)` reads the file's structure (JPEG segments, PNG chunks, RIFF chunks, ISO
boxes, GIF extensions) and also scans the raw bytes for EXIF and XMP signatures, so a format it
does not know still gets checked. An ICC colour profile is not reported: it says nothing about
the person or the place.
"""

from __future__ import annotations

import io
import struct
from pathlib import Path

from PIL import Image

XMP_SIGNATURES = (b"http://ns.adobe.com/xap/1.0/", b"<x:xmpmeta", b"<?xpacket")


def find_metadata(path: Path | str) -> list[str]:
    """What metadata `path` carries, e.g. ["EXIF", "GPS position"]; [] when clean."""
    return find_metadata_bytes(Path(path).read_bytes())


def find_metadata_bytes(data: bytes) -> list[str]:
    found: list[str] = []
    try:
        if data[:3] == b"\xff\xd8\xff":
            found += _jpeg(data)
        elif data[:8] == b"\x89PNG\r\n\x1a\n":
            found += _png(data)
        elif data[:4] == b"RIFF" and data[8:12] == b"WEBP":
            found += _webp(data)
        elif data[4:8] == b"ftyp":
            found += _isobmff(data)
        elif data[:4] in (b"GIF8",):
            found += _gif(data)
    except (IndexError, struct.error, ValueError) as exc:
        found.append(f"unreadable structure ({exc})")
    if b"Exif\x00\x00" in data and "EXIF" not in found:
        found.append("EXIF")
    if any(s in data for s in XMP_SIGNATURES) and "XMP" not in found:
        found.append("XMP")
    return list(dict.fromkeys(found))


def _exif(tiff: bytes) -> list[str]:
    found = ["EXIF"]
    exif = Image.Exif()
    try:
        exif.load(b"Exif\x00\x00" + tiff if not tiff.startswith(b"Exif") else tiff)
        if exif.get_ifd(0x8825):
            found.append("GPS position")
        if exif.get_ifd(0x8769).get(0x927C):
            found.append("maker notes")
    except Exception:  # noqa: BLE001 - a broken EXIF block is still EXIF
        pass
    return found


def _jpeg(data: bytes) -> list[str]:
    found: list[str] = []
    i, n = 2, len(data)
    end = n
    while i + 4 <= n:
        if data[i] != 0xFF:
            break
        marker = data[i + 1]
        if marker == 0xFF:
            i += 1
            continue
        if marker == 0xD9:
            end = i + 2
            break
        if 0xD0 <= marker <= 0xD7 or marker in (0x00, 0x01):
            i += 2
            continue
        length = struct.unpack(">H", data[i + 2 : i + 4])[0]
        payload = data[i + 4 : i + 2 + length]
        if marker == 0xE1 and payload.startswith(b"Exif\x00\x00"):
            found += _exif(payload[6:])
        elif marker == 0xE1 and payload.startswith((*XMP_SIGNATURES, b"http://ns.adobe.com/xmp/")):
            found.append("XMP")
        elif marker == 0xED:
            found.append("IPTC/Photoshop")
        elif marker == 0xFE:
            found.append("comment")
        elif marker == 0xE2 and payload.startswith(b"MPF\x00"):
            found.append("embedded images (MPF)")
        elif marker == 0xE0 and payload.startswith(b"JFXX"):
            found.append("thumbnail (JFXX)")
        elif 0xE0 <= marker <= 0xEF and marker not in (0xE0, 0xE2, 0xEE):
            found.append(f"APP{marker - 0xE0} segment")
        i += 2 + length
        if marker == 0xDA:  # entropy-coded data: skip to the next real marker
            while True:
                i = data.find(b"\xff", i)
                if i < 0 or i + 1 >= n:
                    i = n
                    break
                nxt = data[i + 1]
                if nxt == 0x00 or 0xD0 <= nxt <= 0xD7 or nxt == 0xFF:
                    i += 1 if nxt == 0xFF else 2
                    continue
                break
    if data[end:].strip(b"\x00"):
        found.append(f"data after the end of the image ({len(data) - end} bytes)")
    return found


def _png(data: bytes) -> list[str]:
    found: list[str] = []
    i = 8
    while i + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[i : i + 8])
        body = data[i + 8 : i + 8 + length]
        if kind == b"eXIf":
            found += _exif(body)
        elif kind == b"iTXt" and body.startswith(b"XML:com.adobe.xmp\x00"):
            found.append("XMP")
        elif kind in (b"tEXt", b"zTXt", b"iTXt"):
            keyword = body.split(b"\x00", 1)[0].decode("latin-1")
            found.append(f"text ({keyword})")
        elif kind == b"tIME":
            found.append("modification time")
        elif kind == b"IEND":
            break
        i += 12 + length
    return found


def _webp(data: bytes) -> list[str]:
    found: list[str] = []
    i = 12
    while i + 8 <= len(data):
        kind, length = struct.unpack("<4sI", data[i : i + 8])
        body = data[i + 8 : i + 8 + length]
        if kind == b"EXIF":
            found += _exif(body)
        elif kind == b"XMP ":
            found.append("XMP")
        i += 8 + length + (length & 1)
    return found


def _boxes(data: bytes, start: int, stop: int):
    i = start
    while i + 8 <= stop:
        size, kind = struct.unpack(">I4s", data[i : i + 8])
        header = 8
        if size == 1:
            size = struct.unpack(">Q", data[i + 8 : i + 16])[0]
            header = 16
        elif size == 0:
            size = stop - i
        if size < header:
            raise ValueError(f"box {kind!r} has size {size}")
        yield kind, i + header, min(i + size, stop)
        i += size


def _isobmff(data: bytes) -> list[str]:
    found: list[str] = []
    for kind, start, stop in _boxes(data, 0, len(data)):
        if kind != b"meta":
            continue
        for child, cstart, cstop in _boxes(data, start + 4, stop):
            if child != b"iinf":
                continue
            version = data[cstart]
            first = cstart + 4 + (2 if version == 0 else 4)
            for entry, estart, _estop in _boxes(data, first, cstop):
                if entry != b"infe" or data[estart] < 2:
                    continue
                offset = estart + 4 + (4 if data[estart] >= 3 else 2) + 2
                item_type = data[offset : offset + 4]
                if item_type == b"Exif":
                    found.append("EXIF")
                elif item_type == b"mime":
                    rest = data[offset + 4 : _estop].split(b"\x00")
                    if len(rest) > 1 and (b"rdf+xml" in rest[1] or b"xmp" in rest[1]):
                        found.append("XMP")
    return found


def _gif(data: bytes) -> list[str]:
    found: list[str] = []
    with Image.open(io.BytesIO(data)) as im:
        if im.info.get("comment"):
            found.append("comment")
        if im.info.get("xmp"):
            found.append("XMP")
    return found
