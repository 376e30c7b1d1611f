"""Plan the derivatives of one source: crops per slot, a width ladder, names from hashes."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from .decode import SourceInfo
from .picture import Picture, Source
from .placeholder import PlaceholderSpec
from .settings import PhotoSettings

# Bump to give every output a new name (a change in how pixels are made).
PIPELINE_VERSION = "1"

EXTENSIONS = {"avif": "avif", "webp": "webp", "jpeg": "jpg"}
MIME_TYPES = {"avif": "image/avif", "webp": "image/webp", "jpeg": "image/jpeg"}
SOCIAL = "social"


@dataclass(frozen=True)
class Output:
    """One file to make: `name` is its file name in the cache and in the site's media folder."""

    name: str
    format: str
    width: int
    height: int


@dataclass(frozen=True)
class Crop:
    """A crop of the upright source and the outputs made from it, largest first."""

    box: tuple[int, int, int, int]
    outputs: tuple[Output, ...]


@dataclass(frozen=True)
class Encoder:
    quality: tuple[tuple[str, int], ...]
    avif_speed: int
    webp_method: int

    def params(self, fmt: str) -> str:
        extra = {"avif": f"s{self.avif_speed}", "webp": f"m{self.webp_method}", "jpeg": "prog-opt-420"}[fmt]
        return f"{fmt}-q{dict(self.quality)[fmt]}-{extra}"


@dataclass(frozen=True)
class Job:
    """Everything a worker needs to make one source's outputs; picklable."""

    key: str
    digest: str
    size: tuple[int, int]
    crops: tuple[Crop, ...]
    encoder: Encoder
    files: Path  # the cache's file folder
    background: tuple[int, int, int]
    path: Path | None = None
    info: SourceInfo | None = None
    placeholder: PlaceholderSpec | None = None
    max_pixels: int = 40_000_000

    @property
    def scale(self) -> float:
        """The largest output width over its crop width: how much detail to decode."""
        return max(c.outputs[0].width / (c.box[2] - c.box[0]) for c in self.crops)

    @property
    def names(self) -> list[str]:
        return [o.name for c in self.crops for o in c.outputs]


@dataclass(frozen=True)
class SlotPlan:
    slot: str
    crop: int  # index into Job.crops
    outputs: tuple[Output, ...]  # largest first, every format
    sizes: str


@dataclass
class SourcePlan:
    job: Job
    slots: dict[str, SlotPlan] = field(default_factory=dict)


def crop_box(
    size: tuple[int, int], aspect: tuple[int, int], focus: tuple[float, float] = (0.5, 0.5)
) -> tuple[int, int, int, int]:
    """The largest box of `aspect` in `size`, centred on `focus` as far as the edges allow."""
    width, height = size
    ratio = aspect[0] / aspect[1]
    if width / height > ratio:
        box_w, box_h = max(1, round(height * ratio)), height
    else:
        box_w, box_h = width, max(1, round(width / ratio))
    fx = min(max(float(focus[0]), 0.0), 1.0)
    fy = min(max(float(focus[1]), 0.0), 1.0)
    left = min(max(round(fx * width - box_w / 2), 0), width - box_w)
    top = min(max(round(fy * height - box_h / 2), 0), height - box_h)
    return left, top, left + box_w, top + box_h


def ladder(widths: tuple[int, ...], available: int) -> list[int]:
    """The widths to make: never above `available`, where a narrower source ends the ladder."""
    if available >= max(widths):
        return sorted(widths)
    return [w for w in sorted(widths) if w < available] + [available]


def _stem(
    digest: str, box: tuple[int, int, int, int], encoder: Encoder, fmt: str, background: tuple[int, int, int]
) -> str:
    """The hash all widths of one crop in one format share: names are "<stem>-<width>.<ext>"."""
    # The height follows from the crop and the width, so it needs no place in the name.
    key = f"{PIPELINE_VERSION}|{digest}|{box}|{encoder.params(fmt)}|bg{background}"
    return hashlib.blake2b(key.encode(), digest_size=8).hexdigest()


