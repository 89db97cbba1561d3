"""`advisor start`: the interview at a terminal, then the answers saved and the report written."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from advisor.cli.app import Command, app
from advisor.cli.options import CatalogOption, DateOption, FormatOption, catalog_for, parse_format, report_date

if TYPE_CHECKING:
    import datetime as dt

    from rich.console import Console

    from advisor.answers.model import Answers
    from advisor.catalog.schema import Catalog
    from advisor.report.render import ReportFormat

DEFAULT_SAVE = Path("advisor-answers.yaml")
EXIT_INTERRUPTED = 130  # the shell's code for a process stopped by Ctrl-C


@app.command(cls=Command)
def start(
    output: Annotated[
        Optional[str],  # noqa: UP045 - typer reads the annotation at run time; text: a Path drops a final /
        typer.Option("--output", "-o", metavar="FILE", help="Write the report here (default: advisor-report.FORMAT)."),
    ] = None,
    fmt: FormatOption = "md",
    save: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            "--save",
            metavar="FILE",
            help="Save the answers here (default: the --resume file, or advisor-answers.yaml).",
        ),
    ] = None,
    resume: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option("--resume", metavar="FILE", help="Continue from a saved or partial answers file."),
    ] = None,
    catalog: CatalogOption = None,
    date: DateOption = None,
) -> None:
    """Answer questions at the terminal, review them, get the report; the answers are saved for later."""
    from advisor.output import report_path

    target = None if output is None else report_path(output)
    run_start(output=target, fmt=fmt, save=save, resume=resume, overlays=catalog or [], date=date)


def run_start(
    *, output: Path | None, fmt: str, save: Path | None, resume: Path | None, overlays: list[Path], date: str | None
) -> None:

    from advisor.errors import AdvisorError
    from advisor.interview import questionnaire

    report_format = parse_format(fmt)
    day = report_date(date)
    if not questionnaire.stdin_is_terminal():
        raise AdvisorError(
            "advisor start asks questions at a terminal, and stdin is not one. For scripts, write an answers file "
            "(`advisor answers template` prints one) and run `advisor recommend ANSWERS -o report.md`, with "
            "`--set PATH=VALUE` to give or change answers."
        )
    save = save or resume or DEFAULT_SAVE
    output = output or Path(f"advisor-report.{report_format.value}")
    for path in (save, output):
        if path.is_dir():
            raise AdvisorError(f"{path}: is a folder; give a file name")
    from advisor.output import same_file

    if output.resolve() == save.resolve() or same_file(output, save):  # the report would replace the answers
        raise AdvisorError(f"-o {output}: is where the answers are saved; give the report another name")
    if resume is not None and not resume.is_file():
        raise AdvisorError(f"--resume {resume}: no such file")
    cat = catalog_for(overlays)
    from advisor.cli.terminal import console as make_console

    console = make_console(emoji=False)
    try:
        answers = questionnaire.run_interview(console, cat, save, resume, report=output)
    except questionnaire.Interrupted:
        raise typer.Exit(EXIT_INTERRUPTED) from None
    try:
        write_report(console, answers, cat, day, report_format, output, save, overlays)
    except KeyboardInterrupt:
        console.print()
        saved = f"the answers are saved in {save}" if save.is_file() else "nothing was saved"
        console.print(f"Stopped before the report was written; {saved}.", markup=False)
        raise typer.Exit(EXIT_INTERRUPTED) from None


def write_report(
    console: Console,
    answers: Answers,
    cat: Catalog,
    day: dt.date,
    report_format: ReportFormat,
    output: Path,
    save: Path,
    overlays: list[Path],
) -> None:
    """Save the answers, then render the report from the saved file, as `advisor recommend` would."""
    from advisor.answers.load import validate_answers
    from advisor.api import recommend, render
    from advisor.cli.summary import print_summary
    from advisor.interview.saved_answers import finished_text
    from advisor.output import write_atomic
    from advisor.yamlio import parse_text

    command = ["advisor", "recommend", str(save), "--date", day.isoformat()]
    command += ["--format", report_format.value] if report_format.value != "md" else []
    command += [arg for folder in overlays for arg in ("--catalog", str(folder))] + ["-o", str(output)]
    import shlex

    render_again = shlex.join(command)
    text = finished_text(answers, cat, save, render_again)
    write_atomic(save, text)
    saved = validate_answers(parse_text(text, str(save)), str(save), set(cat.use_case_kinds))
    rec = recommend(saved, catalog=cat, date=day)
    write_atomic(output, render(rec, report_format, catalog=cat))
    console.print()
    print_summary(console, rec, output, cat)
    console.print(f"answers saved to {save}; render again with:", highlight=False, markup=False)
    console.print(f"  {render_again}", markup=False, soft_wrap=True)
