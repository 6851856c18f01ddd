"""SPARQL results serialisers that work on a capped list of solutions.

pyoxigraph serialises only a whole ``QuerySolutions`` iterator, which cannot be truncated, so the
endpoint writes JSON, XML, CSV and TSV itself (the tests compare them with pyoxigraph's output).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

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


def solutions_json(variables: Sequence[str], rows: Sequence[Row]) -> bytes:
    bindings = [
        {v: _json_term(t) for v, t in zip(variables, row, strict=True) if t is not None} for row in rows
    ]
    doc = {"head": {"vars": list(variables)}, "results": {"bindings": bindings}}
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


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


def solutions_xml(variables: Sequence[str], rows: Sequence[Row]) -> bytes:
    out = io.StringIO()
    out.write(f'<?xml version="1.0"?>\n<sparql xmlns="{_RESULTS_NS}"><head>')
    out.write("".join(f"<variable name={quoteattr(v)}/>" for v in variables))
    out.write("</head><results>")
    for row in rows:
        out.write("<result>")
        for v, t in zip(variables, row, strict=True):
            if t is not None:
                out.write(f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>")
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


def solutions_csv(variables: Sequence[str], rows: Sequence[Row]) -> bytes:
    """SPARQL 1.1 CSV: RFC 4180 with CRLF, plain lexical values, quoted only when needed."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(variables)
    for row in rows:
        writer.writerow([_csv_term(t) for t in row])
    return out.getvalue().encode("utf-8")


def solutions_tsv(variables: Sequence[str], rows: Sequence[Row]) -> bytes:
    """SPARQL 1.1 TSV: ``?var`` header, every term in its N-Triples/Turtle form."""
    lines = ["\t".join(f"?{v}" for v in variables)]
    lines.extend("\t".join("" if t is None else str(t) for t in row) for row in rows)
    return ("\n".join(lines) + "\n").encode("utf-8")


SOLUTION_WRITERS = {
    "json": solutions_json,
    "xml": solutions_xml,
    "csv": solutions_csv,
    "tsv": solutions_tsv,
}
BOOLEAN_WRITERS = {"json": boolean_json, "xml": boolean_xml}
