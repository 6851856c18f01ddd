"""The registry loader on the new fields: names in other languages, States, dated counts, annual
days, the forms of a source, and every error as a LoadError with its file and line (collected by
``check_registry`` instead of raised)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tipkg.loaders.errors import LoadError
from tipkg.loaders.registry.check import check_registry
from tipkg.loaders.registry.load import load_registry, load_registry_file
from tipkg.loaders.registry.model import Registry

SRC = "https://example.org/x"
STATE = f"""\
states:
  - key: XYZ
    type: MemberState
    label: Republic of Example
    aliases:
      - Example
      - the Republic of Example  # as a vote list writes it
    source: {SRC}
    labels:
      fr: {{value: "République d'Exemple", source: {SRC}}}
    facts:
      iso_alpha2: {{value: "XY", source: {SRC}}}
      iso_alpha3: {{value: "XYZ", source: {SRC}}}
      m49: {{value: "999", source: {SRC}}}
      admitted: {{value: 1960-09-20, source: {SRC}}}
"""
INSTRUMENT = f"""\
instruments:
  - key: X-CONV
    type: Compact
    label: Example Compact
    source: {SRC}
    labels:
      es:
        - {{value: "Pacto de Ejemplo", source: {SRC}}}
        - {{value: "Pacto Ejemplar", source: {SRC}}}
    facts:
      adopted: {{value: 2001-02-03, source: {SRC}}}
      depositary: {{value: Secretary-General of the United Nations, source: {SRC}}}
      organization: {{value: Council of Europe, source: {SRC}}}
      parties:
        - {{value: 12, as_of: 2020-05, source: {SRC}}}
        - {{value: 0, as_of: 2002, source: {SRC}}}
"""
EVENT = f"""\
events:
  - key: X-DAY
    type: Event
    label: International Day of Examples
    source: "github:owner/repo/data/days.csv@{"a" * 40}"
    facts:
      observed_on: {{value: 02-29, source: {SRC}}}
      established_by: {{value: A/RES/68/192, source: "corpus/resolutions/A_RES_64_293.txt line 3"}}
"""
BODY = f"""\
bodies:
  - key: X-BODY
    type: OrganizationalUnit
    label: Example Board
    source: {SRC}
    facts:
      established: {{value: 1990, source: {SRC}}}
      dissolved: {{value: 2010-12-31, source: {SRC}}}
