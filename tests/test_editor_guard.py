"""The editor's local backend answers only the editor: the guard in front of the real decap-server
refuses a foreign Host, a foreign Origin, a missing key, and any path outside the editable folders,
and lets a story save through."""

from __future__ import annotations

import http.client
import json
import os
import socket
import subprocess
from pathlib import Path

import pytest

from clemency.content import vocab as vocabularies
from clemency.editor import config as cms
from clemency.editor import guard
from clemency.editor import server as cms_server
from clemency.editor.guard import EDITABLE_FOLDERS, path_refusal, paths_in
from clemency.i18n.catalogs import project_languages
from clemency.plugins import editor as admin
from conftest import ROOT, TODAY, add_story, copy_project

EDITOR = "http://127.0.0.1:8000"
HOOK = "#!/bin/sh\nexit 0\n"


def test_paths_inside_the_editable_folders_are_allowed(tmp_path):
    for path in (
        "stories/mara/index.md",
        "stories/mara/photo.jpg",
        "content/pages/about.md",
        "content/data/outcomes.yml",
        "content/uploads/x.png",
        "stories",
    ):
        assert path_refusal(tmp_path, EDITABLE_FOLDERS, path) == "", path


@pytest.mark.parametrize(
    ("path", "why"),
    [
        (".git/hooks/pre-commit", "hidden file or folder"),
        (".git/config", "hidden file or folder"),
        (".github/workflows/ci.yml", "hidden file or folder"),
        ("stories/.env", "hidden file or folder"),
        ("pelicanconf.py", "outside the folders"),
        ("AUDIT.md", "outside the folders"),
        ("tasks.py", "outside the folders"),
        ("src/clemency/build.py", "outside the folders"),
        ("theme/templates/base.html", "outside the folders"),
        ("content/pagesX/a.md", "outside the folders"),
        ("content", "outside the folders"),
        ("../x", "climbs out"),
        ("stories/../pelicanconf.py", "climbs out"),
        ("stories/mara/../../.git/config", "climbs out"),
        ("/etc/passwd", "not a plain path"),
        ("stories\\..\\pelicanconf.py", "not a plain path"),
        ("", "not a file name"),
        (None, "not a file name"),
        (["stories/a.md"], "not a file name"),
    ],
)
def test_paths_outside_the_editable_folders_are_refused(tmp_path, path, why):
    assert why in path_refusal(tmp_path, EDITABLE_FOLDERS, path)


def test_a_symbolic_link_out_of_a_folder_is_refused(tmp_path):
    project, outside = tmp_path / "project", tmp_path / "outside"
    (project / "stories").mkdir(parents=True)
    outside.mkdir()
    (project / "stories" / "link").symlink_to(project)
    (project / "content").symlink_to(outside, target_is_directory=True)
    assert "symbolic link" in path_refusal(project, EDITABLE_FOLDERS, "stories/link/tasks.py")
    assert "symbolic link" in path_refusal(project, EDITABLE_FOLDERS, "content/pages/a.md")


def test_every_path_in_decap_server_params_is_found():
    params = {
        "branch": "main",
        "folder": "a",
        "mediaFolder": "b",
        "files": [{"path": "c"}],
        "entry": {"path": "d", "newPath": "e"},
        "dataFiles": [{"path": "f", "raw": "x"}],
        "assets": [{"path": "g", "content": "", "encoding": "base64"}],
        "asset": {"path": "h"},
        "paths": ["i", "j"],
        "path": "k",
    }
    assert sorted(map(str, paths_in(params))) == list("abcdefghijk")


def test_every_folder_the_editor_writes_is_an_editable_folder():
    vocab, _ = vocabularies.load(ROOT / "content" / "data")
    config = cms.decap_config(vocab, local=True, languages=tuple(project_languages(ROOT)))
    folders = [config["media_folder"]] + [c["folder"] for c in config["collections"]]
    assert [f for f in folders if path_refusal(ROOT, EDITABLE_FOLDERS, f)] == []


def test_only_local_builds_give_the_editor_page_the_key():
    local = admin.settings_with_defaults({"PATH": str(ROOT), "SITEURL": "", "ADMIN_LOCAL_BACKEND_KEY": "k3y"})
    assert admin.editor_config(local)[1]["localBackend"]["key"] == "k3y"
    public = admin.settings_with_defaults(
        {"PATH": str(ROOT), "SITEURL": "https://x.example", "ADMIN_LOCAL_BACKEND_KEY": "k3y"}
    )
    assert "localBackend" not in admin.editor_config(public)[1]


