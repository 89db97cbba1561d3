"""Reading answers: the file, --set, stdin, the schema and the template; bad input gets clear lines."""

from __future__ import annotations

import json

import yaml
from conftest import EXAMPLES

GOOD = (EXAMPLES / "eu-marketing-hr.yaml").read_text()


def test_broken_answers_file_gets_one_line_per_problem(cli, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        GOOD.replace("expertise: some", "expertise: lots")
        .replace("monthly: 3000", "monthly: -5")
        .replace("kind: document_analysis", "kind: document_analysys")
        .replace("  currency: EUR", "  currency: EUR\n  curency: EUR")
    )
    run = cli("recommend", str(bad))
    assert run.code == 1
    assert "Traceback" not in run.err
    assert str(bad) in run.err
    lines = [line for line in run.err.splitlines() if line.strip().startswith("- ")]
    assert any(line.strip().startswith("- expertise:") and "'none', 'some' or 'strong'" in line for line in lines)
    assert any("budget.monthly" in line and "greater than or equal to 0" in line for line in lines)
    assert any("budget.curency: unknown key; did you mean 'currency'?" in line for line in lines)
    assert run.out == ""


def test_unknown_use_case_kind_suggests_the_right_one(cli, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(GOOD.replace("kind: document_analysis", "kind: document_analysys"))
    run = cli("answers", "check", str(bad))
    assert run.code == 1
    assert "use_cases.1.kind: unknown use-case kind 'document_analysys'; did you mean 'document_analysis'?" in run.err


def test_set_overrides_fields_and_list_items(cli):
    run = cli(
        "recommend",
        str(EXAMPLES / "eu-marketing-hr.yaml"),
        "-f",
        "json",
        "--date",
        "2026-11-27",
        "--set",
        "budget.monthly=500",
        "--set",
        "use_cases.1.requests_per_month=10",
        "--set",
        "priorities=[cost, quality]",
    )
    assert run.code == 0, run.err
    answers = json.loads(run.out)["answers"]
    assert answers["budget"]["monthly"] == 500
    assert answers["use_cases"][1]["requests_per_month"] == 10
    assert answers["priorities"] == ["cost", "quality"]


def test_set_is_validated_like_the_file(cli):
    run = cli("recommend", str(EXAMPLES / "eu-marketing-hr.yaml"), "--set", "use_cases.5.kind=analytics")
    assert run.code == 1 and "no item 5; the list has 2 item(s)" in run.err
    for index, expected in (
        ("²", "'use_cases.²' is a list; use an index such as use_cases.0"),
        ("9" * 5000, "(5,000 digits)"),
    ):
        run = cli("recommend", str(EXAMPLES / "eu-marketing-hr.yaml"), "--set", f"use_cases.{index}.name=x")
        assert run.code == 1 and expected in run.err and "Traceback" not in run.err
    run = cli("recommend", str(EXAMPLES / "eu-marketing-hr.yaml"), "--set", "budget.monthly=lots")
    assert run.code == 1 and "budget.monthly" in run.err
    run = cli("recommend", str(EXAMPLES / "eu-marketing-hr.yaml"), "--set", "budget.monthly")
    assert run.code == 2 and "expected PATH=VALUE" in run.err  # a malformed option: a usage error


def test_answers_from_stdin_as_json(cli):
    data = yaml.safe_load(GOOD)
    run = cli("recommend", "-", "-f", "json", "--date", "2026-11-27", stdin=json.dumps(data))
    assert run.code == 0, run.err
    assert json.loads(run.out)["answers"]["organisation"]["name"] == "Nordwerk Maschinenbau GmbH"


def test_template_passes_check_and_names_every_field(cli, tmp_path):
    run = cli("answers", "template")
    assert run.code == 0
    for field in ("jurisdiction", "expertise", "priorities", "requests_per_month", "needs", "open_weights_only"):
        assert f"{field}:" in run.out
    assert "#   hr_screening:" in run.out
    path = tmp_path / "answers.yaml"
    path.write_text(run.out)
    check = cli("answers", "check", str(path))
    assert check.code == 0 and "valid" in check.out


def test_schema_is_json_schema_of_the_answers(cli):
    run = cli("answers", "schema")
    schema = json.loads(run.out)
    assert schema["additionalProperties"] is False
    assert {"organisation", "budget", "expertise", "use_cases"} <= set(schema["required"])
    # defaults a dataclass makes with a factory are shown as values, as an editor needs them
    assert schema["properties"]["priorities"]["default"] == ["quality", "cost", "privacy", "lock_in", "speed"]
    assert schema["properties"]["constraints"]["default"] == {
        "open_weights_only": False,
        "exclude_providers": [],
        "regulated_via_api": False,
    }
    use_case = schema["$defs"]["UseCase"]
    assert use_case["properties"]["needs"]["default"] == [] and use_case["additionalProperties"] is False
    assert use_case["properties"]["requests_per_month"]["minimum"] == 0


def test_duplicate_use_case_names_and_missing_file(cli, tmp_path):
    dup = tmp_path / "dup.yaml"
    dup.write_text(GOOD.replace("name: HR document review", "name: Marketing content"))
    run = cli("answers", "check", str(dup))
    assert run.code == 1 and "use-case names must be unique; repeated: Marketing content" in run.err
    run = cli("answers", "check", str(tmp_path / "nope.yaml"))
    assert run.code == 1 and "no such file" in run.err
    run = cli("answers", "check", str(tmp_path))
    assert run.code == 1 and "is a folder" in run.err


def test_not_yaml_and_empty_file(cli, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("organisation: [unclosed\n")
    run = cli("answers", "check", str(bad))
    assert run.code == 1 and "not valid YAML at line" in run.err
    bad.write_text("")
    run = cli("answers", "check", str(bad))
    assert run.code == 1 and "got an empty file" in run.err
