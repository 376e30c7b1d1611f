"""Split a Markdown file into YAML front matter and body, keeping line numbers for error messages."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import yamlhelp
from .yamlhelp import example, quote

# libyaml's C loader when present: stories are parsed on every build, and it is ~10x faster.
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# A story's fields take ~2,000 characters and nest three deep (attorney: - name:); the bounds keep
# a mistyped or hostile file from costing minutes or gigabytes.
MAX_CHARS = 20_000
MAX_DEPTH = 4


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
    # (line, message) for things that read fine but are probably not what was meant
    notices: list[tuple[int, str]] = field(default_factory=list)


def read_text(path: Path) -> str:
    return decode(path.read_bytes())


def decode(raw: bytes) -> str:
    """A story file's bytes as text (UTF-8, a byte-order mark dropped), or a FrontMatterError."""
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
        first = lines[0].rstrip() if lines else ""
        if yamlhelp.story_start(lines[:1]) is None and first.strip():
            raise FrontMatterError(
                "line 1 must be a line with only ---: the fields (title:, date:, ...) start "
                "after it, and another --- line ends them, before the story."
                + example(first, "---\n" + first),
                1,
            )
        raise FrontMatterError(
            "the file does not start with front matter. The first line must be '---', followed "
            "by the fields (title:, date:, ...), then another '---' line, then the story.",
            1,
        )
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() in ("---", "..."))
    except StopIteration:
        raise _never_closed(lines) from None
    yaml_lines = lines[1:end]
    tab = yamlhelp.tab_line(yaml_lines, first=2)
    if tab:
        raise FrontMatterError(tab.message, tab.line)
    yaml_text = "\n".join(yaml_lines)
    if len(yaml_text) > MAX_CHARS:
        raise FrontMatterError(
            f"the fields above the closing --- hold {len(yaml_text):,} characters; a story needs "
            f"far fewer (at most {MAX_CHARS:,}). Move long text below the closing --- line, into "
            "the story itself.",
            2,
        )
    try:
        _refuse_what_staff_never_need(yaml_text)
        node = yaml.compose(yaml_text, Loader=Loader)
        _refuse_duplicates(node)
        meta = Loader("").construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        problem_line = exc.problem_mark.line + 2 if exc.problem_mark else None
        context_line = exc.context_mark.line + 2 if exc.context_mark else None
        found = yamlhelp.explain(
            yaml_lines, 2, exc.problem or "", problem_line, exc.context or "", context_line
        )
        raise FrontMatterError(found.message, found.line) from None
    except ValueError as exc:  # e.g. date: 2026-13-45 matches the date pattern but is no date
        bad = _bad_date(node)
        line = bad.start_mark.line + 2 if bad else None
        raise FrontMatterError(
            f"line {line}: {bad.value} is not a real date ({exc}). Dates are written YYYY-MM-DD, "
            "e.g. 2026-03-01."
            if bad
            else f"a value cannot be read ({exc}). Dates are written YYYY-MM-DD, e.g. 2026-03-01.",
            line,
        ) from None
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise FrontMatterError("the front matter must be a list of 'field: value' lines.", 2)
    body = "\n".join(lines[end + 1 :])
    return Document(
        meta=meta,
        body=body,
        lines=_key_lines(node, offset=2),
        body_line=end + 2,
        notices=_inline_notes(node, yaml_lines, offset=2),
    )


def _never_closed(lines: list[str]) -> FrontMatterError:
    """No closing ---: say where the story seems to start, the first line that is no field."""
    found = yamlhelp.story_start(lines[1:])
    start = found + 1 if found is not None else None
    if start is None:
        return FrontMatterError(
            "the fields are never closed. Add a line with only --- after the last field, before "
            "the story text.",
            len(lines),
        )
    return FrontMatterError(
        f"line {start + 1} looks like the story's text, but the fields above it are not closed; "
        "add a line with only --- before the story." + example(lines[start], "---\n" + lines[start]),
        start + 1,
    )


def _refuse_what_staff_never_need(yaml_text: str) -> None:
    """Anchors, aliases and tags (&a, *a, !tag) and deep nesting: unneeded, and a way to explode."""
    depth = 0
    for event in yaml.parse(yaml_text, Loader=Loader):
        mark = event.start_mark.line + 2
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise FrontMatterError(
                f"line {mark} uses & or * (a YAML anchor or alias), which stories do not need; "
                "write the value out in full instead. If & or * belongs to the text, put the "
                "whole text in double quotes.",
                mark,
            )
        if getattr(event, "tag", None):
            raise FrontMatterError(
                f"line {mark} uses ! (a YAML tag), which stories do not need; remove it. If ! "
                "belongs to the text, put the whole text in double quotes.",
                mark,
            )
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise FrontMatterError(
                    f"line {mark} is nested {depth} groups deep; a story's fields are at most "
                    f"{MAX_DEPTH} deep. Check the spaces at the start of the lines around it.",
                    mark,
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def _refuse_duplicates(node, prefix: str = "") -> None:
    """A field written twice: YAML keeps the last one, which can silently undo a withdrawal."""
    if isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _refuse_duplicates(item, f"{prefix.rstrip('.')}[{index}].")
    if not isinstance(node, yaml.MappingNode):
        return
    seen: dict[str, int] = {}
    for key_node, value_node in node.value:
        line = key_node.start_mark.line + 2
        if key_node.value == "<<":
            raise FrontMatterError(
                f"line {line} uses << (a YAML merge), which stories do not need; write the "
                "fields out in full instead.",
                line,
            )
        name = f"{prefix}{key_node.value}"
        if key_node.value in seen:
            raise FrontMatterError(
                f"`{name}:` is written twice, on line {seen[key_node.value]} and line {line}; "
                "only one can count. Keep the one that is right and delete the other.",
                line,
            )
        seen[key_node.value] = line
        _refuse_duplicates(value_node, f"{name}.")


def _scalars(node):
    if isinstance(node, yaml.ScalarNode):
        yield node
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _scalars(item)
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield from _scalars(key)
            yield from _scalars(value)


def _bad_date(node):
    for scalar in _scalars(node):
        if scalar.tag.endswith(":timestamp"):
            try:
                Loader("").construct_yaml_timestamp(scalar)
            except ValueError:
                return scalar
    return None


def _inline_notes(node, yaml_lines: list[str], offset: int) -> list[tuple[int, str]]:
    """Unquoted text followed by ` #...` on its line: the rest is a YAML comment, never published."""
    notes = []
    if node is None:
        return notes
    for scalar in _scalars(node):
        if scalar.style or scalar.start_mark.line != scalar.end_mark.line:
            continue
        text = yaml_lines[scalar.end_mark.line]
        rest = text[scalar.end_mark.column :]
        prefix = text[: scalar.start_mark.column].rstrip()
        if not rest.lstrip().startswith("#") or not prefix.endswith(":"):
            continue
        line = scalar.end_mark.line + offset
        whole = text[scalar.start_mark.column :].strip()
        notes.append(
            (
                line,
                f"line {line}: everything from the # on is read as a note for you and "
                "is not published; if the # belongs to the text, put the whole text "
                "in double quotes." + example(text.rstrip(), f"{prefix} {quote(whole)}"),
            )
        )
    return notes


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
