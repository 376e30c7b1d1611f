"""Deterministic synthetic "phone photos": natural-looking 1/f texture, edges, EXIF with GPS."""

from __future__ import annotations

import random
from pathlib import Path

from PIL import Image, ImageCms, ImageDraw, ImageFilter

SRGB_ICC = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def _octave_noise(rng: random.Random, size: tuple[int, int], base: int = 3, finest: int = 2) -> Image.Image:
    """Fractal value noise: coarse grids upsampled and summed, amplitude falling per octave."""
    width, height = size
    layers = []
    cells = base
    while cells < width // finest:
        grid = (cells, max(1, cells * height // width))
        layer = Image.frombytes("L", grid, rng.randbytes(grid[0] * grid[1]))
        layers.append(layer.resize(size, Image.Resampling.BICUBIC))
        cells *= 2
    out = layers[0]
    for i, layer in enumerate(layers[1:], start=2):
        out = Image.blend(out, layer, 1 / i)
    return out


def photo(seed: int, size: tuple[int, int] = (4032, 3024)) -> Image.Image:
    """An RGB image with the spectrum and edges of a photo, different for every seed."""
    rng = random.Random(seed)
    work = (size[0] // 2, size[1] // 2)  # drawn at half size, like a phone's smoothed detail
    # Detail lives in brightness; colour changes slowly and gently, as in real scenes.
    luma = _octave_noise(rng, work).point(lambda v: max(0, min(255, int((v - 128) * 2.5 + 120))))
    chroma = []
    for _ in range(2):
        shift = rng.randrange(-25, 26)
        chroma.append(
            _octave_noise(rng, work, finest=64).point(
                lambda v, shift=shift: int(128 + shift + (v - 128) * 0.6)
            )
        )
    im = Image.merge("YCbCr", [luma, *chroma]).convert("RGB")
    draw = ImageDraw.Draw(im)
    for _ in range(14):  # objects with hard edges
        x, y = rng.randrange(work[0]), rng.randrange(work[1])
        w = rng.randrange(work[0] // 40, work[0] // 3)
        h = rng.randrange(work[1] // 40, work[1] // 3)
        colour = tuple(rng.randrange(256) for _ in range(3))
        if rng.random() < 0.5:
            draw.ellipse((x, y, x + w, y + h), fill=colour)
        else:
            draw.rectangle((x, y, x + w, y + h), fill=colour)
    im = im.filter(ImageFilter.GaussianBlur(0.8))
    im = im.resize(size, Image.Resampling.BICUBIC)
    grain = Image.frombytes("L", size, rng.randbytes(size[0] * size[1]))
    grain = Image.merge("RGB", [grain] * 3)
    return Image.blend(im, grain, 0.025)  # phones denoise: little grain left


def phone_exif(seed: int) -> Image.Exif:
    rng = random.Random(seed)
    exif = Image.Exif()
    exif[0x010F] = "Phonemaker"
    exif[0x0110] = "Phone 15"
    exif[0x0132] = "2026:05:04 10:11:12"
    exif[0x0131] = "Camera 17.4"
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (47.0, float(rng.randrange(60)), 12.5)
    gps[3] = "W"
    gps[4] = (122.0, float(rng.randrange(60)), 30.25)
    details = exif.get_ifd(0x8769)
    details[0x9003] = "2026:05:04 10:11:12"
    details[0x927C] = b"maker notes: serial 0042"
    return exif


def write_photo(path: Path, seed: int, size: tuple[int, int] = (4032, 3024)) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    photo(seed, size).save(path, "JPEG", quality=90, exif=phone_exif(seed), icc_profile=SRGB_ICC)
    return path
