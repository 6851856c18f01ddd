"""Parse time per document with the whole registry against the registry the project started with.

    python bench/bench_registry.py [--corpus ../shared/corpus/unxml] [--every 12] [--rounds 3]

The registry grew from 58 entries (27 instruments, 27 bodies, 4 events: SEED below) to the UN
system, ~95 instruments, ~45 events and the States; its names are linked in every paragraph. Both
registries parse the same sample of English Akoma Ntoso files (every ``--every``-th, sorted) with
``load_source`` and ``emit_nquads``, as a build's worker does; the median of ``--rounds`` passes is
printed per document, with the ratio whole / seed, and what the paragraphs gained: registry
mentions and names the registry does not know.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from tipkg.loaders.emit import emit_nquads
from tipkg.loaders.registry.load import load_registry
from tipkg.loaders.registry.model import Registry
from tipkg.loaders.sources.dispatch import load_source

HERE = Path(__file__).resolve().parent
#: The registry's entries before the UN system was added (docs/data-model.md's first registry).
SEED = [
    "UNTOC",
    "TIP-PROTOCOL",
    "SOM-PROTOCOL",
    "FIREARMS-PROTOCOL",
    "CONV-1949",
    "SLAVERY-CONV-1926",
    "SUPP-SLAVERY-CONV-1956",
    "CRC",
    "OPSC",
    "CEDAW",
    "OP-CEDAW",
    "ICCPR",
    "ICESCR",
    "UDHR",
    "UN-CHARTER",
    "ILO-C29",
    "ILO-C182",
    "ILO-P29",
    "UNCAC",
    "MILLENNIUM-DECLARATION",
    "AGENDA-2030",
    "GLOBAL-PLAN-OF-ACTION",
    "POLITICAL-DECLARATION-2017",
    "CAT",
    "DEVAW",
    "WORLD-SUMMIT-OUTCOME-2005",
    "RECOMMENDED-PRINCIPLES-GUIDELINES-HR-TIP",
    "GA",
    "GA-THIRD-COMMITTEE",
    "ECOSOC",
    "SC",
    "HRC",
    "CHR",
    "CSW",
    "CCPCJ",
    "UNODC",
    "UNODC-ED",
    "ICAT",
    "COP-UNTOC",
    "WG-TIP",
    "SR-TIP",
    "SG",
    "UN-GIFT",
    "WG-SLAVERY",
    "TRUST-FUND-TIP",
    "IOM",
    "ILO",
    "UNHCR",
    "OHCHR",
    "UNICEF",
    "UN-WOMEN",
    "SRSG-SVC",
    "TOE-ROL-SVC",
    "UN-CPCJ-PROGRAMME",
    "VIENNA-FORUM-2008",
    "GA-THEMATIC-DEBATE-2008",
    "GA-INTERACTIVE-DIALOGUE-2009",
    "WG-TIP-MEETING-2009",
]


def seed_registry(whole: Registry) -> Registry:
    """The whole registry's entries of the seed's keys (their names as they are now)."""
    return Registry([whole.entries[k] for k in SEED if k in whole], whole.files)


def run(files: list[Path], registry: Registry) -> tuple[float, int, int]:
    """Seconds for the sample, registry mentions and unregistered names in its paragraphs."""
    start = time.perf_counter()
    mentions = names = 0
    for f in files:
        doc = load_source(f, registry=registry)
        emit_nquads(doc)
        for p in doc.all_paragraphs():
            mentions += len(p.mentions)
            names += len(p.unregistered)
    return time.perf_counter() - start, mentions, names


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=HERE.parents[1] / "shared" / "corpus" / "unxml")
    ap.add_argument("--every", type=int, default=12, help="take every n-th English file (sorted)")
    ap.add_argument("--rounds", type=int, default=3, help="passes per registry; the median is printed")
    args = ap.parse_args()

    files = sorted(p for p in args.corpus.rglob("*.xml") if "English" in p.parts)[:: args.every]
    whole = load_registry()
    seed = seed_registry(whole)
    rows = []
    for label, reg in (
        ("seed registry (58 entries)", seed),
        (f"whole registry ({len(whole)} entries)", whole),
    ):
        t = time.perf_counter()
        reg.linker.candidates("")
        compile_s = time.perf_counter() - t
        run(files[:3], reg)  # warm-up: phrase scheme, caches
        times, counts = [], (0, 0)
        for _ in range(args.rounds):
            seconds, *c = run(files, reg)
            times.append(seconds)
            counts = (c[0], c[1])
        per_doc = 1000 * statistics.median(times) / len(files)
        rows.append((label, per_doc, compile_s, *counts))
    print(f"{len(files)} English AKN files, median of {args.rounds} passes")
    print(f"{'':30} {'ms/doc':>8} {'linker compile s':>17} {'mentions':>9} {'unregistered':>13}")
    for label, per_doc, compile_s, mentions, names in rows:
        print(f"{label:30} {per_doc:8.1f} {compile_s:17.2f} {mentions:9,} {names:13,}")
    print(f"ratio whole / seed: {rows[1][1] / rows[0][1]:.2f}x per document")


if __name__ == "__main__":
    main()
