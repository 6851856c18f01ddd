"""The hand annotations of official files (tests/gold/unxml) hold against the XML they annotate.

Read without tipkg's loaders, so that a loader bug cannot make the gold agree with it: each evidence
snippet occurs in the text of the element with its eId (footnotes taken out), or in a footnote's
text when it is marked ``in_footnote``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lxml import etree

GOLD = Path(__file__).resolve().parents[1] / "gold" / "unxml"
CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
NS = "{http://docs.oasis-open.org/legaldocml/ns/akn/3.0}"


def _text(el: etree._Element, *, notes: bool) -> str:
    out: list[str] = []

    def walk(e: etree._Element) -> None:
        out.append(e.text or "")
        for c in e:
            if isinstance(c.tag, str) and (notes or c.tag != NS + "authorialNote"):
                walk(c)
            out.append(c.tail or "")

    walk(el)
    return " ".join("".join(out).split())


def _files() -> list[Path]:
    return sorted(GOLD.glob("*.json"))


def test_there_are_gold_files_of_every_genre() -> None:
    symbols = {json.loads(p.read_text(encoding="utf-8"))["symbol"] for p in _files()}
    assert len(symbols) >= 8
    assert any("/PRST/" in s for s in symbols) and any(s.startswith("S/RES/") for s in symbols)
    assert any("/DEC/" in s for s in symbols) and any(s.startswith("E/RES/") for s in symbols)


@pytest.mark.parametrize("gold_path", _files(), ids=lambda p: p.stem)
def test_every_evidence_is_in_its_paragraph(gold_path: Path) -> None:
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    xml = CORPUS / gold["file"]
    if not xml.is_file():
        pytest.skip(f"{xml} is not here (../shared/corpus)")
    root = etree.parse(str(xml), etree.XMLParser(resolve_entities=False, no_network=True)).getroot()
    by_eid: dict[str, list[etree._Element]] = {}
    for el in root.iter():
        if isinstance(el.tag, str) and el.get("eId"):
            by_eid.setdefault(el.get("eId", ""), []).append(el)
    notes = " ".join(_text(n, notes=True) for n in root.iter(NS + "authorialNote"))
    problems = []
    for item in gold["citations"] + gold["mentions"]:
        evidence = " ".join(str(item.get("evidence", "")).split())
        if not evidence:
            continue
        if item.get("in_footnote"):
            where = notes
        else:
            where = " ".join(_text(el, notes=False) for el in by_eid.get(item.get("eId", ""), []))
        if evidence not in where:
            problems.append((item.get("eId"), evidence))
    assert problems == []
