"""The shipped registry (loaders/registry/data): the UN system, instruments, events and States, every
fact sourced and checked, and the State names of the UN's own vote and sponsor lists resolved."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from tipkg.loaders.registry.check import check_registry
from tipkg.loaders.registry.load import default_paths, load_registry
from tipkg.loaders.registry.model import LANGUAGES, Registry

DATA = Path(__file__).resolve().parents[3] / "loaders" / "registry" / "data"


@pytest.fixture(scope="module")
def registry() -> Registry:
    return load_registry()


def test_the_files(registry: Registry) -> None:
    assert [p.name for p in default_paths()] == [
        "bodies.yaml",
        "events.yaml",
        "instruments.yaml",
        "states.yaml",
    ]
    assert [f.stem for f in registry.files] == ["bodies", "events", "instruments", "states"]


def test_sizes(registry: Registry) -> None:
    assert len(registry.of_kind("body")) >= 150
    assert len(registry.of_kind("instrument")) >= 80
    assert len(registry.of_kind("event")) >= 30
    states = registry.of_kind("state")
    assert sum(s.type == "MemberState" for s in states) == 193
    assert {s.key for s in states if s.type == "ObserverState"} == {"VAT", "PSE"}


def test_the_registry_checks_clean(corpus_dir: Path) -> None:
    """Keys unique, no name shared, dates well formed, sources present and found in the corpus."""
    assert check_registry(corpus=corpus_dir) == []


def test_the_un_system_is_there(registry: Registry) -> None:
    wanted = {
        # treaty bodies, the High Commissioner, Security Council committees, Secretariat departments,
        # funds and programmes, the Third Committee, the Global Protection Cluster, special procedures
        "CEDAW-COMMITTEE", "CRC-COMMITTEE", "HR-COMMITTEE", "CMW", "HC-HR", "CTC", "SC-1267-COMMITTEE",
        "DPPA", "DPO", "DESA", "UNDP", "UNFPA", "GA-THIRD-COMMITTEE", "GPC", "SR-SLAVERY", "SR-MIGRANTS",
        "FAO", "UNESCO", "ECA", "ESCAP",
    }  # fmt: skip
    assert wanted <= set(registry.entries)
    parent = {e.key: e.fact("sub_organization_of") for e in registry.of_kind("body")}
    assert parent["CTC"].value == "SC"  # type: ignore[union-attr]
    assert parent["ESCAP"].value == "ECOSOC"  # type: ignore[union-attr]
    members_of_icat = [k for k in ("UNODC", "IOM", "ILO", "UNHCR", "OHCHR", "UNICEF", "UN-WOMEN", "UNDP")]
    assert all(k in registry for k in members_of_icat)


def test_new_facts_read(registry: Registry) -> None:
    untoc = registry.entries["UNTOC"]
    assert {(f.value, f.as_of) for f in untoc.facts_named("parties")} >= {(192, "2024-05-04")}
    assert untoc.fact("depositary").value == "Secretary-General of the United Nations"  # type: ignore[union-attr]
    day = registry.entries["WORLD-DAY-TIP"]
    assert day.fact("observed_on").value == "07-30"  # type: ignore[union-attr]
    assert day.fact("established_by").value == "A/RES/68/192"  # type: ignore[union-attr]
    assert registry.entries["COE-TIP-CONV"].fact("organization").value == "Council of Europe"  # type: ignore[union-attr]
    assert {
        registry.entries[k].type for k in ("GCM", "UNGP-BHR", "EU-TIP-DIRECTIVE-2011", "ROME-STATUTE")
    } == {
        "Compact",
        "Principles",
        "Directive",
        "Statute",
    }
    assert registry.entries["FRA"].fact("m49").value == "250"  # type: ignore[union-attr]


def test_labels_in_other_languages(registry: Registry) -> None:
    ga = registry.entries["GA"]
    assert {x.language: x.value for x in ga.labels} == {
        "fr": "Assemblée générale",
        "es": "Asamblea General",
        "ru": "Генеральная Ассамблея",
        "zh": "大会",
        "ar": "الجمعية العامة",
    }
    assert all(x.language in LANGUAGES for e in registry for x in e.labels)
    assert all(
        len(e.labels) == 5 for e in registry.of_kind("state") if e.key not in ("MKD", "TUR", "NLD", "SWZ")
    )


def _spellings() -> list[tuple[str, str, str]]:
    """(spelling, key, note) of states-spellings.tsv, its \\uXXXX escapes read back."""
    rows = []
    lines = (line for line in (DATA / "states-spellings.tsv").read_text(encoding="utf-8").splitlines())
    for row in csv.reader((x for x in lines if not x.startswith("#")), delimiter="\t"):
        if row and row[0] != "spelling":
            spelling = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), row[0])
            rows.append((spelling, row[1], row[4] if len(row) > 4 else ""))
    return rows


def test_every_clean_spelling_of_the_un_lists_names_its_state(registry: Registry) -> None:
    """Each spelling the vote and sponsor lists use for one State resolves to it; misspellings and
    halves of names split over two entries (the table's notes say which) are left unresolved."""
    checked = 0
    for spelling, key, note in _spellings():
        if key == "-" or "+" in key:
            continue
        got = registry.state(spelling)
        if any(
            w in note for w in ("misspelling", "half", "tail of", "truncated", "stray", "encoding", "empty")
        ):
            assert got is None or got.key == key, (spelling, got)
        elif not note or note.startswith(("on behalf of", "in its capacity")):
            assert got is not None and got.key == key, (spelling, key)
            checked += 1
    assert checked > 250


def test_state_names_as_the_lists_write_them(registry: Registry) -> None:
    def key(name: str) -> str | None:
        found = registry.state(name)
        return found.key if found else None

    assert key("CÔTE D'IVOIRE") == key("Côte d’Ivoire") == key("CO\u0302TE D'IVOIRE") == "CIV"
    assert key("the Netherlands (Kingdom of the)") == "NLD"
    assert key("NETHERLANDS\u00a0(KINGDOM OF THE)") == "NLD"
    assert (
        key(
            "Cuba (on behalf of the States Members of the United Nations that are members of the Group of 77 and China)"
        )
        == "CUB"
    )
    assert (
        key(
            "GUINEA, ON BEHALF OF THE STATES MEMBERS OF THE UNITED NATIONS THAT ARE MEMBERS OF THE GROUP OF 77"
        )
        == "GIN"
    )
    assert (
        key("Egypt (in its capacity as Chair of the Committee on the Peaceful Uses of Outer Space)") == "EGY"
    )
    assert key("Holy See") == "VAT" and key("State of Palestine") == "PSE"
    assert key("Türkiye") == key("Turkey") == "TUR"
    assert key("Allemagne") == "DEU"  # its French label
    assert key("Atlantis") is None and key("") is None


def test_no_alias_links_inside_a_document_symbol(registry: Registry) -> None:
    text = "UNEP/EA.5/Res.2, JIU/REP/2019/6 and E/2018/38-E/ECA/CM/51/5; but UNEP and JIU themselves"
    assert [(m.entry.key, m.surface) for m in registry.find_all(text)] == [("UNEP", "UNEP"), ("JIU", "JIU")]


def test_the_2021_political_declaration_on_hiv_is_not_the_trafficking_one(registry: Registry) -> None:
    """A generic alias removed in review: every "2021 Political Declaration" of the corpus is on HIV/AIDS."""
    text = (
        "the 2021 Political Declaration on HIV and AIDS: Ending Inequalities and Getting on Track to End AIDS"
    )
    assert [m.entry.key for m in registry.find_all(text)] == []
    full = "the 2021 Political Declaration on the Implementation of the United Nations Global Plan of Action"
    assert "POLITICAL-DECLARATION-2021" not in {m.entry.key for m in registry.find_all(full[:40])}
