"""bench_scale.py's output: the table of each size, the summary table, and the issue's targets met
or not, with the figure behind each."""

from __future__ import annotations

import math
import os
from typing import Any

from scale_figures import Fig, ratio, ratio_text

TARGET_FLAT = 1.5
TARGET_SPEEDUP = 10.0
TARGET_BV_SECONDS = 60.0
TARGET_P95_MS = 50.0
TARGET_SPEEDUP_SIZE = 10_000
TARGET_P95_SIZE = 100_000

Json = dict[str, Any]


def _or_dash(value: object) -> str:
    return "-" if value is None else str(value)


def _cpu_line(cpu: Json, wall: float) -> str:
    """The build's CPU seconds against its wall time: near the core count, only less work is faster."""
    own, workers = cpu["user"] + cpu["sys"], cpu["children_user"] + cpu["children_sys"]
    return (
        f"build CPU (with validate): {own + workers:,.1f} s over {wall:,.1f} s of wall time, "
        f"{(own + workers) / wall:.2f} of {os.cpu_count()} cores busy; the build process {own:,.1f} s "
        f"(user {cpu['user']:,.1f}, sys {cpu['sys']:,.1f}: store loads and compaction, cross-document checks), "
        f"the parse workers {workers:,.1f} s (user {cpu['children_user']:,.1f}, sys {cpu['children_sys']:,.1f}: "
        "parsing, N-Quads, per-source checks)"
    )


def _table(header: list[str], rows: list[list[str]], left: int = 1) -> str:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        return "  ".join(
            c.ljust(w) if i < left else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        )

    return "\n".join([line(header), "  ".join("-" * w for w in widths), *(line(r) for r in rows)])


def _per_doc(fig: Fig, docs: int) -> Fig:
    if not fig.known or not docs or fig.value is None:
        return Fig(None, status=fig.status)
    return Fig(1000 * fig.value / docs, fig.bound)


