"""No escape sequence, carriage return or other control character a user gives reaches a terminal or a report
(issue 19, item 11)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import EXAMPLES, Run

from advisor.catalog.schema import Catalog
from advisor.records import plain

DATE = ("--date", "2026-11-27")
OSC = "\x1b]0;EVIL\x07"  # retitles the terminal
# what must never be written: C0 but tab and line feed, DEL, C1
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def answers_with(tmp_path: Path, change: Callable[[dict[str, Any]], None]) -> Path:
    data = yaml.safe_load((EXAMPLES / "eu-marketing-hr.yaml").read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "answers.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")  # escapes controls as \e, \r
    return path


def clean(run: Run) -> None:
    assert not RAW_CONTROL.search(run.out), run.out
    assert not RAW_CONTROL.search(run.err), run.err
    assert "Traceback" not in run.err


@pytest.mark.parametrize("bad", ["Acme\rEVIL CORP", f"Acme{OSC}", "Acme\x9b2J", "Acme\nCorp", "Acme\x00", "A\x7f"])
def test_a_control_character_in_a_name_is_refused_with_the_place_and_what_is_allowed(
    cli: Callable[..., Run], tmp_path: Path, bad: str
) -> None:
    path = answers_with(tmp_path, lambda d: d["organisation"].update(name=bad))
    run = cli("recommend", str(path), *DATE)
    assert run.code == 1
    clean(run)
    assert f"{path}: the answers are not valid" in run.err
    assert "organisation.name: contains U+" in run.err
    assert "plain text on one line" in run.err, run.err


@pytest.mark.parametrize(
    ("change", "place"),
    [
        (
            lambda d: d.setdefault("constraints", {}).update(exclude_providers=[f"ev{OSC}il"]),
            "constraints.exclude_providers.0",
        ),
        (lambda d: d["use_cases"][0].update(kind=f"k{OSC}"), "use_cases.0.kind"),
        (lambda d: d["use_cases"][1].update(name="HR\rscreening"), "use_cases.1.name"),
        (lambda d: d["organisation"].update(industry=f"retail{OSC}"), "organisation.industry"),
        (lambda d: d.update({f"k{OSC}": 1}), "(top level)"),
    ],
)
def test_every_string_of_the_answers_is_checked(
    cli: Callable[..., Run], tmp_path: Path, change: Callable[[dict[str, Any]], None], place: str
) -> None:
    path = answers_with(tmp_path, change)
    for command in (("recommend", str(path), *DATE), ("answers", "check", str(path))):
        run = cli(*command)
        assert run.code == 1, run.out
        clean(run)
        assert f"{place}:" in run.err and "U+00" in run.err, run.err


@pytest.mark.parametrize(
    "override",
    [f"organisation.name=Acme{OSC}", f"use_cases.0.kind=k{OSC}", f"constraints.exclude_providers=[ev{OSC}]"],
)
def test_set_values_are_checked_as_the_file_is(cli: Callable[..., Run], override: str) -> None:
    run = cli("recommend", str(EXAMPLES / "eu-marketing-hr.yaml"), "--set", override, *DATE)
    assert run.code == 1
    clean(run)
    assert "--set" in run.err


def test_a_path_with_an_escape_sequence_is_shown_escaped(cli: Callable[..., Run], tmp_path: Path) -> None:
    folder = tmp_path / f"o{OSC}"
    run = cli("recommend", str(EXAMPLES / "eu-marketing-hr.yaml"), "--catalog", str(folder), *DATE)
    assert run.code == 1
    clean(run)
    assert "o\\x1b]0;EVIL\\x07: no such catalog folder" in run.err


@pytest.mark.parametrize("field", ["name", "id"])
def test_an_overlay_name_with_a_control_character_is_refused(
    catalog: Catalog, cli: Callable[..., Run], tmp_path: Path, field: str
) -> None:
    model = plain(catalog.models["gemma-4-31b"], drop_none=True) | {"id": "acme-llm", field: f"Acme{OSC}"}
    path = tmp_path / "o" / "models" / "acme.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(yaml.safe_dump({"models": [model]}), encoding="utf-8")
    for args in (("catalog", "validate", str(tmp_path / "o")), ("catalog", "list", "--catalog", str(tmp_path / "o"))):
        run = cli(*args)
        assert run.code == 1
        clean(run)
        assert f"{path}:" in run.err and f"models.0.{field}: contains U+001B" in run.err, run.err


@pytest.mark.parametrize(
    "twin",
    [
        "Marketing\u00a0content",  # a no-break space
        "Marketing  content",  # two spaces
        "Marketing\u3000content",  # an ideographic space
        "\uff2darketing content",  # a full-width M
        "MARKETING CONTENT",
    ],
)
def test_names_that_look_the_same_are_the_same_name(cli: Callable[..., Run], tmp_path: Path, twin: str) -> None:
    """Compared after NFKC normalisation, whitespace folding and case folding (issue 19, item 12)."""
    path = answers_with(tmp_path, lambda d: d["use_cases"][1].update(name=twin))
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["use_cases"][0]["name"] == "Marketing content"
    run = cli("recommend", str(path), *DATE)
    assert run.code == 1
    clean(run)
    assert "use-case names must be unique; repeated:" in run.err, run.err


def test_a_use_case_is_found_by_a_name_that_looks_the_same(cli: Callable[..., Run]) -> None:
    run = cli("explain", str(EXAMPLES / "eu-marketing-hr.yaml"), "-u", "marketing\u00a0 CONTENT", *DATE)
    assert run.code == 0, run.err


@pytest.mark.parametrize(
    ("mark", "named"),
    [
        ("\u200b", "U+200B (ZERO WIDTH SPACE)"),
        ("\u200d", "U+200D (ZERO WIDTH JOINER)"),
        ("\u2060", "U+2060 (WORD JOINER)"),
        ("\ufeff", "U+FEFF (ZERO WIDTH NO-BREAK SPACE)"),
        ("\u200f", "U+200F (RIGHT-TO-LEFT MARK)"),
        ("\u202e", "U+202E (RIGHT-TO-LEFT OVERRIDE)"),
        ("\u2067", "U+2067 (RIGHT-TO-LEFT ISOLATE)"),
    ],
)
def test_zero_width_and_directional_marks_are_refused_in_names(
    cli: Callable[..., Run], tmp_path: Path, mark: str, named: str
) -> None:
    path = answers_with(tmp_path, lambda d: d["use_cases"][1].update(name=f"Marketing{mark} content"))
    run = cli("recommend", str(path), *DATE)
    assert run.code == 1
    assert f"use_cases.1.name: contains {named}; a name is plain text on one line" in run.err, run.err
    run = cli("recommend", str(EXAMPLES / "eu-marketing-hr.yaml"), "--client", f"Acme{mark}", *DATE)
    assert run.code == 1 and f"--client: contains {named}" in run.err