"""


def _write(tmp_path: Path, text: str, name: str = "mine.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _load(tmp_path: Path, text: str) -> Registry:
    return load_registry([_write(tmp_path, text)])


def _error(tmp_path: Path, text: str) -> LoadError:
    with pytest.raises(LoadError) as info:
        _load(tmp_path, text)
    assert info.value.path.name == "mine.yaml"
    return info.value


def test_a_state_loads_with_its_codes_and_names(tmp_path: Path) -> None:
    reg = _load(tmp_path, STATE)
    xyz = reg.entries["XYZ"]
    assert (xyz.kind, xyz.type) == ("state", "MemberState")
    assert {(f.name, f.value) for f in xyz.facts} >= {("iso_alpha2", "XY"), ("m49", "999")}
    assert [(x.language, x.value, x.preferred) for x in xyz.labels] == [("fr", "République d'Exemple", True)]
    assert reg.state("REPUBLIC OF EXAMPLE") is xyz


def test_states_are_not_linked_in_text(tmp_path: Path) -> None:
    reg = _load(tmp_path, STATE)
    assert reg.find_all("Example and the Republic of Example") == []
    assert reg.aliases() == []


def test_new_instrument_facts_and_alternative_labels(tmp_path: Path) -> None:
    reg = _load(tmp_path, INSTRUMENT)
    x = reg.entries["X-CONV"]
    assert x.type == "Compact"
    assert [(f.value, f.as_of) for f in x.facts_named("parties")] == [(12, "2020-05"), (0, "2002")]
    assert x.fact("depositary").value == "Secretary-General of the United Nations"  # type: ignore[union-attr]
    assert [x.preferred for x in x.labels] == [True, False]


def test_annual_day_and_repository_source(tmp_path: Path) -> None:
    reg = _load(tmp_path, EVENT)
    day = reg.entries["X-DAY"]
    assert day.fact("observed_on").value == "02-29"  # type: ignore[union-attr]
    assert day.fact("established_by").is_document()  # type: ignore[union-attr]
    assert day.sources == ("github:owner/repo/data/days.csv@" + "a" * 40,)


def test_body_dates(tmp_path: Path) -> None:
    body = _load(tmp_path, BODY).entries["X-BODY"]
    assert [f.value for f in body.facts] == ["1990", "2010-12-31"]


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        (STATE.replace('"XY"', '"xy"'), 12, "not a code"),
        (STATE.replace('"999"', '"99"'), 14, "not a code"),
        (STATE.replace('value: "XYZ"', 'value: "XYW"'), 2, "is not the iso_alpha3 code"),
        (STATE.replace("MemberState", "Territory"), 2, "unknown state type"),
        (STATE.replace("admitted:", "observer_since:"), 15, "applies only to ObserverState"),
        (STATE.replace("fr: {", "de: {"), 10, "label language 'de'"),
        (
            STATE.replace(f'fr: {{value: "République d\'Exemple", source: {SRC}}}', 'fr: {value: "X"}'),
            10,
            "has no source",
        ),
        (INSTRUMENT.replace(", as_of: 2020-05", ""), 15, "has no as_of"),
        (INSTRUMENT.replace("as_of: 2020-05", "as_of: May 2020"), 15, "bad date"),
        (INSTRUMENT.replace("value: 12,", "value: twelve,"), 15, "whole number"),
        (
            INSTRUMENT.replace("depositary: {value", "depositary: {as_of: 2001, value"),
            12,
            "unknown field(s) as_of",
        ),
        (INSTRUMENT.replace("adopted: {value: 2001-02-03", "entry_into_force: {value: 1999-01-01"), 11, ""),
        (EVENT.replace("02-29", "02-30"), 7, "bad day"),
        (EVENT.replace("02-29", "2-9"), 7, "bad day"),
        (EVENT.replace("A/RES/68/192", "29 C/Resolution 40"), 8, "not a UN document symbol"),
        (BODY.replace("2010-12-31", "1989"), 8, "dissolved 1989 before established 1990"),
        (
            BODY.replace(f"source: {SRC}\n    facts", "source: a web page\n    facts"),
            5,
            "source of the entry",
        ),
        (EVENT.replace("@" + "a" * 40, "@main"), 5, "repository file at a commit"),
        ("states:\n  - key: FR\n", 2, "without 'type'"),
    ],
)
def test_malformed_entries_name_file_and_line(tmp_path: Path, text: str, line: int, reason: str) -> None:
    if "entry_into_force: {value: 1999" in text:
        text = text.replace(
            "      depositary", "      adopted: {value: 2001-02-03, source: " + SRC + "}\n      depositary"
        )
        line, reason = 11, "before adopted"
    err = _error(tmp_path, text)
    assert err.line == line, err
    assert reason in err.reason, err


def test_a_name_shared_by_a_state_and_a_body_is_refused(tmp_path: Path) -> None:
    text = STATE + BODY.replace("bodies:\n", "bodies:\n").replace("label: Example Board", "label: Example")
    err = _error(tmp_path, text)
    assert "also a name of XYZ" in err.reason


def test_a_label_shared_in_one_language_is_refused(tmp_path: Path) -> None:
    body = BODY.replace(
        "    facts:", f'    labels:\n      fr: {{value: "république d\'exemple", source: {SRC}}}\n    facts:'
    )
    err = _error(tmp_path, STATE + body)
    assert "(fr)" in err.reason and "also a name of XYZ" in err.reason


def test_check_collects_every_problem_with_its_line(tmp_path: Path) -> None:
    text = (
        INSTRUMENT.replace("value: 12,", "value: twelve,")
        + EVENT.replace("events:\n", "events:\n").replace("02-29", "13-01")
        + BODY.replace("2010-12-31", "1989")
    )
    problems = check_registry([_write(tmp_path, text)])
    assert [(p.line, p.path.name) for p in problems] == [
        (15, "mine.yaml"),
        (23, "mine.yaml"),
        (32, "mine.yaml"),
    ]


def test_check_reads_across_files_and_the_corpus(tmp_path: Path, corpus_dir: Path) -> None:
    a = _write(tmp_path, BODY, "a.yaml")
    b = _write(
        tmp_path,
        EVENT.replace("X-DAY", "Y-DAY")
        .replace("International Day of Examples", "Other day")
        .replace("line 3", "")
        + "      organizer: {value: X-BODY, source: corpus/unxml/nowhere.xml#container_1}\n",
        "b.yaml",
    )
    assert load_registry([a, b]).entries["Y-DAY"].fact("organizer").value == "X-BODY"  # type: ignore[union-attr]
    problems = check_registry([a, b], corpus=corpus_dir)
    assert len(problems) == 1 and "names no file" in problems[0].reason and problems[0].line == 9


def test_check_finds_a_missing_element_of_an_akn_source(tmp_path: Path, corpus_dir: Path) -> None:
    akn = next((corpus_dir / "unxml" / "GAresolutions" / "78session" / "English").glob("*.xml"))
    rel = akn.relative_to(corpus_dir)
    good = BODY.replace(f"source: {SRC}\n    facts", f"source: corpus/{rel}#formula_1\n    facts")
    assert check_registry([_write(tmp_path, good)], corpus=corpus_dir) == []
    bad = good.replace("#formula_1", " no_such_eId")
    (problem,) = check_registry([_write(tmp_path, bad)], corpus=corpus_dir)
    assert "no element with eId 'no_such_eId'" in problem.reason


def test_user_file_refers_to_the_shipped_states(tmp_path: Path) -> None:
    """A user's registry file is read against the shipped one: its names may not be a State's."""
    text = BODY.replace("label: Example Board", "label: France")
    with pytest.raises(LoadError) as info:
        load_registry_file(_write(tmp_path, text))
    assert "also a name of FRA" in info.value.reason