# The real decap-server, started behind the guard on a throwaway project.


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def backend(tmp_path_factory):
    if cms_server.decap_server_command(ROOT) is None:
        if os.environ.get("CI") == "true":
            pytest.fail("decap-server is not installed (CI must run bin/setup)")
        pytest.skip("decap-server is not installed (npm ci)")
    project = copy_project(tmp_path_factory.mktemp("guarded"))
    add_story(project, "valid_story")
    add_story(project, "consent_missing")
    (project / ".git" / "hooks").mkdir(parents=True)
    (project / ".git" / "hooks" / "pre-commit").write_text(HOOK)
    (project / ".git" / "config").write_text("[core]\n")
    (project / "AUDIT.md").write_text("audit\n")
    lines: list[str] = []
    server = cms_server.EditorBackend(project, _free_port(), frozenset({EDITOR}), log=lines.append)
    server.start(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        yield {"server": server, "project": project, "log": lines}
    finally:
        server.stop()


def call(
    backend,
    body: dict | None,
    *,
    host: str | None = None,
    origin: str | None = EDITOR,
    key: str | None = "right",
    method: str = "POST",
    path: str = "/api/v1",
    timeout: float = 30,
):
    server = backend["server"]
    headers = {"Content-Type": "application/json", "Host": host or f"127.0.0.1:{server.port}"}
    if origin:
        headers["Origin"] = origin
    if key:
        headers[guard.KEY_HEADER] = server.key if key == "right" else key
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=timeout)
    try:
        connection.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
        response = connection.getresponse()
        data = response.read()
        return response.status, json.loads(data) if data else None, dict(response.getheaders())
    finally:
        connection.close()


def persist(path: str, raw: str = "---\ntitle: x\n---\nHacked.\n") -> dict:
    return {
        "action": "persistEntry",
        "params": {
            "branch": "main",
            "assets": [],
            "dataFiles": [{"slug": "x", "path": path, "raw": raw}],
            "options": {"commitMessage": "x", "useWorkflow": False, "status": "draft"},
        },
    }


def refused(backend, status, body, words: str) -> None:
    assert status == 403, body
    assert words in body["error"]
    assert words in backend["log"][-1]
    assert backend["log"][-1].startswith("editor backend refused ")
    assert "\n" not in backend["log"][-1]


INFO = {"action": "info"}


def test_the_editor_is_answered(backend):
    status, body, headers = call(backend, INFO)
    assert status == 200 and body["type"] == "local_fs"
    assert headers["Access-Control-Allow-Origin"] == EDITOR


def test_a_foreign_host_is_refused(backend):
    port = backend["server"].port
    refused(backend, *call(backend, INFO, host=f"rebind.attacker.example:{port}")[:2], "Host")
    refused(backend, *call(backend, INFO, host="127.0.0.1:1")[:2], "Host")


def test_a_foreign_or_missing_origin_is_refused_and_gets_no_cors(backend):
    for origin in (
        "http://127.0.0.1:8001",
        "http://localhost:9999",
        "https://attacker.example",
        "null",
        None,
    ):
        status, body, headers = call(backend, INFO, origin=origin)
        refused(backend, status, body, "Origin")
        assert "Access-Control-Allow-Origin" not in headers


def test_a_missing_or_wrong_key_is_refused(backend):
    refused(backend, *call(backend, INFO, key=None)[:2], "X-Clemency-Editor-Key")
    refused(backend, *call(backend, INFO, key="guess")[:2], "X-Clemency-Editor-Key")


def test_the_preflight_answers_only_the_editor(backend):
    status, _, headers = call(backend, None, method="OPTIONS", key=None)
    assert status == 204
    assert headers["Access-Control-Allow-Origin"] == EDITOR
    assert guard.KEY_HEADER in headers["Access-Control-Allow-Headers"]
    refused(
        backend,
        *call(backend, None, method="OPTIONS", key=None, origin="https://attacker.example")[:2],
        "Origin",
    )


@pytest.mark.parametrize(
    ("path", "words"),
    [
        (".git/hooks/x", "hidden"),
        (".git/hooks/pre-commit", "hidden"),
        ("pelicanconf.py", "outside the folders"),
        ("AUDIT.md", "outside the folders"),
        ("../x", "climbs out"),
        ("stories/../tasks.py", "climbs out"),
    ],
)
def test_writing_outside_the_editable_folders_is_refused(backend, path, words):
    project = backend["project"]
    before = {p: p.read_bytes() for p in project.rglob("*") if p.is_file()}
    refused(backend, *call(backend, persist(path))[:2], words)
    assert {p: p.read_bytes() for p in project.rglob("*") if p.is_file()} == before
    assert not (project.parent / "x").exists()


