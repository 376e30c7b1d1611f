"""Make one source's outputs: decode once, crop, resize large to small, encode, check, store."""

from __future__ import annotations

import io
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image

from . import placeholder as placeholders
from .decode import PhotoError, decode, digest_bytes, read_bytes
from .metadata import find_metadata_bytes
from .plan import Encoder, Job
from .tones import nearest_tone

LANCZOS = Image.Resampling.LANCZOS


@dataclass
class JobResult:
    """What a worker reports; `tones` follows Job.crops. Never an exception: `error` instead."""

    key: str
    tones: tuple[str, ...] = ()
    sizes: dict[str, int] = field(default_factory=dict)  # output name -> bytes
    encodes: int = 0
    encoded: list[str] = field(default_factory=list)  # names made by this run (not found cached)
    seconds: float = 0.0
    error: str | None = None


def cache_file(files: Path, name: str) -> Path:
    return files / name[:2] / name


def encode(im: Image.Image, fmt: str, encoder: Encoder, threads: int = 1) -> bytes:
    """Encode with nothing but pixels: no EXIF, ICC, XMP or comment is passed or inherited."""
    quality = dict(encoder.quality)[fmt]
    buffer = io.BytesIO()
    if fmt == "jpeg":
        im.save(buffer, "JPEG", quality=quality, optimize=True, progressive=True, subsampling="4:2:0")
    elif fmt == "webp":
        im.save(buffer, "WEBP", quality=quality, method=encoder.webp_method)
    elif fmt == "avif":
        im.save(
            buffer,
            "AVIF",
            quality=quality,
            speed=encoder.avif_speed,
            max_threads=threads,
            subsampling="4:2:0",
        )
    else:
        raise ValueError(f"unknown format {fmt!r}")
    return buffer.getvalue()


def _store(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(data)
    temporary.replace(path)


def source_image(job: Job) -> Image.Image:
    """The upright sRGB pixels of the job's source, decoded at the scale the outputs need."""
    if job.placeholder is not None:
        return placeholders.draw(job.placeholder)
    assert job.path is not None and job.info is not None
    data = read_bytes(job.path)
    if digest_bytes(data) != job.digest:
        raise PhotoError("changed while the site was being built. Build again.")
    return decode(data, job.path, job.info, job.scale, job.background)


def make(job: Job, threads: int = 1) -> JobResult:
    started = time.perf_counter()
    image = source_image(job)
    # Coordinates are planned on the full upright size; the decode may be smaller (JPEG draft).
    fx = image.width / job.size[0]
    fy = image.height / job.size[1]
    result = JobResult(job.key)
    tones = []
    for crop in job.crops:
        left, top, right, bottom = crop.box
        box = (left * fx, top * fy, right * fx, bottom * fy)
        current: Image.Image | None = None
        for output in crop.outputs:
            if current is None or current.size != (output.width, output.height):
                # Chained: each size is made from the previous, larger one (fast, still sharp).
                current = (
                    image.resize((output.width, output.height), LANCZOS, box=box, reducing_gap=3.0)
                    if current is None
                    else current.resize((output.width, output.height), LANCZOS)
                )
            target = cache_file(job.files, output.name)
            if target.exists():
                result.sizes[output.name] = target.stat().st_size
                continue
            data = encode(current, output.format, job.encoder, threads)
            leaks = find_metadata_bytes(data)
            if leaks:
                raise PhotoError(
                    f"gave an output carrying {', '.join(leaks)}; nothing was "
                    f"published. Report this to the site's developers."
                )
            _store(target, data)
            result.sizes[output.name] = len(data)
            result.encodes += 1
            result.encoded.append(output.name)
        assert current is not None
        tones.append(nearest_tone(current.resize((1, 1), Image.Resampling.BOX).getpixel((0, 0))))
    result.tones = tuple(tones)
    result.seconds = time.perf_counter() - started
    return result


def run_job(job: Job, threads: int = 1) -> JobResult:
    """A worker's entry point: make the job's outputs, turning every failure into `error`."""
    try:
        return make(job, threads)
    except PhotoError as exc:
        return JobResult(job.key, error=str(exc))
    except MemoryError:
        return JobResult(
            job.key,
            error="needs more memory than this computer has. Resize it "
            "on your computer and replace the file.",
        )
    except Exception as exc:  # noqa: BLE001 - a worker reports, it never dies
        return JobResult(
            job.key,
            error=f"could not be processed ({type(exc).__name__}: {exc}). "
            f"Export it again as JPEG and replace the file.",
        )
