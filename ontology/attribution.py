"""The acknowledgement the United Nations asks of anyone using its Akoma Ntoso files.

The AKN4UN files (``shared/corpus/unxml``) are unofficial copies of the UN's adopted texts, whose terms
of use require that "the user must acknowledge the United Nations as the source of the information".
tipkg says so wherever it shows or publishes what it read from them: on each such source in the graph
(``dcterms:rights``), on the endpoint's web page, in the network exports, and with the texts the CLI
and the Python API give.
"""

from __future__ import annotations

#: the note, in English (the page and the exports also give it in the language asked for)
UN_SOURCE_NOTE = (
    "Source of the Akoma Ntoso texts: United Nations (machine-readable resolutions published by the"
    " UN Department for General Assembly and Conference Management, UNxml); unofficial copies,"
    " provided without warranty."
)
#: the source formats whose texts the note covers (``Document.source_format``)
AKN_FORMATS = frozenset({"akn"})


def needs_note(source_format: str | None) -> bool:
    """Whether a source read in ``source_format`` is one of the UN's AKN files."""
    return source_format in AKN_FORMATS
