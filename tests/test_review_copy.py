"""The review copy a client signs: the story as visitors will see it, the consent in their
language, a signature block; never in output/, and nothing the story does not show."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from clemency.build import reviewcopy
from conftest import ROOT, copy_project

pytestmark = pytest.mark.slow

# Sophy's story is dated 2026-10-15 and consent was given 2026-09-01.
REVIEW_DAY = dt.date(2026, 11, 1)
SURNAME = "Quillonvath"  # fictional; consent allows the first name only, so it must never show
HAS_CHROMIUM = bool(shutil.which("chromium"))


@pytest.fixture
def sophy(tmp_path) -> Path:
    """A project with the sample story of Sophy, whose full name (for the test) has a surname."""
    project = copy_project(tmp_path)
    shutil.copy(ROOT / "tasks.py", project / "tasks.py")
    shutil.copytree(ROOT / "stories" / "sophy", project / "stories" / "sophy")
    index = project / "stories" / "sophy" / "index.md"
    text = index.read_text(encoding="utf-8")
    assert "client: Sophy\n" in text and "  name: first\n" in text
    index.write_text(
        text.replace("client: Sophy\n", f"client: Sophy {SURNAME}\n").replace(
            "status: published", "status: draft"
        ),
        encoding="utf-8",
    )
    return project


def test_review_copy_in_english_shows_the_page_and_the_consent_in_plain_words(sophy):
    if os.environ.get("CI") == "true":
        assert HAS_CHROMIUM, "CI must install Chromium (bin/setup)"
    made = reviewcopy.make(sophy, "sophy", "en", today=REVIEW_DAY)
    assert made.html == sophy / "review-copies" / "sophy.en.html"
    html = made.html.read_text(encoding="utf-8")
    # The story as its page shows it: title, name as consent shows it, placeholder, outcome, partner.
    assert "A pardon kept Sophy home with his family" in html
    assert "Sophy · <time" in html
    assert "scp-story__header scp-field" in html  # no photo: the header is the drawn field
    assert "print-color-adjust: exact" in html  # and it prints
    assert "Pardon granted" in html and "Northwest Immigrant Rights Project" in html
    # The consent, in plain words, and a place to sign.
    for line in (
        "Only your first name is shown: Sophy. Your surname is never shown.",
        "Your photo is not shown; a drawing is shown instead.",
        "You signed the consent form on September 1, 2026.",
        "We will ask you again before September 1, 2027.",
        "You can withdraw your consent at any time.",
        "I have read this story and agree that it is published as shown above.",
        "Signature",
        "Date signed",
    ):
        assert line in html, line
    # Nothing the story does not show: no surname, no other story, no address of the editor.
    assert SURNAME not in html
    assert "<script" not in html and "/admin/" not in html
    assert not (sophy / "output").exists()
    if HAS_CHROMIUM:
        assert made.pdf == made.html.with_suffix(".pdf")
        pdf = made.pdf.read_bytes()
        assert pdf.startswith(b"%PDF") and SURNAME.encode() not in pdf


def test_review_copy_in_khmer_from_the_task(sophy):
    done = subprocess.run(
        [sys.executable, "-m", "invoke", "review-copy", "sophy", "--lang", "km"],
        cwd=sophy,
        capture_output=True,
        text=True,
        timeout=600,
        env={"PATH": os.environ["PATH"], "STORIES_TODAY": REVIEW_DAY.isoformat()},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith("Wrote review-copies/sophy.km.html")
    html = (sophy / "review-copies" / "sophy.km.html").read_text(encoding="utf-8")
    assert '<html lang="km"' in html
    assert '<h1 class="scp-story__title"' in html
    khmer_title = (sophy / "stories" / "sophy" / "index.km.md").read_text(encoding="utf-8")
    title = next(line for line in khmer_title.splitlines() if line.startswith("title:"))
    assert title.split(":", 1)[1].strip().strip('"') in html
    assert "អ្វីដែលអ្នកបានយល់ព្រម" in html  # What you agreed to
    assert "មានតែនាមខ្លួនរបស់អ្នកប៉ុណ្ណោះដែលត្រូវបានបង្ហាញ៖ Sophy។" in html
    assert "ហត្ថលេខា" in html  # Signature
    assert SURNAME not in html
    assert not (sophy / "output").exists()
    assert "/review-copies/" in (ROOT / ".gitignore").read_text()


def test_review_copy_never_goes_into_the_published_site(sophy):
    with pytest.raises(reviewcopy.ReviewCopyError, match="never goes into output/"):
        reviewcopy.make(sophy, "sophy", "en", sophy / "output" / "sophy.html", today=REVIEW_DAY)


def test_review_copy_needs_the_consent_record(sophy):
    index = sophy / "stories" / "sophy" / "index.md"
    text = index.read_text(encoding="utf-8")
    index.write_text(text[: text.index("consent:")] + "---\n" + text.split("\n---\n", 1)[1], encoding="utf-8")
    with pytest.raises(reviewcopy.ReviewCopyError, match="has no consent record yet"):
        reviewcopy.make(sophy, "sophy", "en", today=REVIEW_DAY)
