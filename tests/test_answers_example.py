"""`advisor answers example`: the shipped examples, so that the README's examples work after `pipx install .`."""

from __future__ import annotations

from conftest import EXAMPLES


def test_without_a_name_it_lists_every_example_with_what_it_is_in_80_columns(cli):
    run = cli("answers", "example")
    assert run.code == 0 and run.err == ""
    names = sorted(p.stem for p in EXAMPLES.glob("*.yaml"))
    listed = [line.split()[0] for line in run.out.splitlines() if not line.startswith(" ")]
    assert listed == names
    assert "An EU manufacturer" in run.out
    assert max(map(len, run.out.splitlines())) <= 80


def test_a_name_prints_the_example_as_shipped(cli):
    for path in EXAMPLES.glob("*.yaml"):
        for name in (path.stem, path.name):
            run = cli("answers", "example", name)
            assert run.code == 0 and run.out == path.read_text(encoding="utf-8"), name


def test_the_printed_example_gives_the_examples_report(cli, tmp_path):
    answers = tmp_path / "answers.yaml"
    answers.write_text(cli("answers", "example", "eu-marketing-hr").out)
    mine = cli("recommend", str(answers), "--date", "2026-11-27", "-f", "json")
    shipped = cli("recommend", str(EXAMPLES / "eu-marketing-hr.yaml"), "--date", "2026-11-27", "-f", "json")
    assert mine.code == 0 and mine.out == shipped.out


def test_an_unknown_name_is_a_usage_error_that_names_the_examples(cli):
    run = cli("answers", "example", "eu-marketing")
    assert run.code == 2
    assert "eu-marketing-hr" in run.err and "clinic-regulated" in run.err
