"""Turn every story's photo (or placeholder) into published, cached, responsive images.

`build_pictures` is the whole pipeline without Pelican: plan, make what the cache lacks over
every core, link the files into the site, and return each story's Pictures and any problems.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import time
from collections.abc import Callable, Hashable, Iterable
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from ..content import consent, names
from ..problems import NOTICE, Problem
from .cache import PhotoCache, publish
from .decode import PhotoError, digest_bytes, probe, read_bytes
from .picture import Picture
from .placeholder import spec_for
from .plan import EXTENSIONS, SOCIAL, Job, SourcePlan, picture, plan_source
from .render import JobResult, run_job
from .settings import PhotoSettings, cpu_count


@dataclass(frozen=True)
class PhotoRequest:
    """One story's request for pictures; `photo` is None when a placeholder must be drawn."""

    key: Hashable  # pictures come back under this key
    story_path: Path  # the story file, named in problems
    slug: str
    initials: str
    photo: object | None = None  # a models.Photo: src, alt, decorative, caption, credit, focus
    publish: bool = True  # False: pictures planned and made, files not linked (unwritten drafts)
    # Masked in problems where a CI log may keep them, as the story check masks them: the
    # client's name in the message (the photo's file name too), the hidden parts in the path.
    client: str = ""
    hidden: tuple[str, ...] = ()


def request_for(story, key: Hashable | None = None, *, publish: bool = True) -> PhotoRequest:
    """A request from a models.Story: only `published_photo`, so no consent means never opened."""
    level = story.consent.name if story.consent else "anonymous"
    return PhotoRequest(
        key if key is not None else story.path,
        story.path,
        story.slug,
        story.initials or "",
        story.published_photo,
        publish=publish,
        client=story.client,
        hidden=tuple(consent.hidden_names(story.client, level)),
    )


