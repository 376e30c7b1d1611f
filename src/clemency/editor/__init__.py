"""The story editor: Decap CMS config from the schema, its local server, its static files."""

from pathlib import Path

# The editor page's own files (index.html, its scripts and styles), copied into /admin/.
STATIC = Path(__file__).resolve().parent / "static"
