"""A set of words or phrases as one regular expression shaped like a prefix tree.

Python's ``re`` tries the branches of an alternation one after another, so a pattern of a few
hundred phrases costs a few hundred comparisons at every position it is tried. Factored into a
tree (``recall(?:ing(?:\\s+also)?|s)``), a position that starts no phrase fails at the first
character. Longer continuations are tried first, so among the phrases that match at a position the
longest wins, as in an alternation sorted longest first; if what follows the pattern fails, the
engine backtracks to the shorter ones, as it would through the sorted alternation.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_END = ""  # marks the end of a phrase in the tree
_Node = dict[str, "_Node"]


def trie_pattern(phrases: Iterable[str], space: str = r"\s+") -> str:
    """Pattern matching any of ``phrases``; a space in a phrase matches ``space``.

    The phrases are taken as written: compile with ``re.IGNORECASE`` and pass them in one case
    for case-insensitive matching.
    """
    root: _Node = {}
    for phrase in phrases:
        node = root
        for ch in phrase:
            node = node.setdefault(ch, {})
        node[_END] = {}
    if not root:
        raise ValueError("no phrases")
    return _pattern(root, space)


def _pattern(node: _Node, space: str) -> str:
    branches = [
        (space if ch == " " else re.escape(ch)) + _pattern(child, space)
        for ch, child in sorted(node.items())
        if ch != _END
    ]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if _END in node else body