def per_size_table(r: Json, smallest: Json) -> str:
    n, docs, small_docs = r["size"], r["documents"], smallest["documents"]
    tf, bf, sf = r["tipkg_figs"], r["baseline_figs"], smallest["tipkg_figs"]
    rows: list[list[str]] = []

    def per_doc_cols(key: str) -> list[str]:
        here, there = _per_doc(tf[key], docs), _per_doc(sf[key], small_docs)
        flat = "-" if not (here.known and there.known and there.value) else f"{here.value / there.value:.2f}"  # type: ignore[operator]
        return [here.text("").strip() if here.known else "-", flat]

    for key, label in (
        ("build", "build (parse+emit+store)"),
        ("validate", "validate"),
        ("build+validate", "build+validate"),
    ):
        rows.append([label, tf[key].text(), bf[key].text(), ratio_text(bf[key], tf[key]), *per_doc_cols(key)])
    subset: list[str] = []
    for name in ("ancestors", "descendants"):
        q = r["queries"][name]
        partial = 0 < q["tipkg_on_baseline_roots"]["count"] < q["tipkg"]["count"]
        for p in ("p50", "p95", "max"):
            t, b, tc = q["tipkg"][p], q["baseline"][p], q["tipkg_on_baseline_roots"][p]
            text = ratio_text(b, tc)
            rows.append(
                [
                    f"{name} {p}",
                    t.text("ms"),
                    b.text("ms"),
                    text + ("*" if partial and text != "-" else ""),
                    "",
                    "",
                ]
            )
        if partial:
            on = q["tipkg_on_baseline_roots"]
            subset.append(
                f"* {name}: ratios over the {on['count']} queries the baseline answered or had cut at the timeout"
                f" (tipkg on those: p50 {on['p50'].text('ms')}, p95 {on['p95'].text('ms')}, max {on['max'].text('ms')})"
            )
        if name == "ancestors":
            c = r["cold"]
            rows.append(
                [
                    "ancestors cold (1st)",
                    c["tipkg"].text("ms"),
                    c["baseline"].text("ms"),
                    ratio_text(c["baseline"], c["tipkg"]),
                    "",
                    "",
                ]
            )
    for key, label in (("export_gexf", "export GEXF"), ("export_nq", "export N-Quads")):
        rows.append([label, tf[key].text(), bf[key].text(), ratio_text(bf[key], tf[key]), *per_doc_cols(key)])
    pt, pb = r["peak_build"]["tipkg"], r["peak_build"]["baseline"]
    rows.append(["peak MiB (build+validate)", pt.text(""), pb.text(""), ratio_text(pb, pt), "", ""])
    out = [
        f"== {n:,} documents: {docs:,} loaded ({r['load_errors'] or 0} load errors), {r['quads']:,} quads in the store"
        + (f"; baseline {r['baseline_quads']:,} quads" if r.get("baseline_quads") else ""),
        _table(
            ["step", "tipkg", "baseline", "baseline/tipkg", "tipkg ms/doc", f"vs {smallest['size']:,}"], rows
        ),
    ]
    out.extend(subset)
    b = tf["build"]
    if b.known and b.value:
        out.append(f"build: {docs / b.value:,.1f} documents/s, {r['quads'] / b.value:,.0f} triples/s (tipkg)")
    if r.get("checks_in_workers_s") is not None:
        out.append(
            f"per-source checks: {r['checks_in_workers_s']:,.1f} s in the parse workers, alongside the parsing"
            " (inside tipkg's build time)"
        )
    cpu, wall = r.get("build_cpu_s"), r.get("build_wall_s")
    if cpu and wall:
        out.append(_cpu_line(cpu, wall))
    if bf["load"].known and bf["load"].value and r.get("baseline_documents"):
        out.append(
            f"baseline load: {r['baseline_documents'] / bf['load'].value:,.1f} documents/s, "
            f"{(r.get('baseline_quads') or 0) / bf['load'].value:,.0f} triples/s"
        )
    for name in ("ancestors", "descendants"):
        for side in ("tipkg", "baseline"):
            q = r["queries"][name][side]
            if q["cut"] or q["failed"]:
                out.append(
                    f"{side} {name}: {q['cut']} of {q['count']} queries cut at the timeout, {q['failed']} failed"
                )
    qa = r["query_answers"]
    if qa["compared"]:
        out.append(
            f"answers: {qa['compared']} {'query' if qa['compared'] == 1 else 'queries'} answered on both sides,"
            f" row counts differ on {qa['row_counts_differ']}"
            + ("" if qa["same_roots"] else " (roots differ!)")
        )
    v = r["violations"]
    if v["tipkg"] is not None or v["baseline"] is not None:
        out.append(f"violations: tipkg {_or_dash(v['tipkg'])}, baseline (pyshacl) {_or_dash(v['baseline'])}")
    notes: list[str] = []
    for side, figs in (("tipkg", tf), ("baseline", bf)):
        for key, fig in figs.items():
            if fig.status == "ok" or key == "build+validate" or (side == "baseline" and key == "build"):
                continue
            last = fig.note.strip().splitlines()[-1] if fig.note.strip() else ""
            notes.append(f"  {side} {key}: {fig.status}{': ' + last if last else ''}")
    if notes:
        out.append("notes:")
        out.extend(notes)
    return "\n".join(out)


def flat_ratio(r: Json, smallest: Json) -> float | None:
    here = _per_doc(r["tipkg_figs"]["build+validate"], r["documents"])
    there = _per_doc(smallest["tipkg_figs"]["build+validate"], smallest["documents"])
    if not (here.known and there.known and there.value and here.bound == "="):
        return None
    assert here.value is not None
    return here.value / there.value


def summary_table(results: list[Json]) -> str:
    smallest = results[0]
    rows = []
    for r in results:
        tf, bf, docs = r["tipkg_figs"], r["baseline_figs"], r["documents"]
        b, bv = tf["build"], tf["build+validate"]
        flat = flat_ratio(r, smallest)
        rows.append(
            [
                f"{r['size']:,}",
                f"{docs:,}",
                tf["build"].text(""),
                tf["validate"].text(""),
                bv.text(""),
                f"{docs / b.value:,.1f}" if b.known and b.value else "-",
                f"{r['quads'] / b.value:,.0f}" if b.known and b.value else "-",
                r["peak"]["tipkg"].text(""),
                _per_doc(bv, docs).text("").strip() if bv.known else "-",
                "-" if flat is None else f"{flat:.2f}",
                bf["build+validate"].text(""),
                ratio_text(bf["build+validate"], bv),
                r["queries"]["ancestors"]["tipkg"]["p50"].text(""),
                r["queries"]["ancestors"]["tipkg"]["p95"].text(""),
                r["queries"]["descendants"]["tipkg"]["p95"].text(""),
                tf["export_gexf"].text(""),
                tf["export_nq"].text(""),
            ]
        )
    header = [
        "size", "docs", "build s", "valid. s", "b+v s", "docs/s", "triples/s", "peak MiB", "ms/doc",
        f"vs {smallest['size']:,}", "base b+v s", "speed-up", "anc p50", "anc p95", "desc p95", "gexf s", "nq s",
    ]  # fmt: skip
    return "== summary (tipkg; times in s, queries in ms)\n" + _table(header, rows)