@pytest.mark.parametrize(
    "request_body",
    [
        {"action": "getEntry", "params": {"branch": "main", "path": ".git/config"}},
        {"action": "getMediaFile", "params": {"branch": "main", "path": "pelicanconf.py"}},
        {
            "action": "entriesByFolder",
            "params": {"branch": "main", "folder": ".git", "extension": "", "depth": 5},
        },
        {
            "action": "deleteFile",
            "params": {"branch": "main", "path": "AUDIT.md", "options": {"commitMessage": "x"}},
        },
        {
            "action": "deleteFiles",
            "params": {
                "branch": "main",
                "paths": ["stories/a.md", "tasks.py"],
                "options": {"commitMessage": "x"},
            },
        },
        {
            "action": "persistMedia",
            "params": {
                "branch": "main",
                "options": {"commitMessage": "x"},
                "asset": {"path": ".git/hooks/post-checkout", "content": "IyE=", "encoding": "base64"},
            },
        },
        {"action": "unpublishedEntries", "params": {"branch": "main"}},
    ],
)
def test_reading_and_deleting_outside_the_editable_folders_is_refused(backend, request_body):
    status, body, _ = call(backend, request_body)
    assert status == 403, body
    assert (backend["project"] / "AUDIT.md").read_text() == "audit\n"
    assert (backend["project"] / ".git" / "hooks" / "pre-commit").read_text() == HOOK


def test_a_story_saves_and_reads_back(backend):
    raw = "---\ntitle: Lena came home\n---\nLena's story.\n"
    status, body, _ = call(backend, persist("stories/lena-fictional/index.md", raw))
    assert status == 200, body
    saved = backend["project"] / "stories" / "lena-fictional" / "index.md"
    assert saved.read_text() == raw
    status, entry, _ = call(
        backend,
        {"action": "getEntry", "params": {"branch": "main", "path": "stories/lena-fictional/index.md"}},
    )
    assert status == 200 and entry["data"] == raw


def test_decap_server_has_no_port_of_its_own(backend):
    pid = backend["server"].process.pid
    listening = Path("/proc/net/tcp").read_text() + Path("/proc/net/tcp6").read_text()
    inodes = {line.split()[9] for line in listening.splitlines()[1:] if line.split()[3] == "0A"}
    fds = Path(f"/proc/{pid}/fd")
    links = [str(fd.readlink()) for fd in fds.iterdir()]
    sockets = {link[8:-1] for link in links if link.startswith("socket:")}
    assert sockets and not (sockets & inodes)


# The review copy: the guard's own action, for one story folder of stories/ only.


def review(story, lang: str | None = "en") -> dict:
    params = {"story": story} if lang is None else {"story": story, "lang": lang}
    return {"action": "reviewCopy", "params": params}


@pytest.mark.slow
def test_the_editor_gets_the_review_copy_of_a_story(backend, monkeypatch):
    monkeypatch.setenv("STORIES_TODAY", TODAY.isoformat())
    # A one-story build and a PDF: seconds, but a busy machine may take longer.
    status, body, headers = call(backend, review("valid-story", lang=None), timeout=300)
    assert status == 200, body
    assert headers["Access-Control-Allow-Origin"] == EDITOR
    assert body["path"] == "review-copies/valid-story.en.html"
    written = backend["project"] / body["path"]
    assert body["html"] == written.read_text(encoding="utf-8")
    assert "Mara kept her family together" in body["html"]
    assert "I have read this story and agree that it is published as shown above." in body["html"]
    assert not (backend["project"] / "output").exists()


@pytest.mark.parametrize(
    ("story", "lang", "words"),
    [
        ("../pelicanconf.py", "en", "is not the folder name of a story"),
        ("", "en", "is not the folder name of a story"),
        (["valid-story"], "en", "is not the folder name of a story"),
        (".git", "en", "hidden file or folder"),
        ("..", "en", "climbs out"),
        ("no-such-story", "en", "there is no story stories/no-such-story/"),
        (
            "valid-story",
            "fr",
            f"'fr' is not one of the site's languages ({', '.join(project_languages(ROOT))})",
        ),
    ],
)
def test_a_review_copy_of_anything_but_a_story_is_refused(backend, story, lang, words):
    refused(backend, *call(backend, review(story, lang))[:2], words)


def test_a_review_copy_needs_this_runs_key(backend):
    refused(backend, *call(backend, review("valid-story"), key=None)[:2], "X-Clemency-Editor-Key")


@pytest.mark.slow
def test_a_story_that_cannot_be_reviewed_yet_is_explained(backend, monkeypatch):
    monkeypatch.setenv("STORIES_TODAY", TODAY.isoformat())
    status, body, _ = call(backend, review("consent-missing"), timeout=300)
    assert status == 422
    assert body["error"] == (
        "stories/consent-missing/ has no consent record yet. Fill in consent: "
        "(name, photo, given, review) from the form the client will sign, "
        "then make the review copy."
    )
    assert backend["log"][-1].startswith("editor backend: stories/consent-missing/")
