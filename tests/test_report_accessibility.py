"""Accessibility of the HTML report, read with an HTML parser: every table has a caption and every header
cell a scope; heading numbers are spoken apart from the heading's words; every chart is a figure named by
its caption."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from conftest import ROOT

GOLDEN = ROOT / "tests" / "golden"
HTML_REPORTS = sorted(GOLDEN.glob("*.html"))


class Outline(HTMLParser):
    """The elements the checks need: tables and their first child, header cells, headings' text, figures."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, dict[str, str | None]]] = []
        self.tables: list[list[str]] = []  # the tags directly inside each table, in order
        self.th: list[dict[str, str | None]] = []
        self.headings: list[str] = []
        self.figures: list[dict[str, object]] = []
        self.ids: dict[str, str] = {}
        self._heading: list[str] | None = None
        self._caption: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids[str(a["id"])] = tag
        if self.stack and self.stack[-1][0] == "table":
            self.tables[-1].append(tag)
        if tag == "table":
            self.tables.append([])
        elif tag == "th":
            self.th.append(a)
        elif tag in ("h2", "h3") and self._heading is None:
            self._heading = []
        elif tag == "figure":
            self.figures.append({"attrs": a, "svg": False, "caption_id": None})
        elif tag == "svg" and self.stack and any(t == "figure" for t, _ in self.stack):
            self.figures[-1]["svg"] = True
        elif tag == "figcaption":
            self.figures[-1]["caption_id"] = a.get("id")
        if tag not in ("meta", "img", "br", "link", "line", "rect", "path", "circle"):
            self.stack.append((tag, a))

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            top, _ = self.stack.pop()
            if top == tag:
                break
        if tag in ("h2", "h3") and self._heading is not None:
            self.headings.append("".join(self._heading))
            self._heading = None

    def handle_data(self, data: str) -> None:
        if self._heading is not None:
            self._heading.append(data)


@pytest.fixture(scope="module", params=HTML_REPORTS, ids=lambda p: p.stem)
def outline(request) -> Outline:
    parser = Outline()
    parser.feed(request.param.read_text(encoding="utf-8"))
    return parser


def test_every_table_starts_with_a_caption(outline):
    assert outline.tables
    for table in outline.tables:
        assert table[:1] == ["caption"], table


def test_every_header_cell_has_a_scope(outline):
    assert outline.th
    assert all(th.get("scope") in ("col", "row", "colgroup", "rowgroup") for th in outline.th)


def test_heading_numbers_are_spoken_apart_from_the_words(outline):
    numbered = [h for h in outline.headings if re.match(r"\s*\d", h)]
    assert len(numbered) >= 10
    for heading in numbered:
        assert re.match(r"\s*\d+(\.\d+)*\.? \S", heading), heading  # "1. Executive summary", not "1Executive"


def test_every_chart_is_a_figure_named_by_its_caption(outline):
    charts = [f for f in outline.figures if f["svg"]]
    assert len(charts) >= 3
    for figure in charts:
        caption = figure["caption_id"]
        assert caption and outline.ids.get(str(caption)) == "figcaption"
        assert figure["attrs"].get("aria-labelledby") == caption  # type: ignore[union-attr]
