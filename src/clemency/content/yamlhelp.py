"""Turn a YAML parse error in front matter into one plain sentence with a before/after example.

The parser reports where it gave up, which is often lines after the real mistake and in its own
words ("did not find expected key"). Staff make a handful of typing mistakes over and over (a Tab,
a line that lost or gained spaces, an apostrophe inside single quotes, a colon in unquoted text, a
missing `---`); each is recognised from the lines themselves and explained at the line where it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .schema import GROUPS_WITH, STORY_FIELDS

# key: value, with the key a plain word (the only keys stories use).
_KEY_LINE = re.compile(r"^(?P<indent> *)(?P<dash>- +)?(?P<key>[A-Za-z_][\w-]*) *:(?: +(?P<value>.*))?$")
_TOP_LEVEL = {f.name for f in STORY_FIELDS}


@dataclass(frozen=True)
class Explanation:
    message: str
    line: int  # 1-based line in the file


def example(before: str, after: str) -> str:
    """The before/after lines appended to a message, indented under it."""
    before_lines, after_lines = before.split("\n"), after.split("\n")
    out = [
        f"    before: {before_lines[0]}",
        *(f"            {b}" for b in before_lines[1:]),
        f"    after:  {after_lines[0]}",
        *(f"            {a}" for a in after_lines[1:]),
    ]
    return "\n" + "\n".join(out)


def quote(text: str) -> str:
    """`text` as a YAML double-quoted string, or single-quoted when it holds double quotes."""
    if '"' in text:
        return "'" + text.replace("'", "''") + "'"
    return '"' + text.replace("\\", "\\\\") + '"'


def tab_line(lines: list[str], first: int) -> Explanation | None:
    """The first line indented with a Tab: YAML forbids Tabs there, and editors hide them."""
    for number, text in enumerate(lines, start=first):
        indent = text[: len(text) - len(text.lstrip(" \t"))]
        if "\t" in indent and text.strip():
            shown = text.replace("\t", "[Tab]", indent.count("\t"))
            fixed = indent.replace("\t", "  ") + text.lstrip(" \t")
            return Explanation(
                f"line {number} starts with a Tab; use spaces." + example(shown, fixed), number
            )
    return None


def explain(
    lines: list[str],
    first: int,
    problem: str,
    problem_line: int | None,
    context: str,
    context_line: int | None,
) -> Explanation:
    """Explain a parse error. `lines` is the front matter, `first` the file line of lines[0]."""
    for check in (_quotes, _colon, _indentation, _unclosed_list, _story_text):
        found = check(lines, first, problem, problem_line, context, context_line)
        if found:
            return found
    line = problem_line or context_line or first
    return Explanation(
        f"line {line} could not be read ({problem or 'the fields could not be read'}). Check that "
        "each field is on its own line as 'field: value', that lines inside a group start with "
        "the same number of spaces, and that text containing ':' or '#' is in double quotes.",
        line,
    )


def _parsed(lines: list[str], first: int):
    """(file line, indent, dash width, key, value or None, text) for each line that is a field."""
    for number, text in enumerate(lines, start=first):
        match = _KEY_LINE.match(text.rstrip())
        if match:
            yield (
                number,
                len(match["indent"]),
                len(match["dash"] or ""),
                match["key"],
                match["value"],
                text.rstrip(),
            )


def _quotes(lines, first, problem, problem_line, context, context_line) -> Explanation | None:
    """A quoted value that ends early (an apostrophe in '...') or never ends."""
    last = problem_line or first + len(lines)
    for number, _indent, _dash, key, value, text in _parsed(lines, first):
        if number > last or not value or value[0] not in "'\"":
            continue
        mark = value[0]
        inner = value[1:]
        # Inside '...' a doubled '' is an escaped apostrophe; inside "..." a \" is an escaped quote.
        pattern = r"(?:[^']|'')*" if mark == "'" else r'(?:[^"\\]|\\.)*'
        body = re.match(pattern, inner)[0]
        rest = inner[len(body) + 1 :] if len(body) < len(inner) else None
        prefix = text[: len(text) - len(value)]
        if rest is None:
            if "quoted scalar" not in context or context_line != number:
                continue
            name = 'a double quote (")' if mark == '"' else "a single quote (')"
            return Explanation(
                f"line {number}: the text after `{key}:` opens with {name} but never closes it; "
                f"end the text with the same quote." + example(text, prefix + value + mark),
                number,
            )
        if rest.strip() and not rest.lstrip().startswith("#"):
            whole = value[1:].rstrip()
            whole = whole[:-1] if whole.endswith(mark) else whole
            if mark == "'":
                return Explanation(
                    f"line {number}: the text after `{key}:` is in single quotes and contains an "
                    "apostrophe, which ends the quotes early; use double quotes around text that "
                    "contains an apostrophe." + example(text, prefix + quote(whole)),
                    number,
                )
            return Explanation(
                f"line {number}: the text after `{key}:` is in double quotes and contains another "
                "double quote, which ends the quotes early; use single quotes around text that "
                "contains double quotes." + example(text, prefix + quote(whole)),
                number,
            )
    return None


def _colon(lines, first, problem, problem_line, context, context_line) -> Explanation | None:
    """Unquoted text with ': ' in it: YAML reads the colon as the start of another field."""
    if "mapping values are not allowed" not in problem:
        return None
    for number, _indent, _dash, key, value, text in _parsed(lines, first):
        if number != problem_line or not value or value[0] in "'\"[{|>":
            continue
        if re.search(r":(\s|$)", value):
            prefix = text[: len(text) - len(value)]
            return Explanation(
                f"line {number}: the text after `{key}:` contains a colon (:), which is read as "
                "the start of another field; put the whole text in double quotes."
                + example(text, prefix + quote(value)),
                number,
            )
    return None


def _indentation(lines, first, problem, problem_line, context, context_line) -> Explanation | None:
    """The first line whose spaces do not match its group: lost, extra or uneven indentation."""
    entries = list(_parsed(lines, first))
    group = None  # the top-level field whose value is the indented lines below it
    expected: int | None = None  # the spaces the group's (or the list item's) fields start with
    anchor = ""  # the field whose spaces the next one must match
    dash_indent: int | None = None  # the spaces before the "- " of the group's list items
    in_block_text = False  # inside `field: |` or `field: >`, any line is text
    for position, (number, indent, dash, key, value, text) in enumerate(entries):
        if problem_line and number > problem_line:
            break
        if in_block_text and indent > 0:
            continue
        in_block_text = False
        following = entries[position + 1] if position + 1 < len(entries) else None
        if indent == 0 and not dash:
            if (
                group
                and key not in _TOP_LEVEL
                and group in GROUPS_WITH.get(key, ())
                and following
                and following[1] > 0
            ):
                spaces = expected or 2
                return Explanation(
                    f"line {number}: `{key}:` belongs under `{group}:`; indent it by "
                    f"{_spaces(spaces)} like the lines above." + example(text, " " * spaces + text),
                    number,
                )
            group = key if value is None else None
            in_block_text = bool(value) and value[0] in "|>"
            expected, anchor, dash_indent = None, "", None
            continue
        if group is None:
            return Explanation(
                f"line {number} starts with spaces, but `{key}:` is not part of a group; remove "
                "the spaces at the start of the line." + example(text, text.lstrip()),
                number,
            )
        if dash:
            if dash_indent is None:
                dash_indent = indent
            if indent != dash_indent:
                return _uneven(number, key, text, anchor, group, dash_indent)
            expected, anchor = indent + dash, key
            continue
        if expected is None:
            expected, anchor = indent, key
        if indent != expected:
            return _uneven(number, key, text, anchor, group, expected)
    return None


def _uneven(number: int, key: str, text: str, anchor: str, group: str, spaces: int) -> Explanation:
    return Explanation(
        f"line {number}: `{key}:` does not line up with `{anchor}:` above it in `{group}:`; start "
        f"it with {_spaces(spaces)} like that line." + example(text, " " * spaces + text.lstrip()),
        number,
    )


def _unclosed_list(lines, first, problem, problem_line, context, context_line) -> Explanation | None:
    if "flow sequence" not in context or context_line is None:
        return None
    text = lines[context_line - first].rstrip()
    match = _KEY_LINE.match(text)
    key = match["key"] if match else "the field"
    return Explanation(
        f"line {context_line}: the list after `{key}:` opens with [ but never closes; end it "
        "with ]." + example(text, text + "]"),
        context_line,
    )


def _story_text(lines, first, problem, problem_line, context, context_line) -> Explanation | None:
    """Prose inside the front matter: the closing --- is missing above the story."""
    if "could not find expected ':'" not in problem:
        return None
    start = story_start(lines)
    if start is None:
        return None
    text = lines[start]
    return Explanation(
        f"line {start + first} looks like the story's text, but the fields above it are not "
        "closed; add a line with only --- before the story." + example(text, "---\n" + text),
        start + first,
    )


def story_start(lines: list[str]) -> int | None:
    """Index of the first line that cannot be a field: not indented, no `field:`, no list item."""
    return next(
        (
            i
            for i, text in enumerate(lines)
            if text.strip() and not text.startswith((" ", "#", "-")) and not _KEY_LINE.match(text.rstrip())
        ),
        None,
    )


def _spaces(count: int) -> str:
    words = {1: "one space", 2: "two spaces", 3: "three spaces", 4: "four spaces"}
    return words.get(count, f"{count} spaces")
