"""The command line: parse, call the library, map AdvisorError to exit code 1. Heavy imports stay inside
the commands so that `--help` and `--version` start fast."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional, TypeVar

import typer

from advisor import __version__

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable

    from rich.console import Console
    from typer.models import CommandInfo, TyperInfo

    from advisor.answers.model import Answers
    from advisor.catalog.load import Catalog
    from advisor.engine.evaluate import Keeper
    from advisor.engine.robustness import Draws
    from advisor.report.render import ReportFormat

T = TypeVar("T")
EXPLAIN_TOP = 20  # the options `advisor explain` lists unless told

app = typer.Typer(
    name="advisor",
    help="Which large language models to use for which use case, and how to run each one.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
answers_app = typer.Typer(help="The answers file: its schema, a commented template, a check.", no_args_is_help=True)
catalog_app = typer.Typer(help="The model catalog: list, show, validate, check prices.", no_args_is_help=True)
app.add_typer(answers_app, name="answers")
app.add_typer(catalog_app, name="catalog")

from advisor.cli import report as report_cli  # noqa: E402
from advisor.cli.options import CatalogOption, DateOption, SetOption  # noqa: E402
from advisor.cli.report import ClientOption, ConsultantOption, FormatOption, LogoOption, TemplatesOption  # noqa: E402


def _version(value: bool) -> None:
    if value:
        typer.echo(f"advisor {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Which large language models to use for which use case, and how to run each one."""


def report_date(text: str | None) -> dt.date:
    import datetime as dt

    from advisor.errors import AdvisorError

    # the years a report can be dated in: the catalog's dates and horizons are worked out from it
    first, last = dt.date(1970, 1, 1), dt.date(2999, 12, 31)
    if text is not None:
        try:
            day = dt.date.fromisoformat(text)
        except ValueError:
            raise AdvisorError(f"--date {text!r}: expected a date as YYYY-MM-DD, e.g. 2026-11-27") from None
        if not first <= day <= last:
            raise AdvisorError(f"--date {text!r}: expected a date between {first} and {last}")
        return day
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            day = dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
        except (ValueError, OverflowError, OSError):
            raise AdvisorError(f"SOURCE_DATE_EPOCH={epoch!r}: expected seconds since 1970 as a whole number") from None
        if not first <= day <= last:
            raise AdvisorError(f"SOURCE_DATE_EPOCH={epoch!r}: expected a time between {first} and {last}")
        return day
    return dt.date.today()


def _catalog(overlays: list[Path] | None) -> Catalog:
    from advisor.catalog.load import load_catalog

    return _kept_for_the_run(load_catalog, overlays or [])


def _kept_for_the_run(make: Callable[..., T], *args: Any) -> T:
    """`make(*args)`, whose objects live until this one-shot command exits: made with the cycle collector
    off and then moved out of its way. A 5,000-model catalog and its decision are a few hundred thousand
    objects that every later collection would walk again (half a second of a run), and the first collection
    after they are made would walk them all once (tens of milliseconds)."""
    import gc

    collecting = gc.isenabled()
    gc.disable()
    try:
        return make(*args)
    finally:
        gc.freeze()
        if collecting:
            gc.enable()


def _answers(source: str, overrides: list[str] | None, catalog: Catalog) -> Answers:
    from advisor.answers.model import load_answers

    return load_answers(source, overrides or [], set(catalog.use_case_kinds))


def _draws() -> Draws:
    """The robustness check's weight draws, kept in the cache folder between runs."""
    from advisor.cache import stored_draws
    from advisor.engine.robustness import weight_draws

    return stored_draws(weight_draws)


def _keep(catalog: Catalog) -> Keeper:
    """Keeps a decision's groundwork (the catalog worked out for the organisation's settings) in the cache
    folder between runs, by reference to the kept catalog's parts."""
    from advisor.cache import stored
    from advisor.engine.evaluate import Groundwork

    return stored("groundwork", catalog.parts(), Groundwork)


def _stderr() -> Console:
    from rich.console import Console

    return Console(stderr=True, highlight=False)


@app.command()
def recommend(
    answers: Annotated[str, typer.Argument(metavar="ANSWERS", help="An answers file (YAML or JSON), or - for stdin.")],
    set_: SetOption = None,
    fmt: FormatOption = "md",
    output: Annotated[
        Optional[str],  # noqa: UP045  (text, not a Path: a Path drops the final / of a folder's name)
        typer.Option("--output", "-o", metavar="FILE", help="Write the report here instead of stdout."),
    ] = None,
    catalog: CatalogOption = None,
    date: DateOption = None,
    client: ClientOption = None,
    consultant: ConsultantOption = None,
    logo: LogoOption = None,
    templates: TemplatesOption = None,
) -> None:
    """Recommend a model and a deployment for every use case, with a fallback, and write the report."""
    from advisor.engine.stack import decide
    from advisor.errors import AdvisorError
    from advisor.output import report_path, same_file, write_atomic
    from advisor.report.render import render

    target = None if output is None else report_path(output)
    if target is not None and answers != "-" and same_file(target, Path(answers)):
        raise AdvisorError(f"-o {output}: is the answers file itself; give the report another name")
    report_format = _format(fmt)
    settings = report_cli.report_settings(client, consultant, logo, templates)
    cat = _catalog(catalog)
    rec = _kept_for_the_run(decide, _answers(answers, set_, cat), cat, report_date(date), _draws(), _keep(cat))
    text = render(rec, report_format, cat, settings)
    if target is None:
        sys.stdout.write(text)
        return
    write_atomic(target, text)
    from advisor.cli.summary import echo_summary

    echo_summary(rec, target)


