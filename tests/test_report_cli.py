"""Branding, user templates in the sandbox, safe output, the date, and the report's JSON Schema."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT

EU = str(EXAMPLES / "eu-marketing-hr.yaml")
DATE = ("--date", "2026-11-27")
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 16


def test_branding_appears_on_the_cover_and_in_the_footer(cli, tmp_path):
    logo = tmp_path / "logo.png"
    logo.write_bytes(PNG)
    run = cli(
        "recommend",
        EU,
        *DATE,
        "-f",
        "html",
        "--client",
        "Nordwerk AG",
        "--consultant",
        "Acme Consulting",
        "--logo",
        str(logo),
    )
    assert run.code == 0, run.err
    assert '<h1 class="client">Nordwerk AG</h1>' in run.out
    assert "Prepared by Acme Consulting" in run.out
    assert 'src="data:image/png;base64,iVBORw0KGgo' in run.out
    md = cli("recommend", EU, *DATE, "--client", "Nordwerk AG", "--consultant", "Acme Consulting")
    assert md.out.startswith("# LLM stack recommendation for Nordwerk AG\n")
    assert "Prepared by Acme Consulting for Nordwerk AG." in md.out
    data = json.loads(cli("recommend", EU, *DATE, "-f", "json", "--client", "Nordwerk AG").out)
    assert data["branding"] == {"client": "Nordwerk AG", "consultant": None, "logo": None}


@pytest.mark.parametrize(
    ("flag", "value", "expected"),
    [
        ("--client", "", "--client: empty; give a name"),
        ("--client", "\x1b[31mRed Ltd", "--client: contains U+001B"),
        ("--consultant", "Acme\u202eAG", "--consultant: contains U+202E (RIGHT-TO-LEFT OVERRIDE)"),
        ("--consultant", "C" * 500, "--consultant: 500 characters; a name of at most 200 is shown"),
    ],
)
def test_client_and_consultant_names_follow_the_rules_of_names_in_the_answers(cli, tmp_path, flag, value, expected):
    out = tmp_path / "report.md"
    run = cli("recommend", EU, *DATE, flag, value, "-o", str(out))
    assert run.code == 1 and expected in run.err and not out.exists()


@pytest.mark.parametrize("name, content, media", [("a.png", PNG, "image/png"), ("b.jpg", JPEG, "image/jpeg")])
def test_png_and_jpeg_logos_are_recognised_by_their_content(tmp_path, name, content, media):
    from advisor.report.branding import load_logo

    path = tmp_path / name
    path.write_bytes(content)
    assert load_logo(path).media_type == media


@pytest.mark.parametrize(
    "name, content, expected",
    [
        ("logo.png", b"GIF89a not a png", "not a PNG, JPEG or SVG image"),
        ("logo.svg", b"<html><body>no svg</body></html>", "not a PNG, JPEG or SVG image"),
        ("missing.png", None, "no such file"),
    ],
)
def test_a_bad_logo_is_an_error_naming_the_file_and_what_would_be_right(cli, tmp_path, name, content, expected):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    out = tmp_path / "report.html"
    run = cli("recommend", EU, *DATE, "-f", "html", "--logo", str(path), "-o", str(out))
    assert run.code == 1 and "Traceback" not in run.err
    assert str(path) in run.err and expected in run.err and "PNG, JPEG or SVG" in run.err
    assert not out.exists()


def test_a_user_template_extends_the_shipped_one_and_overrides_a_block(cli, tmp_path):
    (tmp_path / "report.html.j2").write_text(
        '{% extends "default:report.html.j2" %}{% block footer %}<footer>Our own footer for {{ r.branding.client }}'
        "</footer>{% endblock %}"
    )
    (tmp_path / "report.md.j2").write_text(
        '{% extends "default:report.md.j2" %}{% block title %}# Bespoke title{% endblock %}'
    )
    html = cli("recommend", EU, *DATE, "-f", "html", "--templates", str(tmp_path), "--client", "<C&D>")
    assert html.code == 0, html.err
    assert "<footer>Our own footer for &lt;C&amp;D&gt;</footer>" in html.out  # still autoescaped
    assert "Executive summary" in html.out  # the rest comes from the shipped template
    md = cli("recommend", EU, *DATE, "--templates", str(tmp_path))
    assert md.out.startswith("# Bespoke title\n") and "## 1. Executive summary" in md.out


def test_a_user_template_can_override_a_shipped_include(cli, tmp_path):
    (tmp_path / "report.css").write_text("body { color: #123456; }")
    run = cli("recommend", EU, *DATE, "-f", "html", "--templates", str(tmp_path))
    assert run.code == 0 and "body { color: #123456; }" in run.out and "--navy" not in run.out


def test_user_templates_run_in_the_sandbox(cli, tmp_path):
    (tmp_path / "report.md.j2").write_text("{{ r.__class__.__mro__[1].__subclasses__() }}")
    out = tmp_path / "out" / "report.md"
    run = cli("recommend", EU, *DATE, "--templates", str(tmp_path), "-o", str(out))
    assert run.code == 1 and "Traceback" not in run.err
    assert "report.md.j2" in run.err and "sandbox" in run.err
    assert not out.exists()


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ('{{ "x" * 10**9 }}', "a value of more than"),
        ("{{ [1] * 10**9 }}", "a value of more than"),
        ("{{ 9 ** 100000000 }}", "a power above 1000 is refused"),
        # a format field's width makes the value before anything can count it
        ('{{ "%999999999d" % 1 }}', "a format field wider than 10,000 characters"),
        ('{{ "%999999999d"|format(1) }}', "a format field wider than 10,000 characters"),
        ('{{ "%*d" % (999999999, 1) }}', "or sized by an argument, is refused"),
        ('{{ "%' + "9" * 5000 + 'd" % 1 }}', "a format field wider than 10,000 characters"),
        ('{{ "{0:>999999999}".format(1) }}', "a format field wider than 10,000 characters"),
        ('{{ "{0:>{1}}".format(1, 999999999) }}', "or sized by an argument, is refused"),
        ('{{ "{a:>999999999}".format_map({"a": 1}) }}', "a format field wider than 10,000 characters"),
    ],
)
def test_a_template_that_would_make_a_huge_value_is_refused_at_once(cli, tmp_path, template, expected):
    (tmp_path / "report.md.j2").write_text(template)
    run = cli("recommend", EU, *DATE, "--templates", str(tmp_path))
    assert run.code == 1 and "Traceback" not in run.err
    assert "report.md.j2:1" in run.err and expected in run.err


def test_ordinary_format_strings_still_work_in_a_user_template(cli, tmp_path):
    (tmp_path / "report.md.j2").write_text(
        '{{ "%5.2f|%-4s|%d%%"|format(3.14159, "ab", 50) }} {{ "{0:>4}|{1:.1f}".format("x", 2.25) }} {{ "%03d" % 7 }}'
    )
    run = cli("recommend", EU, *DATE, "--templates", str(tmp_path))
    assert run.code == 0 and run.out == "3.14|ab  |50%    x|2.2 007\n"  # (a Markdown report is stripped)


@pytest.mark.skipif(not Path("/proc/self/statm").exists(), reason="the memory cap needs Linux")
def test_a_template_that_needs_too_much_memory_is_refused_at_once(cli, tmp_path):
    (tmp_path / "report.md.j2").write_text('{{ "x".ljust(999999999) }}')
    run = cli("recommend", EU, *DATE, "--templates", str(tmp_path))
    assert run.code == 1 and "report.md.j2: the template needed more than 512 MiB of memory" in run.err


def test_a_user_template_that_is_not_utf8_is_named(cli, tmp_path):
    (tmp_path / "report.md.j2").write_text('{% include "part.j2" %}')
    (tmp_path / "part.j2").write_bytes(b"ok \xff\xfe")
    run = cli("recommend", EU, *DATE, "--templates", str(tmp_path))
    assert run.code == 1 and f"{tmp_path / 'part.j2'}: is not UTF-8 text (byte 3)" in run.err


def test_a_runaway_template_is_stopped_by_size_and_by_time(cli, tmp_path, monkeypatch):
    from advisor.report import templating

    monkeypatch.setattr(templating, "MAX_OUTPUT", 10_000)
    (tmp_path / "report.md.j2").write_text("{% for i in range(100000) %}{{ i }}{% endfor %}")
    run = cli("recommend", EU, *DATE, "--templates", str(tmp_path))
    assert run.code == 1 and "the report passed 10,000 characters" in run.err
    monkeypatch.setattr(templating, "MAX_SECONDS", 1)
    (tmp_path / "report.md.j2").write_text(
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
    )
    run = cli("recommend", EU, *DATE, "--templates", str(tmp_path))
    assert run.code == 1 and "ran longer than 1 s" in run.err and "Traceback" not in run.err


def test_an_undefined_name_in_a_template_is_an_error_with_its_place(cli, tmp_path):
    (tmp_path / "report.md.j2").write_text("line one\n{{ r.no_such_key }}\n")
    run = cli("recommend", EU, *DATE, "--templates", str(tmp_path))
    assert run.code == 1 and "Traceback" not in run.err
    assert "report.md.j2:2" in run.err and "no_such_key" in run.err


def test_a_template_syntax_error_names_file_and_line(cli, tmp_path):
    (tmp_path / "report.md.j2").write_text("ok\n{% if %}\n")
    run = cli("recommend", EU, *DATE, "--templates", str(tmp_path))
    assert run.code == 1 and "report.md.j2:2" in run.err and "syntax" in run.err


def test_a_missing_templates_folder_is_an_error(cli, tmp_path):
    run = cli("recommend", EU, *DATE, "--templates", str(tmp_path / "nope"))
    assert run.code == 1 and "nope" in run.err and "folder" in run.err


def test_a_failed_render_leaves_nothing_behind_and_keeps_an_existing_report(cli, tmp_path):
    (tmp_path / "tpl").mkdir()
    (tmp_path / "tpl" / "report.md.j2").write_text("{{ 1 / 0 }}")
    out = tmp_path / "report.md"
    out.write_text("the previous report")
    run = cli("recommend", EU, *DATE, "--templates", str(tmp_path / "tpl"), "-o", str(out))
    assert run.code == 1 and "ZeroDivisionError" in run.err and "Traceback" not in run.err
    assert out.read_text() == "the previous report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.md", "tpl"]


@pytest.mark.parametrize("fmt", ["md", "html", "json"])
def test_reports_go_to_stdout_without_o_and_to_new_folders_with_it(cli, tmp_path, fmt):
    out = tmp_path / "a" / "b" / f"report.{fmt}"
    to_file = cli("recommend", EU, *DATE, "-f", fmt, "-o", str(out))
    assert to_file.code == 0 and to_file.out == ""
    to_stdout = cli("recommend", EU, *DATE, "-f", fmt)
    assert out.read_text(encoding="utf-8") == to_stdout.out
    assert [p.name for p in out.parent.iterdir()] == [f"report.{fmt}"]


def test_source_date_epoch_fixes_the_date(cli, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795780800")  # 2026-11-27 12:00 UTC
    from_env = cli("recommend", EU, "-f", "html")
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert from_env.out == cli("recommend", EU, "-f", "html", *DATE).out
    assert "27 November 2026" in from_env.out


def test_every_format_renders_and_repeats_byte_for_byte(cli):
    from advisor.report.render import ReportFormat

    for fmt in ReportFormat:
        first = cli("recommend", EU, *DATE, "-f", fmt.value)
        assert first.code == 0 and first.out
        assert cli("recommend", EU, *DATE, "-f", fmt.value).out == first.out


def test_an_unknown_format_names_the_choices(cli):
    run = cli("recommend", EU, *DATE, "-f", "pdf")
    assert run.code == 2 and "md, html, json" in run.err


def test_report_schema_is_a_json_schema_that_the_report_follows(cli):
    run = cli("report", "schema")
    assert run.code == 0
    schema = json.loads(run.out)
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert {"schema_version", "stack", "totals", "warnings", "narrative"} <= set(schema["properties"])
    from advisor.report.schema import report_validator

    report = json.loads(cli("recommend", EU, *DATE, "-f", "json", "--consultant", "C").out)
    report_validator().validate_python(report)


def test_a_use_case_with_no_passing_option_still_renders_in_every_format(cli, tmp_path):
    from advisor.report.schema import report_validator

    answers = tmp_path / "clinic.yaml"
    answers.write_text(
        (EXAMPLES / "clinic-regulated.yaml").read_text() + "constraints:\n  exclude_providers: [scaleway]\n"
    )
    md = cli("recommend", str(answers), *DATE)
    assert md.code == 0, md.err
    assert "#### No option passes" in md.out and "none passes" in md.out
    html = cli("recommend", str(answers), *DATE, "-f", "html")
    assert html.code == 0 and "No option passes" in html.out
    report_validator().validate_python(json.loads(cli("recommend", str(answers), *DATE, "-f", "json").out))


def test_the_readme_documents_reports_and_the_regenerate_command():
    text = (ROOT / "README.md").read_text()
    assert "## Reports" in text and "advisor batch" in text
    assert "python scripts/regen_golden.py" in (ROOT / "CONTRIBUTING.md").read_text()


def test_logo_too_large_is_refused(tmp_path: Path):
    from advisor.errors import AdvisorError
    from advisor.report.branding import MAX_LOGO_BYTES, load_logo

    big = tmp_path / "big.png"
    big.write_bytes(PNG + b"\x00" * MAX_LOGO_BYTES)
    with pytest.raises(AdvisorError, match="at most"):
        load_logo(big)