def targets(results: list[Json]) -> list[Json]:
    """The issue's three targets, each met / not met / not measured, with the figure."""
    out: list[Json] = []
    smallest, largest = results[0], results[-1]
    flats = [(r["size"], flat_ratio(r, smallest)) for r in results[1:]]
    if not flats:
        out.append({"target": "flat per-document cost", "status": "not measured", "text": "one size only"})
    else:
        known = [(s, f) for s, f in flats if f is not None]
        worst = max(known, key=lambda sf: sf[1]) if known else None
        span = f"{smallest['size']:,} to {largest['size']:,}"
        if worst is None or len(known) < len(flats):
            out.append(
                {
                    "target": "flat per-document cost",
                    "status": "not measured",
                    "text": f"missing figures ({span})",
                }
            )
        else:
            met = worst[1] <= TARGET_FLAT
            out.append(
                {
                    "target": "flat per-document cost",
                    "status": "met" if met else "not met",
                    "value": worst[1],
                    "text": f"build+validate ms/doc at {worst[0]:,} is {worst[1]:.2f}x that at {smallest['size']:,} "
                    f"(target <= {TARGET_FLAT}x; measured {span}, the issue asks 1,000 to 100,000)",
                }
            )
    at = {r["size"]: r for r in results}
    r10 = at.get(TARGET_SPEEDUP_SIZE)
    if r10 is None:
        out.append(_size_absent(f"build+validate at {TARGET_SPEEDUP_SIZE:,}", TARGET_SPEEDUP_SIZE))
    else:
        bv, base = r10["tipkg_figs"]["build+validate"], r10["baseline_figs"]["build+validate"]
        fast = bv.known and bv.bound == "=" and bv.value is not None and bv.value < TARGET_BV_SECONDS
        r, kind = ratio(base, bv)
        if r is None:
            pred = base.predicted
            speed = (
                "not measured (baseline "
                + (f"skipped, predicted {pred:,.0f} s" if pred else base.status)
                + ")"
            )
            speed_ok: bool | None = None
        else:
            speed = f"{'>= ' if kind == '>=' else '<= ' if kind == '<=' else ''}{r:.1f}x (target >= {TARGET_SPEEDUP:.0f}x)"
            speed_ok = r >= TARGET_SPEEDUP if kind in ("=", ">=") else (False if r < TARGET_SPEEDUP else None)
        status = "not met" if not fast or speed_ok is False else "met" if speed_ok else "not measured"
        out.append(
            {
                "target": f"build+validate at {TARGET_SPEEDUP_SIZE:,}",
                "status": status,
                "value": bv.value,
                "speed_up": r,
                "text": f"{bv.text()} (target < {TARGET_BV_SECONDS:.0f} s: {'met' if fast else 'not met'}); speed-up {speed}",
            }
        )
    r100 = at.get(TARGET_P95_SIZE)
    if r100 is None:
        out.append(_size_absent(f"ancestors p95 at {TARGET_P95_SIZE:,}", TARGET_P95_SIZE))
    else:
        p95: Fig = r100["queries"]["ancestors"]["tipkg"]["p95"]
        met95 = p95.known and p95.bound == "=" and p95.value is not None and p95.value < TARGET_P95_MS
        out.append(
            {
                "target": f"ancestors p95 at {TARGET_P95_SIZE:,}",
                "status": "met" if met95 else "not met" if p95.known else "not measured",
                "value": p95.value,
                "text": f"{p95.text('ms')} (target < {TARGET_P95_MS:.0f} ms)",
            }
        )
    return out


def _size_absent(target: str, size: int) -> Json:
    return {"target": target, "status": "not measured", "text": f"{size:,} is not among the sizes"}


def jsonable(obj: Any) -> Any:
    if isinstance(obj, Fig):
        return obj.json()
    if isinstance(obj, dict):
        return {str(k): jsonable(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [jsonable(v) for v in obj]
    if isinstance(obj, float) and not math.isfinite(obj):
        return None
    return obj
