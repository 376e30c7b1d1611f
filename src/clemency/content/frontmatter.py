"""Split a Markdown file into YAML front matter and body, keeping line numbers for error messages."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

# libyaml's C loader when present: stories are parsed on every build, and it is ~10x faster.
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class FrontMatterError(Exception):
    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass
class Document:
    meta: dict
    body: str
    # "field" or "group.field" -> 1-based line number in the file
    lines: dict[str, int] = field(default_factory=dict)
    body_line: int = 1


def read_text(path: Path) -> str:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise FrontMatterError(
            "the file is not saved as UTF-8 text, so some characters cannot be read. "
            "Open it in your editor and save it with the encoding 'UTF-8'.",
            line,
        ) from None
    return text.removeprefix("\ufeff")


def parse(text: str) -> Document:
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        raise FrontMatterError(
            "the file does not start with front matter. The first line must be '---', followed "
            "by the fields (title:, date:, ...), then another '---' line, then the story.",
            1,
        )
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() in ("---", "..."))
    except StopIteration:
        raise FrontMatterError(
            "the front matter is never closed. Add a line with only '---' after the last field, "
            "before the story text.",
            1,
        ) from None
    yaml_text = "\n".join(lines[1:end])
    try:
        node = yaml.compose(yaml_text, Loader=Loader)
        meta = Loader("").construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 2 if mark else None
        problem = exc.problem or "the fields could not be read"
        raise FrontMatterError(
            f"the front matter is not valid YAML ({problem}). Check the indentation and that "
            "text containing ':' or '#' is wrapped in quotes.",
            line,
        ) from None
    except ValueError as exc:  # e.g. date: 2026-13-45 matches the date pattern but is no date
        raise FrontMatterError(
            f"the front matter holds a value that cannot be read ({exc}). Dates are written "
            "YYYY-MM-DD, e.g. 2026-03-01.",
        ) from None
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise FrontMatterError(
            "the front matter must be a list of 'field: value' lines.", 2
        )
    body = "\n".join(lines[end + 1 :])
    return Document(meta=meta, body=body, lines=_key_lines(node, offset=2), body_line=end + 2)


def _key_lines(node, offset: int, prefix: str = "") -> dict[str, int]:
    found: dict[str, int] = {}
    if not isinstance(node, yaml.MappingNode):
        return found
    for key_node, value_node in node.value:
        name = f"{prefix}{key_node.value}"
        found[name] = key_node.start_mark.line + offset
        if isinstance(value_node, yaml.MappingNode):
            found.update(_key_lines(value_node, offset, prefix=name + "."))
        elif isinstance(value_node, yaml.SequenceNode):
            for index, item in enumerate(value_node.value):
                found[f"{name}[{index}]"] = item.start_mark.line + offset
                if isinstance(item, yaml.MappingNode):
                    found.update(_key_lines(item, offset, prefix=f"{name}[{index}]."))
    return found
