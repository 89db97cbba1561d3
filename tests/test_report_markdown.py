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
        "## 6. Avoiding lock-in",
        "## 7. Roadmap",
        "## 8. Appendix: assumptions, exclusions and catalog provenance",
        "## 9. Method",
        "## 10. Glossary",
    ]
    assert "| Use case | Model | Vendor | Weights | Deployment | Region | Monthly cost | Why |" in text
    for sub in (
        "#### Why Claude Sonnet 5.5 won",
        "#### The alternatives and the gap",
        "**Fallback:**",
        "### Risk register",
        "### Costs over time",
        "### Options excluded",
        "#### How robust the choice is",
        "### EU AI Act",
        "### Licences",
        "### Data residency",
        "### Pilot: weeks 1-6",
        "### Catalog provenance",
    ):
        assert sub in text
