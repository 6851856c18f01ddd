"""The identity of an AKN4UN file: what its FRBR identification, cover page, preface and name
state, and the one symbol, type, body and date they settle on (with a notice where they disagree)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tipkg.loaders.errors import LoadError
from tipkg.loaders.parse.references import SYMBOL, body_key_for_name
from tipkg.loaders.sources.akn_xml import a, flat, local, valid_date
from tipkg.ontology.symbols import doc_type_of

AUTHORS = {"ga": "GA", "unga": "GA", "sc": "SC", "unsc": "SC", "ecosoc": "ECOSOC", "unecosoc": "ECOSOC"}
#: the FRBR expression's ISO 639-2 code → ISO 639-1, the code the rest of tipkg uses
ISO_639_1 = {
    "eng": "en",
    "fra": "fr",
    "fre": "fr",
    "spa": "es",
    "rus": "ru",
    "zho": "zh",
    "chi": "zh",
    "ara": "ar",
    "deu": "de",
    "ger": "de",
}
NAMES = {
    "resolution": "resolution",
    "decision": "decision",
    "presidentialstatement": "statement",
    "draftresolution": "draft",
}
_WORK = re.compile(r"^/akn/un/[^/]+/[^/]+/([^/]+)/([^/]*)/([^/@]+)(?:/|$)")
_FILE_SYMBOL = re.compile(r"^(S_PRST_\d{4}_\d+|[AES]_RES_[\w-]+?|S_\d{4}_\d+)(?:[-_ ].*)?$")


@dataclass
class Ident:
    """What a file states about itself, before the reader settles its identity."""

    name: str = ""
    work: str | None = None
    expression: str | None = None
    language: str | None = None
    work_date: str | None = None
    author: str | None = None
    symbol: str | None = None
    number: str | None = None
    issuing_body: str | None = None
    doc_type: str | None = None
    session: str | None = None
    agenda_item: str | None = None
    issued: str | None = None
    adopted: str | None = None
    meeting: str | None = None
    title: str | None = None
    date_notice: str | None = None
    collection: bool = False
    header: list[tuple[str, str]] = field(default_factory=list)


def _frbr(el: Any) -> str | None:
    if el is None:
        return None
    for name in ("FRBRuri", "FRBRthis"):
        x = el.find(a(name))
        if x is not None and x.get("value"):
            return str(x.get("value")).replace("!main.xml", "").replace("!main/", "").replace("!main", "")
    return None


def identification(out: Ident, meta: Any) -> None:
    ident = meta.find(a("identification")) if meta is not None else None
    if ident is None:
        return
    work = ident.find(a("FRBRWork"))
    expr = ident.find(a("FRBRExpression"))
    out.work, out.expression = _frbr(work), _frbr(expr)
    if work is not None:
        d = work.find(a("FRBRdate"))
        if d is not None and valid_date(d.get("date")):
            out.work_date = str(d.get("date")).strip()
        m = _WORK.match(out.work or "")
        if m is not None and valid_date(m.group(2)) and m.group(2) != out.work_date:
            if out.work_date:  # the Work's own URI names the date it was adopted
                out.date_notice = f"FRBRdate {out.work_date} differs from the date of the Work URI {out.work}"
            out.work_date = m.group(2)
        au = work.find(a("FRBRauthor"))
        if au is not None:
            out.author = (au.get("href") or "").lstrip("#").strip().lower() or None
    if expr is not None:
        lang = expr.find(a("FRBRlanguage"))
        if lang is not None:
            code = (lang.get("language") or "").strip().lower()
            out.language = ISO_639_1.get(code, code) or None


_HEADER_ROLES = {
    "docNumber": "symbol",
    "docAuthority": "body",
    "session": "session",
    "docProponent": "proponent",
    "docTitle": "adopted",
    "docType": "type",
    "docStatus": "status",
    "docDate": "date",
}


def cover(out: Ident, cover: Any) -> None:
    for p in cover.iter(a("p")):
        text = flat(p)
        if not text:
            continue
        role = "line"
        for el in p.iter():
            tag = local(el)
            ref = (el.get("refersTo") or "").lstrip("#")
            value = flat(el)
            if tag == "docNumber" and (ref == "symbol" or out.symbol is None) and value:
                out.symbol = value
            elif tag == "docAuthority" and ref == "issuingBody" and value:
                out.issuing_body = value
            elif tag == "docType" and value:
                out.doc_type = value
            elif tag == "session" and value:
                out.session = value
            elif tag == "inline" and (el.get("name") or "").lower() == "agenda item" and value:
                out.agenda_item = value
                role = "agenda"
            elif tag == "inline" and (el.get("name") or "").lower() == "agenda item name":
                role = "agenda"
            elif tag == "inline" and el.get("name") == "adoptionMeeting" and value:
                out.meeting = out.meeting or value
            elif tag == "docDate" and valid_date(el.get("date")):
                if ref == "adoptionDate":
                    out.adopted = out.adopted or str(el.get("date")).strip()
                elif not out.issued:
                    out.issued = str(el.get("date")).strip()
            if tag in _HEADER_ROLES and role == "line":
                role = _HEADER_ROLES[tag]
        if role == "symbol" and out.symbol != text:
            role = "line"
        out.header.append((role, text))


def preface(out: Ident, preface: Any) -> None:
    for p in preface.iter(a("p")):
        text = flat(p)
        if not text:
            continue
        role = "title"
        for el in p.iter():
            tag = local(el)
            if tag == "docNumber":
                out.number = out.number or flat(el) or None
                if out.symbol is None and _symbol(flat(el)):  # a file without cover page
                    out.symbol = flat(el)
                    role = "symbol"
            elif tag == "docAuthority" and out.issuing_body is None:
                out.issuing_body = flat(el) or None
            elif tag == "docTitle":
                t = flat(el)
                if t and not re.match(r"(?i)(resolution|decision) adopted", t):
                    out.title = out.title or t
            elif tag == "docProponent":
                role = "proponent"
        out.header.append((role, text))


def settle(path: Path, f: Ident, notices: list[str]) -> tuple[str | None, str, str | None, str | None]:
    """Symbol, type, body and date: what the identification, the cover page and the name agree on."""
    printed = _symbol(f.symbol)
    doc_type = NAMES.get(f.name.lower().replace("_", ""), "")
    if not doc_type:  # a documentCollection: the cover page's type or the printed symbol says
        kind = doc_type_of(printed) if printed else "resolution"
        doc_type = "decision" if (f.doc_type or "").lower() == "decision" else kind
        doc_type = {"document": "resolution"}.get(doc_type, doc_type)
    derived = _from_work(f.work, doc_type)
    filed = _from_file_name(path)

    def fits_type(s: str | None) -> bool:
        return bool(s) and _type_agrees(s or "", doc_type)

    if printed and derived and _base(printed) != _base(derived):
        choice = (
            printed
            if fits_type(printed) and not fits_type(derived)
            else derived
            if fits_type(derived) and not fits_type(printed)
            else next((s for s in (printed, derived) if filed and _norm(s) == _norm(filed)), None)
            or (filed if fits_type(filed) else None)
        )
        if choice is None:
            raise LoadError(path, f"identification ({f.work}) and docNumber ({printed}) disagree")
        notices.append(f"identification ({f.work}) and docNumber ({printed}) disagree; {choice} is taken")
        symbol: str | None = choice
    elif f.collection:  # a file holding every part ("76/416 A and B") is the text as a whole
        symbol = next((_whole(s) for s in (printed, derived) if s), None)
    else:  # the same text; a part letter ("77/512 B") makes one of them the more precise
        symbol = max((s for s in (printed, derived) if s), key=len, default=None)
    if symbol and not fits_type(symbol):
        if fits_type(filed):
            notices.append(
                f"docNumber {symbol} is not a {doc_type}, as the markup names it; the file name gives {filed}"
            )
            symbol = filed
        else:
            notices.append(f"docNumber {symbol} is not a {doc_type}, as the markup names it")
    body = AUTHORS.get(f.author or "") if f.work and "/deliberation/" in f.work else None
    body = body or (body_key_for_name(f.issuing_body, None) if f.issuing_body else None)
    date = f.work_date or f.adopted
    if date is None and f.issued:
        date = f.issued
        notices.append(f"no valid adoption date in the identification; the cover page's date {date} is used")
    return symbol, doc_type or "resolution", body, date


def _symbol(raw: str | None) -> str | None:
    s = " ".join((raw or "").split()).rstrip(".")
    return (
        s
        if (s and SYMBOL.fullmatch(s))
        or re.fullmatch(r"[A-Z]+/[A-Z0-9./-]+(?: [A-Z](?:-[A-Z])?| \(\d{4}\))?", s)
        else None
    )


def _norm(symbol: str) -> str:
    return re.sub(r"\s+", "", symbol).upper()


def _whole(symbol: str) -> str:
    """The symbol without a single part letter ("A/DEC/78/413 A" → "A/DEC/78/413"); ranges stay."""
    return re.sub(r"\s+[A-Z]$", "", symbol.strip())


def _base(symbol: str) -> str:
    """The symbol without its parts: "A/RES/74/92 A-B" and "A/RES/74/92 B" are both A/RES/74/92."""
    return _norm(re.sub(r"\s+[A-Z](?:-[A-Z])?$", "", symbol.strip()))


def _type_agrees(symbol: str, doc_type: str) -> bool:
    """Whether the symbol is of the kind the markup names (a draft's symbol is a plain document's)."""
    return doc_type_of(symbol) == ("document" if doc_type == "draft" else doc_type)


def _from_work(work: str | None, doc_type: str) -> str | None:
    """The symbol a FRBR Work URI implies: …/unga/2021-12-16/76-186/ → A/RES/76/186."""
    m = _WORK.match(work or "")
    if m is None:
        return None
    author, number = m.group(1), m.group(3)
    part = re.match(r"^(.*?\d)([A-Z](?:-[A-Z])?)$", number)
    suffix = f" {part.group(2)}" if part else ""
    number = part.group(1) if part else number
    if author == "unga":
        session, _, n = number.rpartition("-")
        if not session or not n.isdigit():
            return None
        return ("A/DEC/" if doc_type == "decision" else "A/RES/") + f"{session}/{n}{suffix}"
    if author == "unecosoc":
        year, _, n = number.partition("-")
        return ("E/DEC/" if doc_type == "decision" else "E/RES/") + f"{year}/{n}{suffix}"
    if author == "unsc":
        first, _, second = number.partition("-")
        if not (first.isdigit() and second.isdigit()):
            return None
        if doc_type in ("statement", "draft") and not 1946 <= int(first) <= 2100:
            return None
        if doc_type == "statement":
            return f"S/PRST/{first}/{second}"
        if doc_type == "draft":
            return f"S/{first}/{second}"
        return f"S/RES/{first} ({second})"
    return None


def _from_file_name(path: Path) -> str | None:
    m = _FILE_SYMBOL.match(path.stem)
    if m is None:
        return None
    parts = m.group(1).split("_")
    if parts[:2] == ["S", "PRST"]:
        return "S/PRST/" + "/".join(parts[2:])
    return "/".join(parts)
