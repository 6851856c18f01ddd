"""Chinese resolution numbers: the number before its keyword.

Chinese writes a list as the other languages do, but backwards: the body, what the texts are about,
each one's date and number, and the keyword last — "预防犯罪和刑事司法委员会关于…的2014年5月16日第23/2号
和2016年5月27日第25/1号决议", "大会2015年9月25日第70/1号决议", "其第68/192号决议" (its own), "…缔约方大会
2018年11月30日第14/4号决定". The file's links name the General Assembly's numbers; the other bodies'
(the Commission's, a Conference of the Parties') are read here, each number checked against the date
printed with it as in every other language (:func:`.references._item_ref`).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from tipkg.loaders.parse.references import DocRef, _Item, _item_ref
from tipkg.loaders.registry.model import Registry

_ZH_DATE = r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"
#: one item: its date, its number ("第23/2号"); what may stand between two items of a list
# "关于…的" (on …), "题为“…”的" (entitled “…”): a quoted title, or words up to the next comma
_ABOUT = r"(?:(?:关于|题为)\s*(?:“[^”]{0,200}”|[^。；;，“”]{0,80}?)\s*的\s*)"
_ITEM = re.compile(
    r"(?:" + _ZH_DATE + r"\s*)?" + _ABOUT + r"?(?:通过的\s*)?第\s*(\d{1,4}/\d{1,4}(?:\s*[A-Z])?)\s*号"
)
_BETWEEN = re.compile(
    r"\s*(?:决议|决定)?\s*(?:、|和|及|以及|与|，|,)\s*(?:(?:关于|题为)[^。；;]{0,160}?的\s*)?"
)
_KEYWORD = re.compile(r"\s*(决议|决定)")
#: what may stand between the body and its list: "关于…的", "题为“…”的", "在", "通过的"
_BODY_TAIL = re.compile(r"\s*(?:在\s*)?" + _ABOUT + "?$")
_OWN = re.compile(r"其\s*" + _ABOUT + "?$")


def find_lists_zh(
    work: str,
    start: int,
    end: int,
    doc_body: str | None,
    registry: Registry | None,
    linked: Callable[[int, int], str | None] | None = None,
    notices: list[str] | None = None,
) -> list[DocRef]:
    """The numbered resolutions and decisions in ``work[start:end]``, each with the body named before
    its list (else the text's own) and the date printed before it."""
    out: list[DocRef] = []
    pos = start
    while True:
        first = _ITEM.search(work, pos, end)
        if first is None:
            return out
        items: list[_Item] = []
        m: re.Match[str] | None = first
        while m is not None:
            date = (
                f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}" if m.group(1) else None
            )
            items.append(
                _Item(" ".join(m.group(4).split()), m.start(4), m.end(4), date, own_date=date is not None)
            )
            items[-1].tail = m.end()
            sep = _BETWEEN.match(work, m.end(), end)
            m = _ITEM.match(work, sep.end(), end) if sep is not None else None
        kw = _KEYWORD.match(work, items[-1].tail, end)
        pos = items[-1].tail
        if kw is None:  # "第七十二届会议", "第2条": no resolution or decision
            continue
        kind = "decision" if kw.group(1) == "决定" else "resolution"
        body, group_start, explicit = _body_before(work, start, first.start(), doc_body, registry)
        for it in items:
            ref = _item_ref(it, body, kind, explicit, group_start, linked, notices, work)
            if ref is not None:
                out.append(ref)
        pos = kw.end()


def _body_before(
    work: str, start: int, at: int, doc_body: str | None, registry: Registry | None
) -> tuple[str | None, int, bool]:
    """The body that names a list at ``at``: the last body named just before it, "其" (its own), else the
    text's own; where the group starts, and whether the body is named."""
    clause = max(work.rfind("。", start, at), work.rfind("；", start, at), start - 1, at - 200) + 1
    own = _OWN.search(work, clause, at)
    if own is not None:
        return doc_body, own.start(), True
    if registry is not None:
        window = work[clause:at]
        for b in reversed(registry.find_all(window, language="zh")):
            if b.entry.kind == "body" and _BODY_TAIL.match(window, b.end):
                return b.entry.key, clause + b.start, True
    return doc_body, at, False