def _format(fmt: str) -> ReportFormat:
    from advisor.report.render import ReportFormat

    return ReportFormat.parse(fmt)


@app.command()
def explain(
    answers: Annotated[str, typer.Argument(metavar="ANSWERS", help="An answers file, or - for stdin.")],
    use_case: Annotated[str, typer.Option("--use-case", "-u", help="The use case's name, as in the answers.")],
    top: Annotated[
        int, typer.Option("--top", min=1, metavar="N", help="How many of the best options to list.")
    ] = EXPLAIN_TOP,
    every: Annotated[
        bool, typer.Option("--all", help="List every option and every exclusion with its reasons.")
    ] = False,
    set_: SetOption = None,
    catalog: CatalogOption = None,
    date: DateOption = None,
) -> None:
    """The best options of one use case with their score by criterion, and its exclusions by rule (--all: every
    option and every exclusion with its reasons)."""
    from advisor.cli.explain import print_explanation
    from advisor.engine.stack import decide
    from advisor.errors import AdvisorError

    cat = _catalog(catalog)
    parsed = _answers(answers, set_, cat)
    names = [u.name for u in parsed.use_cases]
    # names are unique regardless of case (answers.Answers), so a name in other case still names one
    chosen = next((name for name in names if name.casefold() == use_case.strip().casefold()), None)
    if chosen is None:
        raise AdvisorError(f"--use-case {use_case!r}: no such use case; the answers have {', '.join(names)}")
    rec = decide(parsed, cat, report_date(date), _draws(), _keep(cat))
    result = next(r for r in rec.use_cases if r.name == chosen)
    from rich.console import Console

    print_explanation(Console(highlight=False), result, rec, None if every else top)


@answers_app.command("schema")
def answers_schema() -> None:
    """Print the JSON Schema of the answers file."""
    import json

    from advisor.answers.model import Answers
    from advisor.records import json_schema

    typer.echo(json.dumps(json_schema(Answers), indent=2))


@answers_app.command("template")
def answers_template(catalog: CatalogOption = None) -> None:
    """Print a commented answers file to start from."""
    from advisor.answers.template import answers_template as template

    cat = _catalog(catalog)
    sys.stdout.write(template({k.id: k.description for k in cat.use_case_kinds.values()}))


@answers_app.command("check")
def answers_check(
    answers: Annotated[str, typer.Argument(metavar="ANSWERS", help="An answers file, or - for stdin.")],
    set_: SetOption = None,
    catalog: CatalogOption = None,
) -> None:
    """Check an answers file; print every problem with its place."""
    cat = _catalog(catalog)
    parsed = _answers(answers, set_, cat)
    typer.echo(f"{answers}: valid ({len(parsed.use_cases)} use case(s))")


from advisor.cli import catalog as catalog_cli  # noqa: E402  - register their commands
from advisor.cli import start as start_cli  # noqa: E402  - register their commands

catalog_cli.register(catalog_app, _catalog)
start_cli.register(app)
report_cli.register(app, _catalog, _format, report_date)


def main(argv: list[str] | None = None) -> None:
    """The console script: run the app, turning AdvisorError into a message on stderr and exit code 1."""
    from advisor.errors import AdvisorError

    commands, groups = app.registered_commands, app.registered_groups
    try:
        _only_the_one_named(sys.argv[1:] if argv is None else argv)
        app(args=argv, prog_name="advisor")
    except AdvisorError as exc:
        from rich.markup import escape

        _stderr().print(f"[red]error:[/red] {escape(str(exc))}", soft_wrap=True)
        sys.exit(1)
    finally:
        app.registered_commands, app.registered_groups = commands, groups


def _names_and_help_only() -> None:
    """The root help lists each command's name and first line of help, nothing of its parameters: register
    for it stand-ins that carry only those (the same listing at a tenth of the cost)."""
    import copy

    def stand_in(info: CommandInfo) -> CommandInfo:
        original = info.callback
        assert original is not None

        def listed() -> None: ...

        listed.__name__, listed.__doc__ = original.__name__, original.__doc__
        shown = copy.copy(info)
        shown.callback = listed
        return shown

    def group_stand_in(group: TyperInfo) -> TyperInfo:
        shown = copy.copy(group)
        shown.typer_instance = typer.Typer(help=group.typer_instance.info.help if group.typer_instance else None)
        return shown

    app.registered_commands = [stand_in(info) for info in app.registered_commands]
    app.registered_groups = [group_stand_in(group) for group in app.registered_groups]


def _only_the_one_named(args: list[str]) -> None:
    """When the first argument names a command or group, leave only that one registered for this run:
    typer builds every registered command's parameters on each run (about 20 ms for all of them), and a
    run needs one. The root help gets stand-ins; anything else (an option, a typo) keeps them all, for
    completion and suggestions."""
    from typer.main import get_command_name

    if args in ([], ["--help"]):
        _names_and_help_only()
        return
    name = args[0]
    for info in app.registered_commands:
        if (info.name or get_command_name(info.callback.__name__ if info.callback else "")) == name:
            app.registered_commands, app.registered_groups = [info], []
            return
    for group in app.registered_groups:
        if group.name == name:
            app.registered_commands, app.registered_groups = [], [group]
            return
