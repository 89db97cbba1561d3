"""What text from a user may hold, where it reaches a terminal or a report.

Control characters (C0 but tab and line feed, DEL, C1: an escape sequence retitles or repaints a terminal, a
carriage return hides what came before it) are refused in every string of the answers and the catalog; a
name (one line, shown as the report's heading) takes no tab or line feed either. Text that cannot be refused
(a path, an argument echoed in a message) is shown with those characters escaped (`visible`).
"""

from __future__ import annotations

import unicodedata
from typing import Any

from advisor.errors import shortened

# refused in any text: C0 but tab and line feed, DEL, C1
CONTROL = frozenset([chr(c) for c in range(32) if chr(c) not in "\n\t"] + [chr(c) for c in range(0x7F, 0xA0)])
# marks that reorder text shown right to left (a name could display as something else)
REORDERING = frozenset(chr(c) for c in (0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)))
# marks that take no room: two names that differ by one look the same
ZERO_WIDTH = frozenset(
    chr(c) for c in (0x00AD, 0x180E, 0x200B, 0x200C, 0x200D, 0x2060, 0x2061, 0x2062, 0x2063, 0x2064, 0xFEFF)
)
REFUSED = CONTROL | REORDERING
REFUSED_IN_NAMES = REFUSED | ZERO_WIDTH | {"\n", "\t"}

ALLOWED_TEXT = "text may hold no control characters, escape sequences or marks that reorder text"
ALLOWED_NAME = (
    "a name is plain text on one line: no control characters, escape sequences, or marks that reorder text or "
    "take no room"
)


def character(char: str) -> str:
    """'U+000D (CARRIAGE RETURN)': a character as a message names it."""
    name = unicodedata.name(char, "") or {"\r": "carriage return", "\n": "line feed", "\t": "tab"}.get(char, "")
    if not name and char in CONTROL:
        name = "a control character" if char != "\x1b" else "escape, which starts an escape sequence"
    return f"U+{ord(char):04X} ({name})" if name else f"U+{ord(char):04X}"


def refused(value: str, *, name: bool = False) -> str | None:
    """What is wrong with `value`, or None: the first character refused in it, and what is allowed."""
    banned = REFUSED_IN_NAMES if name else REFUSED
    if banned.isdisjoint(value):
        return None
    first = next(char for char in value if char in banned)
    return f"contains {character(first)}; {ALLOWED_NAME if name else ALLOWED_TEXT}"


def name_key(name: str) -> str:
    """What two names are compared by: Unicode compatibility forms folded (NFKC: a full-width letter is the
    letter), runs of any whitespace (a no-break space) one space, case ignored."""
    folded = " ".join(unicodedata.normalize("NFKC", name).split()).casefold()
    return unicodedata.normalize("NFKC", folded)


def visible(text: str) -> str:
    """`text` with every refused character but the line feed written as an escape (`\\x1b`), for messages."""
    if REFUSED.isdisjoint(text):
        return text
    return "".join(char if char not in REFUSED else repr(char)[1:-1] for char in text)


NAME_KEYS = frozenset({"name"})  # in the answers and the catalog, a key so called holds a name


def text_problems(raw: Any) -> list[str]:
    """One line for each key or string of parsed data that holds a refused character: 'place: what'. A value
    under one of NAME_KEYS is held to the rule for names."""
    problems: list[str] = []
    stack: list[tuple[tuple[str, ...], Any]] = [((), raw)]
    while stack:  # not recursive: the data may be nested as deep as the parser allowed
        place, node = stack.pop()
        where = ".".join(place) or "(top level)"
        if isinstance(node, str):
            wrong = refused(node, name=bool(place) and place[-1] in NAME_KEYS)
            if wrong:
                problems.append(f"{where}: {wrong} (got {shortened(repr(node))})")
        elif isinstance(node, dict):
            for key, value in reversed(node.items()):
                wrong = refused(key) if isinstance(key, str) else None
                if wrong:
                    problems.append(f"{where}: a key {wrong} (got {shortened(repr(key))})")
                else:
                    stack.append(((*place, str(key)), value))
        elif isinstance(node, list):
            stack.extend(((*place, str(i)), value) for i, value in reversed(list(enumerate(node))))
    return problems