def plan_source(
    digest: str,
    size: tuple[int, int],
    settings: PhotoSettings,
    *,
    focus: tuple[float, float] = (0.5, 0.5),
    path: Path | None = None,
    info: SourceInfo | None = None,
    placeholder: PlaceholderSpec | None = None,
) -> SourcePlan:
    """Crops and outputs for every slot of one source; slots with the same crop share files."""
    encoder = Encoder(tuple(sorted(settings.quality.items())), settings.avif_speed, settings.webp_method)
    crops: dict[tuple[int, int, int, int], dict[str, Output]] = {}
    slot_specs: list[tuple[str, tuple[int, int, int, int], list[Output], str]] = []

    def add(slot: str, box, widths_heights, formats, sizes: str) -> None:
        stems = {fmt: _stem(digest, box, encoder, fmt, settings.background) for fmt in formats}
        outputs = [
            Output(f"{stems[fmt]}-{w}.{EXTENSIONS[fmt]}", fmt, w, h)
            for w, h in widths_heights
            for fmt in formats
        ]
        crops.setdefault(box, {}).update({o.name: o for o in outputs})
        slot_specs.append((slot, box, outputs, sizes))

    for slot, aspect in settings.aspects.items():
        box = crop_box(size, aspect, focus)
        box_w, box_h = box[2] - box[0], box[3] - box[1]
        widths = ladder(settings.widths, box_w)
        add(
            slot,
            box,
            [(w, max(1, round(w * box_h / box_w))) for w in reversed(widths)],
            settings.formats,
            settings.sizes.get(slot, "100vw"),
        )
    social_w, social_h = settings.social_size
    box = crop_box(size, (social_w, social_h), focus)
    width = min(social_w, box[2] - box[0])
    add(
        SOCIAL,
        box,
        [(width, social_h if width == social_w else max(1, round(width * social_h / social_w)))],
        ("jpeg",),
        "",
    )

    boxes = list(crops)
    crop_list = tuple(
        Crop(b, tuple(sorted(crops[b].values(), key=lambda o: (-o.width, o.format)))) for b in boxes
    )
    names = sorted(n for c in crop_list for n in (o.name for o in c.outputs))
    key = hashlib.blake2b("|".join([PIPELINE_VERSION, digest, *names]).encode(), digest_size=16).hexdigest()
    job = Job(
        key,
        digest,
        size,
        crop_list,
        encoder,
        settings.cache_dir / "files",
        settings.background,
        path,
        info,
        placeholder,
        settings.max_pixels,
    )
    plan = SourcePlan(job)
    for slot, box, outputs, sizes in slot_specs:
        plan.slots[slot] = SlotPlan(slot, boxes.index(box), tuple(outputs), sizes)
    return plan


def picture(
    slot: SlotPlan,
    *,
    base: str,
    absolute_base: str,
    tone: str,
    alt: str,
    caption: str = "",
    credit: str = "",
    is_placeholder: bool = False,
) -> Picture:
    """The theme's Picture for one slot; `base` is the URL folder of the media files."""
    by_format: dict[str, list[Output]] = {}
    for output in slot.outputs:
        by_format.setdefault(output.format, []).append(output)
    srcsets = {
        fmt: ", ".join([f"{base}/{o.name} {o.width}w" for o in outputs]) for fmt, outputs in by_format.items()
    }
    largest = by_format["jpeg"][0]
    sources = tuple(Source(MIME_TYPES[fmt], srcsets[fmt]) for fmt in ("avif", "webp") if fmt in srcsets)
    return Picture(
        sources=sources,
        src=f"{base}/{largest.name}",
        srcset=srcsets["jpeg"],
        sizes=slot.sizes,
        width=largest.width,
        height=largest.height,
        alt=alt,
        caption=caption,
        credit=credit,
        tone_class=tone,
        is_placeholder=is_placeholder,
        url=f"{absolute_base}/{largest.name}",
    )
