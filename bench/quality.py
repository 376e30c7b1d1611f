"""Bytes and SSIM against the source at each width, format and quality: how the defaults were picked.

    python bench/quality.py                 # synthetic phone photos (deterministic)
    python bench/quality.py --photos DIR    # real photos (JPEG/PNG/WebP/HEIC) 1920 px wide or more

SSIM is computed on luma over 8x8 windows at two offsets (the mean of the SSIM map), with
Pillow only. The reference is the same crop resized without compression, so the number measures
the encoder alone. Prints Markdown tables; bench/README.md keeps the last run's.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from pathlib import Path

from PIL import Image, ImageMath

sys.path.insert(0, str(Path(__file__).resolve().parent))
from clemency.images.decode import decode, probe, read_bytes
from clemency.images.plan import Encoder, crop_box
from clemency.images.render import encode
from clemency.images.settings import DEFAULT_QUALITY

WIDTHS = (368, 736, 1472)
GRID = {
    "jpeg": (62, 64, 66, 68, 72, 76, 80),
    "webp": (66, 72, 76, 78, 80, 82, 84, 88),
    "avif": (50, 54, 56, 58, 60, 64, 68),
}
EFFORT = {"webp": (2, 4), "avif": (8, 9), "jpeg": (0,)}
C1, C2 = (0.01 * 255) ** 2, (0.03 * 255) ** 2
MIN_WIDTH = 1920


def ssim(a: Image.Image, b: Image.Image) -> float:
    x = a.convert("L").convert("F")
    y = b.convert("L").convert("F")
    scores = []
    for offset in (0, 4):
        box = (offset, offset, x.width - (x.width - offset) % 8, y.height - (y.height - offset) % 8)
        size = ((box[2] - box[0]) // 8, (box[3] - box[1]) // 8)

        def mean(im, box=box, size=size):
            return im.resize(size, Image.Resampling.BOX, box=box)

        mx, my = mean(x), mean(y)
        xx = mean(ImageMath.lambda_eval(lambda v: v["x"] * v["x"], x=x))
        yy = mean(ImageMath.lambda_eval(lambda v: v["y"] * v["y"], y=y))
        xy = mean(ImageMath.lambda_eval(lambda v: v["x"] * v["y"], x=x, y=y))
        ssim_map = ImageMath.lambda_eval(
            lambda v: (
                ((2 * v["mx"] * v["my"] + C1) * (2 * (v["xy"] - v["mx"] * v["my"]) + C2))
                / (
                    (v["mx"] * v["mx"] + v["my"] * v["my"] + C1)
                    * ((v["xx"] - v["mx"] * v["mx"]) + (v["yy"] - v["my"] * v["my"]) + C2)
                )
            ),
            mx=mx,
            my=my,
            xx=xx,
            yy=yy,
            xy=xy,
        )
        scores.append(ssim_map.resize((1, 1), Image.Resampling.BOX).getpixel((0, 0)))
    return sum(scores) / len(scores)


def sources(photos: Path | None, count: int) -> list[Image.Image]:
    if photos:
        paths = sorted(
            p
            for p in photos.iterdir()
            if p.suffix.lower() in (".jpg", ".jpeg", ".png", ".webp", ".heic", ".heif")
        )
    else:
        import synth

        folder = Path(__file__).resolve().parent / "corpus" / "quality"
        paths = []
        for seed in range(count):
            path = folder / f"photo-{seed}.jpg"
            if not path.exists():
                synth.write_photo(path, 1000 + seed)
            paths.append(path)
    images = []
    for path in paths:
        data = read_bytes(path)
        info = probe(data, path, 200_000_000)
        if info.size[0] < MIN_WIDTH:  # 1472 px outputs must be true downscales
            continue
        images.append(decode(data, path, info, 1.0, (255, 255, 255)))
        if len(images) == count:
            break
    return images


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=Path, help="a folder of your own photos")
    parser.add_argument("--count", type=int, default=4, help="how many photos (4)")
    args = parser.parse_args()
    images = sources(args.photos, args.count)
    print(f"{len(images)} photos; SSIM on luma, 8x8 windows; bytes summed over the photos.\n")

    # Chained resizing (each width from the next larger) against resizing each from the source.
    chain_scores = []
    for im in images:
        box = crop_box(im.size, (3, 2))
        direct = {
            w: im.resize((w, round(w * 2 / 3)), Image.Resampling.LANCZOS, box=box)
            for w in (1840, 1472, 1152, 920, 736, 656, 560, 460, 368, 328)
        }
        current = direct[1840]
        for w in (1472, 1152, 920, 736, 656, 560, 460, 368, 328):
            current = current.resize((w, round(w * 2 / 3)), Image.Resampling.LANCZOS)
            chain_scores.append((w, ssim(direct[w], current)))
    worst = min(chain_scores, key=lambda item: item[1])
    print(
        f"Chained vs direct resizing: mean SSIM {statistics.mean(s for _, s in chain_scores):.4f}"
        f", worst {worst[1]:.4f} at {worst[0]} px.\n"
    )

    print(
        "| format | effort | quality | "
        + " | ".join(f"{w} px KB / SSIM" for w in WIDTHS)
        + " | encode ms (all widths) |"
    )
    print("|---|---|---|" + "---|" * len(WIDTHS) + "---|")
    references = []
    for im in images:
        box = crop_box(im.size, (3, 2))
        references.append(
            {w: im.resize((w, round(w * 2 / 3)), Image.Resampling.LANCZOS, box=box) for w in WIDTHS}
        )
    for fmt, qualities in GRID.items():
        for effort in EFFORT[fmt]:
            for quality in qualities:
                q = dict(DEFAULT_QUALITY, **{fmt: quality})
                encoder = Encoder(
                    tuple(sorted(q.items())), effort if fmt == "avif" else 8, effort if fmt == "webp" else 4
                )
                cells, elapsed = [], 0.0
                for width in WIDTHS:
                    total, scores = 0, []
                    for refs in references:
                        started = time.perf_counter()
                        data = encode(refs[width], fmt, encoder)
                        elapsed += time.perf_counter() - started
                        total += len(data)
                        scores.append(ssim(refs[width], Image.open(io.BytesIO(data))))
                    cells.append(f"{total / 1024 / len(images):.0f} / {statistics.mean(scores):.4f}")
                label = {
                    "avif": f"speed {effort}",
                    "webp": f"method {effort}",
                    "jpeg": "optimize, progressive",
                }[fmt]
                print(
                    f"| {fmt} | {label} | {quality} | "
                    + " | ".join(cells)
                    + f" | {elapsed * 1000 / len(images):.0f} |"
                )


if __name__ == "__main__":
    main()
