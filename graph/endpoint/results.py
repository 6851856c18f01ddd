"""SPARQL results serialisers that work on a capped list of solutions, and mark a cut one.

pyoxigraph serialises only a whole ``QuerySolutions`` iterator, which cannot be truncated, so the
endpoint writes JSON, XML, CSV and TSV itself (the tests compare them with pyoxigraph's output).
Each writer takes ``cut``: the row limit when the answer was cut there, else None; a cut answer
carries the mark of :mod:`tipkg.graph.store.truncation` in its body. Results repeat terms, so each
writer turns a term into text once per answer.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from tipkg.graph.store.truncation import CSV_MARKER, truncated_link

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
Row = Sequence[Term | None]

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
RDF_DIR_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#dirLangString"
_RESULTS_NS = "http://www.w3.org/2005/sparql-results#"


def _plain_datatype(lit: ox.Literal) -> bool:
    return lit.datatype.value in (XSD_STRING, RDF_LANG_STRING, RDF_DIR_LANG_STRING)


def _json_term(term: Term) -> dict[str, Any]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict[str, Any] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif not _plain_datatype(term):
            out["datatype"] = term.datatype.value
        return out
    return {
        "type": "triple",
        "value": {
            "subject": _json_term(term.subject),
            "predicate": _json_term(term.predicate),
            "object": _json_term(term.object),
        },
    }


def _json_head(variables: Sequence[str], cut: int | None) -> str:
    head: dict[str, Any] = {"vars": list(variables)}
    if cut is not None:
        head["link"] = [truncated_link("max-rows", cut)]
    return json.dumps(head, ensure_ascii=False, separators=(",", ":"))


def solutions_json(variables: Sequence[str], rows: Sequence[Row], cut: int | None = None) -> bytes:
    names = [json.dumps(v, ensure_ascii=False) + ":" for v in variables]
    seen: dict[Term, str] = {}
    out: list[str] = []
    for row in rows:
        items = []
        for name, term in zip(names, row, strict=True):
            if term is None:
                continue
            text = seen.get(term)
            if text is None:
                text = seen[term] = json.dumps(_json_term(term), ensure_ascii=False, separators=(",", ":"))
            items.append(name + text)
        out.append("{" + ",".join(items) + "}")
    doc = '{"head":' + _json_head(variables, cut) + ',"results":{"bindings":[' + ",".join(out) + "]}}"
    return doc.encode("utf-8")


def boolean_json(value: bool) -> bytes:
    return json.dumps({"head": {}, "boolean": value}).encode("utf-8")


def _char_refs(text: str) -> str:
    return "".join(f"&#{ord(c)};" for c in text)


def _xml_text(value: str) -> str:
    """Escaped text; edge white space as character references, which trimming XML readers keep."""
    ws = " \t\r\n"
    body = value.strip(ws)
    if not body:
        return _char_refs(value)
    lead = value[: len(value) - len(value.lstrip(ws))]
    tail = value[len(value.rstrip(ws)) :]
    return _char_refs(lead) + escape(body).replace("\r", "&#13;") + _char_refs(tail)


def _xml_term(term: Term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{_xml_text(term.value)}</literal>"
        if not _plain_datatype(term):
            return f"<literal datatype={quoteattr(term.datatype.value)}>{_xml_text(term.value)}</literal>"
        return f"<literal>{_xml_text(term.value)}</literal>"
    return (
        f"<triple><subject>{_xml_term(term.subject)}</subject><predicate>{_xml_term(term.predicate)}"
        f"</predicate><object>{_xml_term(term.object)}</object></triple>"
    )


def solutions_xml(variables: Sequence[str], rows: Sequence[Row], cut: int | None = None) -> bytes:
    out = io.StringIO()
    out.write(f'<?xml version="1.0"?>\n<sparql xmlns="{_RESULTS_NS}"><head>')
    out.write("".join(f"<variable name={quoteattr(v)}/>" for v in variables))
    if cut is not None:
        out.write(f"<link href={quoteattr(truncated_link('max-rows', cut))}/>")
    out.write("</head><results>")
    opening = [f"<binding name={quoteattr(v)}>" for v in variables]
    seen: dict[Term, str] = {}
    for row in rows:
        out.write("<result>")
        for start, term in zip(opening, row, strict=True):
            if term is not None:
                text = seen.get(term)
                if text is None:
                    text = seen[term] = _xml_term(term)
                out.write(f"{start}{text}</binding>")
        out.write("</result>")
    out.write("</results></sparql>")
    return out.getvalue().encode("utf-8")


def boolean_xml(value: bool) -> bytes:
    return (
        f'<?xml version="1.0"?>\n<sparql xmlns="{_RESULTS_NS}"><head></head>'
        f"<boolean>{'true' if value else 'false'}</boolean></sparql>"
    ).encode()


def _csv_term(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.NamedNode | ox.Literal):
        return term.value
    return str(term)


def _marker_row(variables: Sequence[str], cut: int, first: str) -> list[str]:
    return [first] + [""] * (len(variables) - 1)


def solutions_csv(variables: Sequence[str], rows: Sequence[Row], cut: int | None = None) -> bytes:
    """SPARQL 1.1 CSV: RFC 4180 with CRLF, plain lexical values, quoted only when needed."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(variables)
    writer.writerows([_csv_term(t) for t in row] for row in rows)
    if cut is not None:
        writer.writerow(_marker_row(variables, cut, f"{CSV_MARKER}{cut}"))
    return out.getvalue().encode("utf-8")


def solutions_tsv(variables: Sequence[str], rows: Sequence[Row], cut: int | None = None) -> bytes:
    """SPARQL 1.1 TSV: ``?var`` header, every term in its N-Triples/Turtle form."""
    seen: dict[Term, str] = {}

    def term_text(t: Term | None) -> str:
        if t is None:
            return ""
        text = seen.get(t)
        if text is None:
            text = seen[t] = str(t)
        return text

    lines = ["\t".join(f"?{v}" for v in variables)]
    lines.extend("\t".join(term_text(t) for t in row) for row in rows)
    if cut is not None:
        lines.append("\t".join(_marker_row(variables, cut, str(ox.Literal(f"{CSV_MARKER}{cut}")))))
    return ("\n".join(lines) + "\n").encode("utf-8")


SOLUTION_WRITERS = {
    "json": solutions_json,
    "xml": solutions_xml,
    "csv": solutions_csv,
    "tsv": solutions_tsv,
}


def boolean_csv(value: bool) -> bytes:
    return f"_askResult\r\n{'true' if value else 'false'}\r\n".encode()


def boolean_tsv(value: bool) -> bytes:
    return f"?_askResult\n{'true' if value else 'false'}\n".encode()


BOOLEAN_WRITERS = {"json": boolean_json, "xml": boolean_xml, "csv": boolean_csv, "tsv": boolean_tsv}
