"""Document control: the cover names the versions, the date, who the report is for and by, and its status
(--status draft|final); the HTML prints "Confidential", the status and page numbers on every page; its source
addresses are links that keep the Content-Security-Policy intact."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT

ANSWERS = str(EXAMPLES / "eu-marketing-hr.yaml")
DATE = "2026-11-27"
README = (ROOT / "README.md").read_text(encoding="utf-8")


def report(cli, *args: str) -> str:
    run = cli("recommend", ANSWERS, "--date", DATE, *args)
    assert run.code == 0, run.err
    return run.out


@pytest.mark.parametrize("status", ["draft", "final"])
def test_the_cover_shows_versions_date_who_and_the_status(cli, status):
    html = report(cli, "-f", "html", "--status", status, "--consultant", "Acme Consulting")
    cover = html[html.index('<header class="cover">') : html.index("</header>")]
    control = cover[cover.index('id="document-control"') :]
    for label, value in (
        ("Prepared for", "Nordwerk Maschinenbau GmbH"),
        ("Prepared by", "Acme Consulting"),
        ("Date", "27 November 2026"),
        ("Version", "advisor 0.1.0, catalog 2026.11.1"),
        ("Status", status.capitalize()),
    ):
        assert re.search(rf"<dt>{label}</dt><dd>[^<]*{re.escape(value)}", control), label
    md = report(cli, "--status", status)
    head = md.split("## 1.")[0]
    assert f"- Status: {status.capitalize()}" in head and "confidential" in head
    assert "- Version: advisor 0.1.0, catalog 2026.11.1" in head and "- Date: 27 November 2026" in head
    assert json.loads(report(cli, "-f", "json", "--status", status))["status"] == status


def test_the_status_is_draft_unless_told(cli):
    assert "- Status: Draft" in report(cli)


@pytest.mark.parametrize("command", ["recommend", "batch"])
def test_a_status_other_than_draft_or_final_is_a_usage_error(cli, tmp_path: Path, command):
    args = [ANSWERS, "--status", "done"] + (["--out-dir", str(tmp_path)] if command == "batch" else [])
    run = cli(command, *args)
    assert run.code == 2 and "--status" in run.err


def test_batch_writes_the_status_it_is_given(cli, tmp_path: Path):
    run = cli("batch", ANSWERS, "--out-dir", str(tmp_path), "--date", DATE, "--status", "final")
    assert run.code == 0, run.err
    assert "- Status: Final" in (tmp_path / "eu-marketing-hr.md").read_text(encoding="utf-8")


def test_every_printed_page_says_confidential_with_the_status_and_the_page_number(cli):
    html = report(cli, "-f", "html", "--status", "final")
    page_rule = html[html.index("@page {") : html.index("</style>")]
    assert "counter(page)" in page_rule and "counter(pages)" in page_rule
    margin = re.search(r'@bottom-left \{ content: "([^"]*)"', page_rule)
    assert margin is not None
    spoken = re.sub(r"\\([0-9a-f]{6})", lambda m: chr(int(m.group(1), 16)), margin.group(1))
    assert spoken.startswith("Confidential · Final · Nordwerk")
    assert "@page :first" not in html  # the cover's page too
    # where margin boxes are not drawn (Firefox), a fixed element repeats on each printed page; hidden on
    # screen, and in Chromium, which draws the margin boxes and would put the fixed element over the text
    assert '<div class="running" aria-hidden="true">Confidential · Final · Nordwerk Maschinenbau GmbH</div>' in html
    assert ".running { display: none; }" in html
    assert re.search(r"@media print \{[^@]*\.running \{ display: none; position: fixed;", html, flags=re.S)
    assert "@supports (-moz-appearance: none) { .running { display: block; } }" in html


def test_source_addresses_are_links_that_open_without_a_referrer(cli):
    html = report(cli, "-f", "html")
    sources = re.findall(r'<td class="sources">(.*?)</td>', html, flags=re.S)
    assert sources
    links = re.findall(r"<a [^>]*>", "".join(sources))
    assert links and all(re.fullmatch(r'<a href="https://[^"]+" rel="noopener noreferrer">', a) for a in links)
    addresses = re.findall(r"(?<![\">])https://[^\s<·]+", "".join(sources))
    assert addresses == [], "an address that is not a link"
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)
    assert csp is not None and csp.group(1) == "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def test_the_readme_documents_the_status_option():
    commands = README.split("## Commands")[1].split("##")[0]
    assert commands.count("[--status draft|final]") == 2
