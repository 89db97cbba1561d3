"""`advisor start`: full interviews through stdin, with wrong answers, help, review edits, stops and resumes."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, NamedTuple

import pytest
import yaml
from pydantic import Field
from rich.console import Console

import advisor.answers.load
import advisor.answers.model
from advisor.answers.model import Answers
from advisor.interview import questionnaire
from advisor.interview.answer_text import InvalidAnswer, parse_length, parse_number, parse_volume
from advisor.interview.question_texts import INPUT_LENGTHS, OUTPUT_LENGTHS, WORDING
from advisor.interview.questions import NOT_ASKED, Question, Repeated, build_spec
from advisor.records import fields_of, nested_record, plain
from advisor.validation import validator

DATE = "2026-11-27"

# A new user's interview: mistakes, help and a change of mind in the review.
FULL = [
    "Acme Logistics GmbH",
    "?", "europe", "1",  # jurisdiction: help, a wrong answer, then by number
    "logistics",
    "lots", "3,000",  # budget
    "",  # currency: EUR, the default
    "2",  # expertise: some
    "",  # data sensitivity: internal, the default
    "privacy, quality, privacy", "3,1,2,4,5",  # priorities: a repeat is refused
    "maybe", "n",  # open weights only
    "",  # excluded providers: none
    "1,4",  # use cases: content creation and document analysis
    "Marketing content", "public", "100/day", "", "", "multilingual", "",
    "HR document review", "regulated", "800", "long", "", "", "",
    "",  # regulated data on a shared API: no, the default (asked because HR data is regulated)
    "4", "5000",  # review: change the budget
    "13", "9", "4", "1000",  # review: use case 2 (row 13, after the follow-up's row), a wrong number, its volume
    "",  # write the report
]  # fmt: skip


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """The in-process runs read a scripted stdin as if it were a terminal, 60 columns wide, without colour."""
    monkeypatch.setattr(questionnaire, "stdin_is_terminal", lambda: True)
    monkeypatch.setenv("COLUMNS", "60")
    monkeypatch.setenv("NO_COLOR", "1")


def start(cli: Any, tmp_path: Path, lines: list[str], *args: str) -> Any:
    paths = ["--save", str(tmp_path / "answers.yaml"), "-o", str(tmp_path / "report.md")]
    return cli("start", *paths, "--date", DATE, *args, stdin="\n".join(lines) + "\n")


def test_full_interview_saves_answers_that_recommend_renders_to_the_same_report(cli, tmp_path, terminal):
    run = start(cli, tmp_path, FULL)
    assert run.code == 0, run.out + run.err
    saved = tmp_path / "answers.yaml"
    text = saved.read_text()
    assert text.startswith("# advisor answers (schema_version 1), written by `advisor start` (advisor ")
    assert "catalog 2026." in text.splitlines()[0]
    data = yaml.safe_load(text)
    assert data["organisation"] == {
        "name": "Acme Logistics GmbH",
        "jurisdiction": "eu",
        "industry": "logistics",
        "serves_eu": False,
    }
    assert data["budget"] == {"monthly": 5000, "currency": "EUR"}
    assert data["expertise"] == "some" and data["data_sensitivity"] == "internal"
    assert data["priorities"] == ["privacy", "quality", "cost", "lock_in", "speed"]
    marketing, hr = data["use_cases"]
    assert marketing == {
        "name": "Marketing content", "kind": "content_creation", "data_sensitivity": "public",
        "requests_per_month": 3000, "needs": ["multilingual"], "decides_about_people": "none", "system": "own",
    }  # fmt: skip
    assert hr["requests_per_month"] == 1000 and hr["input_tokens"] == INPUT_LENGTHS["long"][0]
    assert "output_tokens" not in hr  # the kind's default, left out
    assert cli("answers", "check", str(saved)).code == 0
    again = tmp_path / "again.md"
    assert cli("recommend", str(saved), "--date", DATE, "-o", str(again)).code == 0
    assert again.read_bytes() == (tmp_path / "report.md").read_bytes()
    # the summary: the stack, its cost against the budget, where the report is
    assert "LLM stack for Acme Logistics GmbH" in run.out
    assert re.search(r"total EUR [\d,]+ a month, (within|over) the budget of EUR 5,000", run.out)
    assert f"report written to {tmp_path / 'report.md'}" in run.out.replace("\n", "")


def test_wrong_answers_are_explained_and_asked_again(cli, tmp_path, terminal):
    run = start(cli, tmp_path, FULL)
    refusals = [line for line in run.out.splitlines() if "Not accepted:" in line]
    assert len(refusals) == 5
    out = " ".join(run.out.split())
    assert "Not accepted: 'europe' is not one of the choices" in out
    assert "Not accepted: 'lots' is not a number; type digits, e.g. 3000 or 3,000" in out
    assert "Not accepted: privacy is there twice; name each once" in out
    assert "Not accepted: 'maybe': type y for yes or n for no" in out
    assert "= 3,000 requests a month" in out  # 100/day, as understood


def test_question_mark_shows_the_help_and_every_question_its_default(cli, tmp_path, terminal):
    run = start(cli, tmp_path, FULL)
    out = " ".join(run.out.split())
    assert "Help: Where its data must be processed by default" in out
    assert "Type its number or its name" in out
    assert "[EUR] >" in out and "[internal] >" in out and "[no] >" in out
    assert "[internal (as usual)] >" in out and "[1,200 tokens (typical)] >" in out
    assert "[Marketing content] >" not in out and "[Content creation] >" in out  # a name suggested by the kind


def test_output_fits_60_columns_without_colour(cli, tmp_path, terminal):
    run = start(cli, tmp_path, FULL)
    assert "\x1b[" not in run.out
    interview = run.out.split("LLM stack for")[0]  # the summary after it is print_summary's
    shown = [re.sub(r"^(\[[^]]*\] )?> ", "", line) for line in interview.splitlines()]  # input is not echoed
    too_wide = [line for line in shown if len(line.rstrip()) > 60]
    assert too_wide == []


def test_welcome_says_what_is_asked_and_that_nothing_leaves_the_machine(cli, tmp_path, terminal):
    out = " ".join(start(cli, tmp_path, FULL).out.split())
    assert (
        "10 questions about your organisation, budget, skills, data and priorities, then 7 about each use case" in out
    )
    assert "Nothing leaves this machine" in out


def test_review_adds_and_removes_use_cases(cli, tmp_path, terminal):
    lines = [*FULL[: FULL.index("4")], "add", "7", "", "", "50/week", "", "", "", "", "remove 12", "remove 2", ""]
    run = start(cli, tmp_path, lines)
    assert run.code == 0, run.err
    assert "row 2 is not a use case" in " ".join(run.out.split())
    names = [u["name"] for u in yaml.safe_load((tmp_path / "answers.yaml").read_text())["use_cases"]]
    assert names == ["HR document review", "Translation"]


def test_review_refuses_to_remove_the_last_use_case(cli, tmp_path, terminal):
    lines = [*FULL[: FULL.index("1,4")], "6", "", "", "10", "", "", "", "", "remove 11", ""]
    run = start(cli, tmp_path, lines)
    assert run.code == 0
    assert "at least one use case is needed" in " ".join(run.out.split())


def test_not_a_terminal_exits_1_naming_recommend_and_set(cli, tmp_path):
    run = start(cli, tmp_path, FULL)
    assert run.code == 1
    err = " ".join(run.err.split())
    assert "advisor recommend ANSWERS" in err and "--set" in err
    assert not (tmp_path / "answers.yaml").exists()


def test_the_report_may_not_be_written_where_the_answers_are_saved(cli, tmp_path, terminal):
    same = str(tmp_path / "answers.yaml")
    run = cli("start", "--save", same, "-o", same, "--date", DATE, stdin="\n".join(FULL) + "\n")
    assert run.code == 1 and "is where the answers are saved; give the report another name" in run.err
    assert not (tmp_path / "answers.yaml").exists()  # refused before a question is asked
    run = cli("start", "--save", same, "-o", f"{tmp_path}/reports/", "--date", DATE, stdin="\n".join(FULL) + "\n")
    assert run.code == 1 and "reports/: names a folder; give a file name for the report" in run.err
    assert not (tmp_path / "reports").exists()


def test_stdin_ending_early_saves_the_partial_answers_and_resume_continues(cli, tmp_path, terminal):
    run = start(cli, tmp_path, FULL[:7])  # up to the budget
    assert run.code == 1
    err = " ".join(run.err.split())
    assert "stdin ended before the interview was finished" in err
    assert "advisor recommend ANSWERS" in err and "--set" in err
    saved = tmp_path / "answers.yaml"
    text = saved.read_text()
    assert text.startswith("# advisor answers, PARTIAL")
    assert f"advisor start --resume {saved}" in text
    partial = yaml.safe_load(text)
    assert partial["organisation"]["name"] == "Acme Logistics GmbH" and partial["budget"] == {"monthly": 3000.0}
    assert "expertise" not in partial
    resumed = cli("start", "--resume", str(saved), "-o", str(tmp_path / "report.md"), "--date", DATE,
                  stdin="\n".join(FULL[7:]) + "\n")  # fmt: skip
    assert resumed.code == 0, resumed.out + resumed.err
    assert "Continuing from" in resumed.out and "1/10 Organisation" not in resumed.out
    assert yaml.safe_load(saved.read_text())["budget"]["monthly"] == 5000, resumed.out


def test_an_earlier_answers_file_is_offered_and_a_finished_one_goes_to_the_review(cli, tmp_path, terminal):
    assert start(cli, tmp_path, FULL).code == 0
    run = start(cli, tmp_path, ["", "1", "Acme AG", ""])  # continue from it; rename the organisation
    assert run.code == 0, run.err
    assert "is already there" in run.out and "Your answers" in run.out
    assert yaml.safe_load((tmp_path / "answers.yaml").read_text())["organisation"]["name"] == "Acme AG"


def test_resume_asks_again_what_no_longer_fits_and_drops_unknown_keys(cli, tmp_path, terminal):
    saved = tmp_path / "answers.yaml"
    saved.write_text("organisation: {name: Acme, jurisdiction: mars}\nbudget: {monthly: -3}\nfavourite: blue\n")
    lines = ["eu", "", "3000", "", *FULL[FULL.index("2") :]]  # jurisdiction, industry, budget, currency
    run = cli("start", "--resume", str(saved), "-o", str(tmp_path / "r.md"), "--date", DATE,
              stdin="\n".join(lines) + "\n")  # fmt: skip
    assert run.code == 0, run.out + run.err
    out = " ".join(run.out.split())
    assert "organisation.jurisdiction" in out and "asking again" in out
    assert "favourite: not an answer the advisor knows; left out" in out
    assert "favourite" not in saved.read_text()


def test_review_holds_the_report_until_the_whole_model_accepts_the_answers(cli, tmp_path, terminal):
    saved = tmp_path / "answers.yaml"
    example = yaml.safe_load((Path(__file__).parent.parent / "examples" / "eu-marketing-hr.yaml").read_text())
    data = plain(validator(Answers).validate_python(example))  # every key there, as a finished file has it
    data["use_cases"][1]["name"] = data["use_cases"][0]["name"].upper()
    saved.write_text(yaml.safe_dump(data))
    run = cli("start", "--resume", str(saved), "-o", str(tmp_path / "r.md"), "--date", DATE,
              stdin="\n".join(["", "12", "1", "HR document review", ""]) + "\n")  # fmt: skip
    assert run.code == 0, run.out + run.err
    assert "Not yet: use-case names must be unique; repeated: MARKETING CONTENT, Marketing content" in " ".join(
        run.out.split()
    )


def test_ctrl_c_offers_to_save_what_was_answered(tmp_path):
    for reply, kept in (("y", True), ("n", False)):
        answers = iter(["Acme", "eu", ""])

        def read(prompt: str, answers: Any = answers, reply: str = reply) -> str:
            if prompt == "[Y/n] > ":
                return reply
            try:
                return next(answers)
            except StopIteration:
                raise KeyboardInterrupt from None

        out = io.StringIO()
        save = tmp_path / f"{reply}.yaml"
        with pytest.raises(questionnaire.Interrupted):
            questionnaire.run_interview(Console(file=out, width=200), _catalog(), save, read=read)
        assert save.exists() is kept
        if kept:
            assert yaml.safe_load(save.read_text())["organisation"] == {
                "name": "Acme",
                "jurisdiction": "eu",
                "industry": None,
            }
            assert f"Continue with: advisor start --resume {save}" in out.getvalue()


def test_ctrl_c_exits_130_through_the_command(cli, tmp_path, terminal, monkeypatch):
    def interrupted(*_: Any, **__: Any) -> Any:
        raise questionnaire.Interrupted()

    monkeypatch.setattr(questionnaire, "run_interview", interrupted)
    assert start(cli, tmp_path, []).code == 130


# --- the questions come from the model ------------------------------------------------------------------------


def _catalog() -> Any:
    from advisor.catalog.load import load_catalog

    return load_catalog()


def _field_paths(model: type[Any], prefix: str = "") -> list[str]:
    paths = []
    for name, info in fields_of(model).items():
        nested = nested_record(info.annotation)
        paths += _field_paths(nested, f"{prefix}{name}.") if nested else [prefix + name]
    return paths


def test_every_field_of_the_model_is_asked_fixed_or_left_to_the_file_with_a_reason():
    spec = build_spec(Answers, _catalog())
    asked = [q.path for q in [*spec.questions, *spec.follow_ups]] + [q.path for r in spec.lists for q in r.item]
    fixed = [".".join(loc) for loc in spec.fixed]
    assert sorted(asked + fixed + list(NOT_ASKED)) == sorted(_field_paths(Answers))
    assert set(WORDING) <= set(asked) | {r.path for r in spec.lists}  # no wording for a field that is gone


def test_choices_defaults_and_help_are_the_models():
    spec = build_spec(Answers, _catalog())
    by_path = {q.path: q for q in spec.questions} | {q.path: q for r in spec.lists for q in r.item}
    assert [c.value for c in by_path["expertise"].choices] == ["none", "some", "strong"]
    assert by_path["expertise"].choices[0].text == "no engineers for AI"  # from the field's description
    assert by_path["data_sensitivity"].default == "internal"
    assert by_path["priorities"].default == list(advisor.answers.model.PRIORITIES)
    assert [c.value for c in by_path["use_cases.needs"].choices] == list(advisor.answers.model.NEEDS)
    assert {c.value for c in by_path["use_cases.kind"].choices} == set(_catalog().use_case_kinds)
    assert by_path["budget.monthly"].description == fields_of(advisor.answers.model.Budget)["monthly"].description


@dataclass(kw_only=True)
class Pilot(advisor.answers.model.UseCase):
    pilot: Annotated[bool, Field(description="Whether this starts as a pilot")] = False


@dataclass(kw_only=True)
class Extended(Answers):
    board_approval: Annotated[str, Field(min_length=1, description="Who signs off the AI budget")]
    use_cases: Annotated[list[Pilot], Field(min_length=1)]  # type: ignore[assignment]


def test_a_new_field_in_the_model_is_asked_without_touching_the_interview(monkeypatch, tmp_path):
    spec = build_spec(Extended, _catalog())
    new = next(q for q in spec.questions if q.path == "board_approval")
    assert (new.wording.label, new.wording.ask, new.required) == ("Board approval", "Who signs off the AI budget", True)
    rep = next(e for e in spec.entries if isinstance(e, Repeated))
    assert rep.question("pilot").shape == "yes_no"
    monkeypatch.setattr(advisor.answers.model, "Answers", Extended)
    monkeypatch.setattr(advisor.answers.load, "Answers", Extended)
    lines = iter([*FULL[: FULL.index("1,4")], "3", "", "", "10", "", "", "", "", "y", "The board", ""])

    def read(_: str) -> str:
        return next(lines, None) or ""

    answers = questionnaire.run_interview(
        Console(file=io.StringIO(), width=60), _catalog(), tmp_path / "a.yaml", read=read
    )
    assert isinstance(answers, Extended)
    assert answers.board_approval == "The board" and answers.use_cases[0].pilot is True


def test_an_unaskable_field_fails_loudly_rather_than_vanishing():
    class Odd(NamedTuple):
        table: dict[str, int]

    with pytest.raises(TypeError, match="cannot ask table"):
        build_spec(Odd)


# --- plain terms --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [("3000", 3000), ("3,000", 3000), ("3k", 3000), ("100/day", 3000), ("100 a day", 3000),
     ("100 requests per day", 3000), ("600 per week", 2600), ("20k monthly", 20000), ("1200/year", 100)],
)  # fmt: skip
def test_volumes_in_the_terms_a_leader_uses(text, expected):
    assert parse_volume(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("short", INPUT_LENGTHS["short"][0]), ("m", INPUT_LENGTHS["medium"][0]), ("5000", 5000),
     ("12k tokens", 12000), ("1500 words", 2000), ("2 pages", 1300)],
)  # fmt: skip
def test_text_lengths_in_words_pages_or_tokens(text, expected):
    assert parse_length(text, INPUT_LENGTHS) == expected
    assert parse_length("long", OUTPUT_LENGTHS) == OUTPUT_LENGTHS["long"][0]


@pytest.mark.parametrize("text", ["lots", "100/fortnight", "3,5", ""])
def test_what_is_not_a_volume_is_refused_with_a_way_out(text):
    with pytest.raises(InvalidAnswer):
        parse_volume(text)
    assert parse_number("EUR 2,500") == 2500 and parse_number("1.5k") == 1500


def test_questions_are_typed_by_shape():
    spec = build_spec(Answers)
    shapes = {q.path: q.shape for q in spec.questions}
    assert shapes["budget.monthly"] == "number" and shapes["constraints.open_weights_only"] == "yes_no"
    assert shapes["priorities"] == "choices" and shapes["organisation.jurisdiction"] == "choice"
    assert all(isinstance(q, Question) for q in spec.questions)


def test_the_relaxed_rule_is_asked_only_when_some_data_is_regulated(cli, tmp_path, terminal):
    run = start(cli, tmp_path, FULL)
    assert run.code == 0, run.out + run.err
    assert "One more: Regulated data on an API" in run.out
    assert yaml.safe_load((tmp_path / "answers.yaml").read_text())["constraints"]["regulated_via_api"] is False
    # the same interview with the HR files internal: no follow-up, and the report written from the review
    lines = FULL[: FULL.index("4")]
    at = lines.index("HR document review")
    lines[at + 1] = "internal"
    assert lines.pop(at + 7) == ""  # the follow-up's answer
    other = tmp_path / "other"
    other.mkdir()
    run = start(cli, other, [*lines, ""])
    assert run.code == 0, run.out + run.err
    assert "Regulated data on an API" not in run.out


def test_accepting_the_relaxed_rule_in_the_interview_saves_it(cli, tmp_path, terminal):
    lines = list(FULL)
    at = lines.index("HR document review") + 7
    lines[at] = "y"
    run = start(cli, tmp_path, lines)
    assert run.code == 0, run.out + run.err
    assert yaml.safe_load((tmp_path / "answers.yaml").read_text())["constraints"]["regulated_via_api"] is True
