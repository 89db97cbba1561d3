"""The Markdown report: clean under PyMarkdown's linter, and tables that survive any name."""

from __future__ import annotations

import re

import pytest
from conftest import EXAMPLES, ROOT

GOLDEN = ROOT / "tests" / "golden"

# Rules switched off, and why:
# - md013 (line length): table rows and paragraphs are one line each, which is how Markdown keeps them intact.
# - md026 (trailing punctuation in headings): headings carry the client's and the use cases' own names,
#   which may end in punctuation ("Parcelly Inc.").
# md024 (duplicate headings) stays on with siblings_only: each use case has the same sub-headings.
DISABLED_RULES = ("md013", "md026")


def lint(text: str) -> list[str]:
    from pymarkdown.api import PyMarkdownApi

    api = PyMarkdownApi().set_boolean_property("plugins.md024.siblings_only", True)
    for rule in DISABLED_RULES:
        api = api.disable_rule_by_identifier(rule)
    result = api.scan_string(text)
    return [
        f"line {f.line_number}: {f.rule_id} {f.rule_description} {f.extra_error_information}"
        for f in result.scan_failures
    ]


def table_rows(text: str) -> list[list[str]]:
    """Each table as its rows' cell counts: pipes not escaped by a backslash split cells."""
    tables, current = [], []
    for line in text.splitlines():
        if line.startswith("|"):
            current.append(len(re.findall(r"(?<!\\)\|", line)))
        elif current:
            tables.append(current)
            current = []
    if current:
        tables.append(current)
    return tables


@pytest.mark.parametrize("path", sorted(GOLDEN.glob("*.md")), ids=lambda p: p.stem)
def test_golden_markdown_is_lint_clean(path):
    assert lint(path.read_text(encoding="utf-8")) == []


def test_names_with_pipes_newlines_and_markup_keep_tables_intact_and_lint_clean(cli, tmp_path):
    answers = tmp_path / "answers.yaml"
    text = (EXAMPLES / "eu-marketing-hr.yaml").read_text()
    text = text.replace(
        "name: Nordwerk Maschinenbau GmbH", 'name: "A | B <b>Co</b> *x* _y_ [z](http://e.example) Inc."'
    )
    text = text.replace("name: Marketing content", 'name: "Pipe | in name `c` # h"')
    text = text.replace("name: HR document review", 'name: "HR \\\\| review with https://example.com/a_b"')
    answers.write_text(text)
    run = cli("recommend", str(answers), "--date", "2026-11-27", "--consultant", "X | Y")
    assert run.code == 0, run.err
    assert lint(run.out) == []
    for table in table_rows(run.out):
        assert len(set(table)) == 1, table  # every row has as many cells as the header
    assert "| Pipe \\| in name \\`c\\` \\# h |" in run.out
    assert "<b>" not in run.out and "<https://example.com/a_b>" in run.out


def test_markdown_has_every_section_a_client_reads():
    text = (GOLDEN / "eu-marketing-hr.md").read_text(encoding="utf-8")
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings == [
        "## 1. Executive summary",
        "## 2. The recommended stack",
        "## 3. Use case by use case",
        "## 4. Costs against the budget",
        "## 5. Risks and compliance",
        "## 6. Roadmap",
        "## 7. Appendix: the detail behind the advice",
        "## 8. Method",
        "## 9. Glossary",
    ]
    assert "| Use case | Model | Deployment | Monthly cost | Per unit of work | Fallback |" in text
    assert "| Option | Model and deployment per use case | Monthly cost | Quality fit |" in text
    for sub in (
        "#### Why Claude Sonnet 5.5 won",
        "**Fallback:**",
        "**Robustness: ",
        "### Risk register",
        "### Costs over time",
        "### The alternatives compared",
        "### Options excluded",
        "### EU AI Act",
        "### Licences",
        "### Data residency",
        "### Avoiding lock-in",
        "### Pilot: weeks 1-6",
        "### Roadmap steps",
        "### Catalog provenance",
    ):
        assert sub in text


def test_markdown_and_html_carry_the_same_sections_in_the_same_order():
    """The Markdown report reads as the HTML one does: the same chapters and sections, in the same order (the
    HTML's charts are tables or sentences in Markdown)."""
    md = (GOLDEN / "eu-marketing-hr.md").read_text(encoding="utf-8")
    html = (GOLDEN / "eu-marketing-hr.html").read_text(encoding="utf-8")
    md_headings = [re.sub(r"^#+ ", "", line) for line in md.splitlines() if re.match(r"#{2,3} ", line)]
    html_headings = [
        re.sub(r"<[^>]+>", "", h).replace("&amp;", "&").strip()
        for h in re.findall(r"<h[23][^>]*>(.*?)</h[23]>", html[html.index("<main>") :])
    ]
    html_headings = [re.sub(r"^(\d+(?:\.\d+)?)\.? ?", r"\1 ", h) if h[:1].isdigit() else h for h in html_headings]
    md_headings = [re.sub(r"^(\d+(?:\.\d+)?)\.? ", r"\1 ", h) if h[:1].isdigit() else h for h in md_headings]
    # the HTML's appendix draws the cost-over-volume charts that Markdown gives as sentences in section 4
    html_headings = [h for h in html_headings if h != "Costs over volume"]
    roadmap_phases = [h for h in md_headings if h.startswith(("Pilot:", "Production:", "Review:"))]
    md_headings = [h for h in md_headings if h not in roadmap_phases]
    assert md_headings == html_headings
