"""The web page at /: YASGUI from the package, driven end to end in headless Chromium (Debian's).

Every request that leaves loopback is aborted and recorded, so the test also proves the page needs
no CDN. The screenshot lands in the pytest temporary directory.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from tests.endpoint_support import Server, running_server, write_fictional_trig

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is in the dev extra")
pytestmark = pytest.mark.skipif(
    not os.access(CHROMIUM, os.X_OK), reason="Debian's chromium is missing: run .ci/install-chromium"
)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    data = write_fictional_trig(tmp_path_factory.mktemp("page") / "data.trig")
    with running_server(["--file", str(data)], tmp_path_factory.mktemp("log")) as s:
        yield s


def test_static_files_are_served(server: Server) -> None:
    page = httpx.get(server.url + "/")
    assert page.status_code == 200 and "static/yasgui/yasgui.min.js" in page.text
    js = httpx.get(server.url + "/static/yasgui/yasgui.min.js")
    assert js.status_code == 200 and len(js.content) > 500_000
    assert httpx.get(server.url + "/static/yasgui/yasgui.min.css").status_code == 200
    assert "MIT" in httpx.get(server.url + "/static/yasgui/LICENSE").text
    examples = httpx.get(server.url + "/examples.json").json()
    assert examples["prefixes"]["tip"] == "https://w3id.org/tipkg/ontology#"
    assert {"ancestors", "instruments-ranked"} <= {q["name"] for q in examples["queries"]}


def test_type_a_query_run_it_see_the_rows(server: Server, tmp_path: Path) -> None:
    outside: list[str] = []

    def route(r: sync_api.Route) -> None:
        host = urlsplit(r.request.url).hostname or ""
        if host in ("127.0.0.1", "localhost", "::1") or r.request.url.startswith(("data:", "blob:")):
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.route("**/*", route)
            errors: list[str] = []
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.goto(server.url + "/", wait_until="networkidle")
            page.wait_for_selector(".CodeMirror", timeout=15_000)
            tabs = page.locator(".tabsList .tab").all_inner_texts()
            assert any("ancestors" in t for t in tabs), tabs
            assert any("instruments-ranked" in t for t in tabs), tabs

            query = (
                "PREFIX dcterms: <http://purl.org/dc/terms/>\n"
                "SELECT DISTINCT ?symbol WHERE { ?doc dcterms:identifier ?symbol } ORDER BY ?symbol"
            )
            # type into the editor as a person would: focus it, select all, type
            page.locator(".tabPanel.active .CodeMirror").first.click()
            page.keyboard.press("Control+A")
            page.keyboard.press("Delete")
            page.keyboard.type(query)
            page.locator(".tabPanel.active .yasqe_queryButton").first.click()
            page.wait_for_selector(".tabPanel.active .yasr table tbody tr", timeout=20_000)
            cells = page.locator(".tabPanel.active .yasr table tbody td").all_inner_texts()
            shot = tmp_path / "yasgui.png"
            page.screenshot(path=str(shot), full_page=True)
        finally:
            browser.close()
    assert shot.stat().st_size > 10_000
    text = " ".join(cells)
    for symbol in ("A/RES/97/1", "A/RES/98/1", "A/RES/99/1"):
        assert symbol in text, text
    assert outside == [], f"the page tried to leave loopback: {outside}"
    assert errors == []