@dataclass
class Report:
    pictures: dict[Hashable, dict[str, Picture]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    notices: list[Problem] = field(default_factory=list)  # said once; the build goes on
    images: int = 0  # distinct sources
    reused: int = 0
    generated: int = 0
    failed: int = 0
    encodes: int = 0  # files encoded in this run
    files: int = 0  # files in the site's media folder
    linked: int = 0  # files newly linked into it
    new_files: list[str] = field(default_factory=list)  # encoded in this run
    pruned: int = 0  # cached files deleted: no build used them for PHOTOS_CACHE_KEEP_BUILDS
    bytes: dict[str, int] = field(default_factory=dict)  # per format, over published files
    seconds: float = 0.0

    def summary(self) -> str:
        noun = "image" if self.images == 1 else "images"
        return f"{self.images} {noun}: {self.reused} reused, {self.generated} generated, {self.failed} failed"


Progress = Callable[[int, int], None]
SHARP_WIDTH = 1152  # the hero's width on a 1440 px screen; narrower photos look soft there
FORMAT_OF_EXTENSION = {ext: fmt for fmt, ext in EXTENSIONS.items()}


def _label(request: PhotoRequest) -> str:
    """The photo's file as staff wrote it; in a CI log, the client's name in it masked."""
    try:
        label = Path(os.path.relpath(request.photo.src, request.story_path.parent)).as_posix()
    except ValueError:
        label = Path(request.photo.src).name
    # Masked here, as a file name: the message's own masking spares lowercase words in prose.
    return label if names.names_may_show() else names.conceal(label, [request.client])


def _problem(request: PhotoRequest, message: str, **fields) -> Problem:
    return Problem(
        request.story_path,
        message,
        conceal=(request.client,) if request.client else (),
        conceal_path=request.hidden,
        **fields,
    )


def build_pictures(
    requests: Iterable[PhotoRequest],
    settings: PhotoSettings,
    *,
    output: Path | None,
    base_url: str = "",
    absolute_url: str = "",
    progress: Progress | None = None,
) -> Report:
    """Pictures for every request, made or reused, and linked into `output` (None: not linked)."""
    # base_url: SITEURL's path ("" or "/site"); absolute_url: SITEURL if absolute, for social.
    started = time.perf_counter()
    report = Report()
    cache = PhotoCache(settings.cache_dir)
    plans, jobs, published = _plan_all(requests, settings, cache, report)
    report.images = len(jobs)
    todo = [job for key, job in jobs.items() if cache.job(key) is None]
    report.reused = len(jobs) - len(todo)
    results = _make(todo, settings, progress)
    if output is not None:
        _publish(jobs, published, results, cache, settings, output / settings.output_dir, report, progress)
    for key, result in results.items():
        if result.error is None:
            cache.remember_job(key, jobs[key].digest, result.tones, result.sizes)
            report.generated += 1
            report.encodes += result.encodes
            report.new_files += result.encoded
        else:
            report.failed += 1
            cache.forget_job(key)
    base = f"{base_url.rstrip('/')}/{settings.output_dir}"
    absolute = f"{absolute_url.rstrip('/')}/{settings.output_dir}" if absolute_url else base
    for request_key, (request, plan) in plans.items():
        result = results.get(plan.job.key)
        if result is not None and result.error is not None:
            report.problems.append(_failure(request, result.error))
        else:
            report.pictures[request_key] = _pictures(request, plan, cache.job(plan.job.key), base, absolute)
    for key in jobs:
        for name, size in (cache.job(key) or {"sizes": {}})["sizes"].items():
            fmt = FORMAT_OF_EXTENSION[name.rsplit(".", 1)[1]]
            report.bytes[fmt] = report.bytes.get(fmt, 0) + size
    report.pruned = cache.prune(set(jobs), settings.cache_keep_builds)
    cache.save()
    report.seconds = time.perf_counter() - started
    return report


# A placeholder's plan depends only on its drawing and the settings: a warm process (the live
# preview) plans each once, not at every save (0.15 to 0.3 s at 1,000 stories). Never changed
# after it is made; forgotten when the settings change.
_PLACEHOLDER_PLANS: dict[str, dict[bytes, SourcePlan]] = {}  # settings -> drawing -> plan


def _plan_all(requests, settings: PhotoSettings, cache: PhotoCache, report: Report):
    """Plans by request key, jobs by key, keys to publish; bad photos become problems."""
    plans: dict[Hashable, tuple[PhotoRequest, SourcePlan]] = {}
    jobs: dict[str, Job] = {}
    published: set[str] = set()
    canvas = (max(settings.widths), round(max(settings.widths) * 2 / 3))
    setup = repr(settings)
    if setup not in _PLACEHOLDER_PLANS:
        _PLACEHOLDER_PLANS.clear()
    placeholders = _PLACEHOLDER_PLANS.setdefault(setup, {})
    for request in requests:
        photo = request.photo
        try:
            if photo is None:
                spec = spec_for(request.slug, request.initials, canvas, settings.font)
                key = spec.key_bytes()
                plan = placeholders.get(key)
                if plan is None:
                    plan = placeholders[key] = plan_source(
                        digest_bytes(key), spec.size, settings, placeholder=spec
                    )
            else:
                plan = _plan_photo(photo, settings, cache)
        except PhotoError as exc:
            report.problems.append(_failure(request, str(exc)))
            continue
        plans[request.key] = (request, plan)
        jobs.setdefault(plan.job.key, plan.job)
        if photo is not None and plan.slots:
            width = next(iter(plan.slots.values())).outputs[0].width
            if width < SHARP_WIDTH:
                report.notices.append(
                    _problem(
                        request,
                        f"'{_label(request)}' gives images only {width} px wide; they will "
                        f"look soft on large screens. A photo at least {max(settings.widths)} px "
                        "wide looks sharp everywhere.",
                        field="photo.src",
                        level=NOTICE,
                    )
                )
        if request.publish:
            published.add(plan.job.key)
    return plans, jobs, published


def _publish(
    jobs: dict[str, Job],
    published: set[str],
    results: dict[str, JobResult],
    cache: PhotoCache,
    settings: PhotoSettings,
    folder: Path,
    report: Report,
    progress: Progress | None,
) -> None:
    """Link every published job's files into the site's media folder."""

    def wanted() -> set[str]:
        return {
            name
            for key in published
            if key not in results or results[key].error is None
            for name in jobs[key].names
        }

    added, missing = publish(cache, wanted(), folder)
    if missing:  # the index outlived some cached files: make those jobs again
        lost = set(missing)
        redo = [job for job in jobs.values() if not lost.isdisjoint(job.names)]
        for job in redo:
            cache.forget_job(job.key)
        report.reused -= len([job for job in redo if job.key not in results])
        results.update(_make(redo, settings, progress))
        added += publish(cache, wanted(), folder)[0]
    report.linked = added
    report.files = len(wanted())


def _failure(request: PhotoRequest, message: str) -> Problem:
    if request.photo is None:
        return _problem(request, f"the placeholder image {message}")
    return _problem(request, f"'{_label(request)}' {message}", field="photo.src")


def _pictures(
    request: PhotoRequest, plan: SourcePlan, known: dict | None, base: str, absolute: str
) -> dict[str, Picture]:
    photo = request.photo
    tones = (known or {}).get("tones", [])
    decorative = photo is None or bool(getattr(photo, "decorative", False))
    return {
        slot: picture(
            slot_plan,
            base=base,
            absolute_base=absolute if slot == SOCIAL else base,
            tone=tones[slot_plan.crop] if slot_plan.crop < len(tones) else "",
            alt="" if decorative else photo.alt,
            caption="" if photo is None else (photo.caption or ""),
            credit="" if photo is None else (photo.credit or ""),
            is_placeholder=photo is None,
        )
        for slot, slot_plan in plan.slots.items()
    }


def _plan_photo(photo, settings: PhotoSettings, cache: PhotoCache) -> SourcePlan:
    path = Path(photo.src)
    try:
        digest, data = cache.digest(path)
    except FileNotFoundError:
        raise PhotoError("is missing from the story's folder.") from None
    except PermissionError:
        raise PhotoError("cannot be read (permission denied). Check the file's permissions.") from None
    info = cache.source_info(digest)
    if info is None or info.size[0] * info.size[1] > settings.max_pixels:
        info = probe(data if data is not None else read_bytes(path), path, settings.max_pixels)
        cache.remember_source(digest, info)
    return plan_source(
        digest, info.size, settings, focus=tuple(photo.focus or (0.5, 0.5)), path=path, info=info
    )


def _context():
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    if context.get_start_method() == "forkserver":
        context.set_forkserver_preload(["clemency.images.render"])
    return context


def _make(jobs: list[Job], settings: PhotoSettings, progress: Progress | None) -> dict[str, JobResult]:
    """Run jobs over PHOTOS_WORKERS processes; a crash or a hang becomes that job's error."""
    results: dict[str, JobResult] = {}
    if not jobs:
        return results
    total = len(jobs)

    def done(result: JobResult) -> None:
        results[result.key] = result
        if progress:
            progress(len(results), total)

    if settings.workers == 0:
        for job in jobs:
            done(run_job(job, threads=cpu_count()))
        return results
    crashed = _pool(jobs, min(settings.workers, len(jobs)), settings.timeout, done)
    solo_crashes = 0
    for job in crashed:  # alone this time, so a crash names its own photo
        if not _pool([job], 1, settings.timeout, done):
            continue
        solo_crashes += 1
        done(
            JobResult(
                job.key, error="made the image decoder crash. Export it again as JPEG and replace the file."
            )
        )
        if solo_crashes >= 3 and not any(r.error is None for r in results.values()):
            # Not one image made anywhere: the workers themselves cannot run.
            for lost in crashed:
                if lost.key not in results:
                    done(
                        JobResult(
                            lost.key,
                            error=(
                                "was not processed: the photo worker processes stopped before "
                                "finishing any image. Build again; PHOTOS_WORKERS = 0 shows the cause."
                            ),
                        )
                    )
            break
    return results


def _pool(jobs: list[Job], workers: int, timeout: float, done: Callable[[JobResult], None]) -> list[Job]:
    """Run `jobs`; return those lost to a crashed worker."""
    crashed: list[Job] = []
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=_context())
    try:
        # Fewer jobs than cores (one new photo): AVIF, the slowest encoder, gets the spare ones.
        threads = max(1, cpu_count() // workers)
        futures = {pool.submit(run_job, job, threads): job for job in jobs}
        pending = set(futures)
        while pending:
            finished, pending = wait(pending, timeout=timeout, return_when=FIRST_COMPLETED)
            if not finished:
                for future in pending:
                    done(
                        JobResult(
                            futures[future].key,
                            error=(
                                f"took longer than {timeout:g} seconds (PHOTOS_TIMEOUT) and was "
                                f"stopped. Resize it on your computer and replace the file."
                            ),
                        )
                    )
                _kill(pool)
                break
            for future in finished:
                try:
                    done(future.result())
                except BrokenProcessPool:
                    crashed.append(futures[future])
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        _stop_forkserver()
    return crashed


def _stop_forkserver() -> None:
    """Stop the process the workers were forked from. It outlives the pool until Python exits,
    30 MB beside the site check and its Java that come next (the cold build's peak at 1,000
    stories); the next photos start it again."""
    from multiprocessing import forkserver  # noqa: PLC0415

    stop = getattr(forkserver._forkserver, "_stop", None)  # there is no public way to stop it
    if stop is not None:
        with contextlib.suppress(OSError, ValueError):
            stop()


def _kill(pool: ProcessPoolExecutor) -> None:
    # ProcessPoolExecutor cannot stop a running task before Python 3.14's kill_workers().
    for process in list(getattr(pool, "_processes", {}).values()):
        process.kill()
