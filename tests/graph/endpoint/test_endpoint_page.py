"""The web page as a person uses it, in headless Chromium (Debian's): every example tab runs as
shipped, the Documents tab starts with loaded documents, a cut answer shows a banner, the UN is
named as the source."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.endpoint_support import Server, running_server, write_fictional_trig
from tipkg.queries.catalogue import named_queries

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
]

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is in the dev extra")
pytestmark = pytest.mark.skipif(
    not os.access(CHROMIUM, os.X_OK), reason="Debian's chromium is missing: run .ci/install-chromium"
)


@pytest.fixture(scope="module")
def data_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_fictional_trig(tmp_path_factory.mktemp("page") / "data.trig")


@pytest.fixture(scope="module")
def server(data_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with running_server(["--file", str(data_file)], tmp_path_factory.mktemp("log")) as s:
        yield s


@pytest.fixture(scope="module")
def browser() -> Iterator[sync_api.Browser]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield b
        finally:
            b.close()


def open_page(browser: sync_api.Browser, url: str) -> tuple[sync_api.Page, list[str]]:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(url + "/", wait_until="networkidle")
    page.wait_for_selector(".CodeMirror", timeout=15_000)
    return page, errors


def run_active_tab(page: sync_api.Page) -> str:
    """Press the run button of the active tab; the text of its response chip (or its error)."""
    page.locator(".tabPanel.active .yasqe_queryButton").first.click()
    page.wait_for_function(
        """() => { const p = document.querySelector('.tabPanel.active');
                   const chip = p && p.querySelector('.yasr_response_chip');
                   return (chip && chip.textContent.trim()) || (p && p.querySelector('.errorHeader')); }""",
        timeout=30_000,
    )
    panel = page.locator(".tabPanel.active")
    if panel.locator(".errorHeader").count():
        return "ERROR " + panel.locator(".yasr").inner_text()
    return panel.locator(".yasr_response_chip").inner_text()


def test_every_example_tab_runs_as_shipped(server: Server, browser: sync_api.Browser, tmp_path: Path) -> None:
    page, errors = open_page(browser, server.url)
    names = sorted(named_queries())
    chips: dict[str, str] = {}
    texts: dict[str, str] = {}
    for name in names:
        page.locator(".tabsList .tab", has_text=name).first.click()
        page.wait_for_selector(".tabPanel.active .CodeMirror")
        texts[name] = page.evaluate("() => window.tipkgYasgui.getTab().getYasqe().getValue()")
        chips[name] = run_active_tab(page)
    page.screenshot(path=str(tmp_path / "tabs.png"), full_page=True)
    page.close()
    assert errors == []
    assert not [n for n, chip in chips.items() if chip.startswith("ERROR")], chips
    for name in names:
        q = named_queries()[name]
        bound = [p for p in q.params if p.type != "relations"]
        for p in bound:  # the example's value is bound, with a comment on how to change it
            assert f"VALUES ?{p.name} {{" in texts[name], texts[name]
        if bound:
            assert "put another value in VALUES" in texts[name]
    # the examples find something in this data: the ancestors of the newest fictional resolution
    assert "result" in chips["instruments-ranked"].lower()


def test_documents_tab_starts_with_loaded_documents(server: Server, browser: sync_api.Browser) -> None:
    page, errors = open_page(browser, server.url)
    run_active_tab(page)
    page.wait_for_selector(".tabPanel.active .yasr table tbody tr")
    rows = page.locator(".tabPanel.active .yasr table tbody tr").all_inner_texts()
    page.close()
    assert errors == []
    assert "A/RES/99/1" in rows[0] and "2099-12-01" in rows[0], rows
    assert len(rows) == 3 and all("A/RES/9" in r for r in rows), rows  # the stubs (UNTOC …) are not listed


def test_the_source_is_named(server: Server) -> None:
    page = httpx.get(server.url + "/").text
    assert "Source: United Nations" in page


def test_a_cut_answer_shows_a_banner(data_file: Path, browser: sync_api.Browser, tmp_path: Path) -> None:
    with running_server(["--file", str(data_file), "--max-rows", "2"], tmp_path) as s:
        page, errors = open_page(browser, s.url)
        banner = page.locator("#cut-banner")
        run_active_tab(page)  # Documents: 3 rows, cut at 2
        page.wait_for_selector("#cut-banner:not([hidden])", timeout=10_000)
        text = banner.inner_text()
        page.screenshot(path=str(tmp_path / "banner.png"), full_page=True)
        page.locator(".tabPanel.active .CodeMirror").first.click()
        page.keyboard.press("Control+A")
        page.keyboard.press("Delete")
        page.keyboard.type("SELECT ?s WHERE { ?s a <https://w3id.org/tipkg/ontology#Resolution> } LIMIT 1")
        run_active_tab(page)
        page.wait_for_selector("#cut-banner[hidden]", state="attached", timeout=10_000)
        page.close()
    assert errors == []
    assert "limit of 2 rows" in text and "Not the whole answer" in text
