"""The Jinja environments the reports are rendered with, their filters, and errors a person can act on.

The shipped templates render in a plain environment. A folder of the user's templates (--templates DIR)
renders in Jinja's sandbox: the folder overrides any shipped template by name, and every shipped template
stays reachable as `default:NAME`, so `{% extends "default:report.html.j2" %}` changes one block and keeps
the rest. Undefined names are errors everywhere (StrictUndefined); HTML templates are autoescaped.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import os
import re
import traceback
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from advisor import __version__
from advisor.errors import AdvisorError

if TYPE_CHECKING:
    from jinja2 import Environment
    from jinja2.bccache import Bucket, BytecodeCache

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_MD_ESCAPES = str.maketrans({ch: f"\\{ch}" for ch in "\\`*_[]<>|&~#!"})  # each syntax character, backslashed


_URL = re.compile(r"https?://[^\s<>()\[\]\"'`|]+[^\s<>()\[\]\"'`|.,;:!?]")


def _escape_md(text: str) -> str:
    return text.translate(_MD_ESCAPES)


def md_text(value: Any) -> str:
    """Text safe in Markdown's inline context: one line, every syntax character backslash-escaped, and web
    addresses as autolinks (never bare, never able to break out of the angle brackets)."""
    text = " ".join(("" if value is None else str(value)).split())
    out, last = [], 0
    for match in _URL.finditer(text):
        out.append(_escape_md(text[last : match.start()]))
        out.append(f"<{match.group(0)}>")
        last = match.end()
    out.append(_escape_md(text[last:]))
    return "".join(out)


def md_code(value: Any) -> str:
    """Text as a Markdown code span, safe in a table cell: shown exactly as it is, on one line."""
    text = " ".join(("" if value is None else str(value)).split()).replace("|", "\\|")
    runs = [len(run) for run in re.findall(r"`+", text)]
    fence = "`" * (max(runs, default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def md_cell(value: Any) -> str:
    """Text safe inside a Markdown table cell: no pipe or line break can split or end the row."""
    return md_text(value)


def css_string(value: Any) -> Any:
    """Text safe inside a double-quoted CSS string in a <style> element: everything but ASCII letters and
    digits as a six-digit CSS hex escape, so no quote, backslash or '</style' can end it (spaces too, since
    a space right after an escape would be swallowed by it)."""
    from markupsafe import Markup

    text = " ".join(str(value).split())
    return Markup("".join(ch if ch.isascii() and ch.isalnum() else f"\\{ord(ch):06x}" for ch in text))


def html_links(value: Any) -> Any:
    """Text for HTML, escaped, with every web address in it a link that opens without telling the page it
    leaves where it came from (the report's CSP governs what the page fetches, not where a reader goes)."""
    from markupsafe import Markup, escape

    text = "" if value is None else str(value)
    out, last = [], 0
    for match in _URL.finditer(text):
        url = match.group(0)
        out.append(escape(text[last : match.start()]))
        out.append(Markup('<a href="{0}" rel="noopener noreferrer">{0}</a>').format(url))
        last = match.end()
    out.append(escape(text[last:]))
    return Markup("").join(out)


def long_date(value: str) -> str:
    """'2026-11-27' -> '27 November 2026', the same on every machine whatever its locale."""
    d = dt.date.fromisoformat(value)
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def _autoescape(name: str | None) -> bool:
    return name is not None and (".html" in name or name.endswith(".svg"))


def _configure(env: Environment) -> Environment:
    from jinja2 import pass_context
    from jinja2.runtime import Context

    from advisor import figures, wording
    from advisor.engine.scoring import CRITERIA, LABELS
    from advisor.report import charts, cover, narrative
    from advisor.report.glossary import GLOSSARY

    @pass_context
    def human(context: Context, text: Any) -> str:
        labels = context.get("option_labels")
        return narrative.humanise(str(text), {} if labels is None else labels)

    env.filters.update(
        cell=md_cell,
        code=md_code,
        css_string=css_string,
        md=md_text,
        money=figures.money,
        unit_money=figures.unit_money,
        tokens=figures.tokens,
        long_date=long_date,
        links=html_links,
        human=human,
        pct=lambda v: "n/a" if v is None else f"{v:.0%}",
        num=lambda v: f"{v:,.0f}",
        score=figures.score,
        fit=figures.fit,
        mode=lambda v: wording.MODE_LABELS.get(v, v),
        region=wording.region_name,
        rule=narrative.rule_title,
        tier=lambda v: narrative.TIER_LABELS.get(v, v),
        criterion=lambda v: LABELS.get(v, v),
        sentence=lambda v: (str(v)[:1].upper() + str(v)[1:]) if v else "",
    )
    env.globals.update(
        criteria=CRITERIA,
        criterion_labels=LABELS,
        cost_chart=charts.cost_chart,
        score_chart=charts.score_chart,
        weights_chart=charts.weights_chart,
        break_even_chart=charts.break_even_chart,
        narrow=charts.NARROW,
        cost_table=charts.cost_table,
        score_table=charts.score_table,
        break_even_table=charts.break_even_table,
        weights_table=charts.weights_table,
        glossary=GLOSSARY,
        cover_figures=cover.cover_figures,
        per_unit=cover.per_unit,
        option_changes=cover.option_changes,
        CLOSE_TO_BREAK_EVEN=charts.CLOSE_TO_BREAK_EVEN,
        score_change=figures.score_change,
        money_between=figures.money_between,
    )
    return env


def _bytecode_cache() -> BytecodeCache | None:
    """Compiled templates kept between runs (compiling the report templates costs more than rendering them), in
    the cache folder with the cache's checks (advisor.cache: compiled code is read only if it is the user's own
    and its keyed digest matches) and pruned like its other files."""
    from jinja2.bccache import BytecodeCache

    from advisor.cache import cache_dir, fetch_bytes, store_bytes

    if cache_dir() is None:
        return None

    class Kept(BytecodeCache):
        def load_bytecode(self, bucket: Bucket) -> None:
            code = fetch_bytes(_bytecode_name(bucket))
            if code is not None:
                bucket.bytecode_from_string(code)  # a stale one (other source) is reset by its checksum

        def dump_bytecode(self, bucket: Bucket) -> None:
            store_bytes(_bytecode_name(bucket), bucket.bytecode_to_string())

    return Kept()


def _bytecode_name(bucket: Bucket) -> str:
    """The cache file of a template's compiled code: by advisor's version, the template's name and file, and
    whether it was compiled for the sandbox (whose code calls through the sandbox's checks: a shipped template
    reached as `default:NAME` from a user's folder is compiled both ways)."""
    made_for = "sandboxed" if getattr(bucket.environment, "sandboxed", False) else "plain"
    return f"template-{__version__}-{made_for}-{bucket.key}.jinja"


@functools.lru_cache(maxsize=8)
def environment(user_dir: str | None) -> Environment:
    """The environment for the shipped templates, or for a user folder over them (sandboxed); kept for reuse."""
    from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PrefixLoader, StrictUndefined

    from advisor.resources import templates_dir

    shipped = FileSystemLoader(str(templates_dir()))
    options: dict[str, Any] = {
        "bytecode_cache": _bytecode_cache(),
        "undefined": StrictUndefined,
        "autoescape": _autoescape,
        "trim_blocks": True,
        "lstrip_blocks": True,
        "keep_trailing_newline": True,
    }
    if user_dir is None:
        return _configure(
            Environment(loader=ChoiceLoader([shipped, PrefixLoader({"default": shipped}, ":")]), **options)
        )

    class UserLoader(FileSystemLoader):
        """The user's folder: a file that is not UTF-8 text is named, not a decoding error, and a template
        reached through a link to outside the folder is refused (`_inside`)."""

        def get_source(self, environment: Any, template: str) -> Any:
            _inside(self.searchpath[0], template)
            try:
                return super().get_source(environment, template)
            except UnicodeDecodeError as exc:
                where = Path(self.searchpath[0], template)
                raise AdvisorError(f"{where}: is not UTF-8 text (byte {exc.start})") from None

    loader = ChoiceLoader([UserLoader(user_dir), shipped, PrefixLoader({"default": shipped}, delimiter=":")])
    return _configure(_bounded_sandbox()(loader=loader, **options))


def _inside(folder: str, template: str) -> None:
    """Refuse a template of the user's folder that is, by its real path (every link resolved), outside the
    folder: `ln -s / tpl/root` must not make `{% include "root/etc/passwd" %}` read the system's files. A
    template that is not there is left to the loader (another loader may have it)."""
    from jinja2.loaders import split_template_path

    root = os.path.realpath(folder)
    path = os.path.join(folder, *split_template_path(template))
    if not os.path.lexists(path):
        return
    real = os.path.realpath(path)
    if os.path.commonpath([root, real]) != root:
        raise AdvisorError(
            f"{path}: leads outside the templates folder {root} (to {real}); "
            "a template may only use files inside its folder"
        )


# what a user's template may make: a report is kilobytes; these stop a runaway one, not a real one
MAX_OUTPUT = 64 * 1024 * 1024  # characters of the whole report, and of any one value the template makes
MAX_SECONDS = 60  # to render it
MAX_EXPONENT = 1000
MAX_WIDTH = 10_000  # of a field in a format string
MAX_MEMORY = 512 * 1024 * 1024  # bytes a user's template may add to the process, where the platform can cap it

# a printf field's width and precision (`%-12.3f`, `%*d`), and a str.format field's spec (`{0:>12}`)
_PRINTF_FIELD = re.compile(r"%(?:\([^)]*\))?[#0 +\-]*(\*|\d*)(?:\.(\*|\d*))?")
_FORMAT_SPEC = re.compile(r"\{[^{}]*:([^{}]*)\}|\{[^{}]*:[^{}]*\{")


def _check_format(text: str) -> None:
    """Refuse a format string whose fields are wider than MAX_WIDTH, or sized by an argument (`%*d`,
    `{0:{1}}`): `"%999999999d" % 1` makes a gigabyte before anything can count it."""
    from jinja2.exceptions import SecurityError

    numbers = [n for m in _PRINTF_FIELD.finditer(text) for n in m.groups() if n]
    for m in _FORMAT_SPEC.finditer(text):
        if m.group(1) is None:
            numbers.append("*")  # a nested field: the width comes from an argument
        else:
            numbers.extend(re.findall(r"\d+", m.group(1)))
    for n in numbers:
        if n == "*" or len(n) > len(str(MAX_WIDTH)) or int(n) > MAX_WIDTH:  # (a 5,000-digit width: no int())
            raise SecurityError(
                f"a format field wider than {MAX_WIDTH:,} characters, or sized by an argument, is refused"
            )


def _bounded_sandbox() -> type[Environment]:
    """Jinja's sandbox, refusing arithmetic and formatting that would make a value too large to be part of a
    report (`"x" * 10**9`, `9 ** 10**9`, `"%999999999d" % 1`); Jinja's own sandbox already caps `range` at
    100,000 items."""
    from jinja2.exceptions import SecurityError
    from jinja2.runtime import Context
    from jinja2.sandbox import SandboxedEnvironment

    class Bounded(SandboxedEnvironment):
        intercepted_binops = frozenset({"*", "**", "%"})

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            builtin_format = self.filters["format"]

            def checked_format(value: Any, *args: Any, **kwargs: Any) -> Any:
                _check_format(str(value))
                return builtin_format(value, *args, **kwargs)

            self.filters["format"] = checked_format

        def wrap_str_format(self, value: Any) -> Any:  # str.format and str.format_map, as the template reads them
            wrapped = super().wrap_str_format(value)
            if wrapped is None:
                return None

            def checked(*args: Any, **kwargs: Any) -> str:
                _check_format(value.__self__)
                return wrapped(*args, **kwargs)

            return checked

        def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
            if operator == "%" and isinstance(left, str):
                _check_format(left)
            if operator == "**" and isinstance(right, int | float) and abs(right) > MAX_EXPONENT:
                raise SecurityError(f"a power above {MAX_EXPONENT} is refused")
            if operator == "*":
                for sized, times in ((left, right), (right, left)):
                    if (
                        isinstance(sized, str | list | tuple)
                        and isinstance(times, int)
                        and len(sized) * times > MAX_OUTPUT
                    ):
                        raise SecurityError(f"a value of more than {MAX_OUTPUT:,} items is refused")
            return super().call_binop(context, operator, left, right)

    return Bounded


@contextlib.contextmanager
def _time_limit(seconds: int, where: str) -> Any:
    """Stop a user's template that runs longer than `seconds` (where the platform has interval timers and this
    is the main thread; elsewhere it runs unbounded)."""
    import signal
    import threading

    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: object) -> None:
        raise AdvisorError(f"{where}: the template ran longer than {seconds} s; refused (a loop that never ends?)")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextlib.contextmanager
def _memory_limit(extra: int, where: str) -> Any:
    """Let a user's template add at most `extra` bytes to the process (where the platform caps address space:
    Linux; elsewhere it runs unbounded): a value too large for a report fails at once, not after swapping."""
    try:
        import resource

        with open("/proc/self/statm", encoding="ascii") as statm:
            size = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    except (ImportError, OSError, ValueError):
        yield
        return
    limit = size + extra
    if (soft != resource.RLIM_INFINITY and soft <= limit) or (hard != resource.RLIM_INFINITY and hard < limit):
        yield  # already capped as tightly
        return
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    try:
        yield
    except MemoryError:
        raise AdvisorError(f"{where}: the template needed more than {extra >> 20:,} MiB of memory; refused") from None
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def _render_bounded(template: Any, where: str, **values: Any) -> str:
    """A user's template rendered within MAX_SECONDS, MAX_MEMORY and MAX_OUTPUT characters."""
    parts: list[str] = []
    size = 0
    with _time_limit(MAX_SECONDS, where), _memory_limit(MAX_MEMORY, where):
        for part in template.generate(**values):
            size += len(part)
            if size > MAX_OUTPUT:
                raise AdvisorError(f"{where}: the report passed {MAX_OUTPUT:,} characters; refused (a runaway loop?)")
            parts.append(part)
    return "".join(parts)


def _where(exc: BaseException) -> str:
    """'file.j2:12' of the innermost template frame in the traceback, if any."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith((".j2", ".css", ".svg"))]
    if not frames:
        return "template"
    return f"{frames[-1].filename}:{frames[-1].lineno}"


def render_report(
    name: str,
    data: Mapping[str, Any],
    option_labels: Mapping[str, str],
    logo: str | None,
    user_templates: Path | None = None,
) -> str:
    """Render one report template; a broken user template is an AdvisorError saying where and what."""
    from jinja2 import TemplateError, TemplateNotFound, TemplateSyntaxError, UndefinedError
    from jinja2.exceptions import SecurityError

    user_dir = None
    if user_templates is not None:
        if not user_templates.is_dir():
            raise AdvisorError(f"{user_templates}: no such folder; --templates expects a folder of Jinja templates")
        user_dir = str(user_templates.resolve())
    env = environment(user_dir)
    try:
        template = env.get_template(name)
        if user_dir is None:
            text = template.render(r=data, option_labels=option_labels, logo=logo)
        else:
            text = _render_bounded(template, f"{user_dir}/{name}", r=data, option_labels=option_labels, logo=logo)
    except AdvisorError:
        raise
    except TemplateNotFound as exc:
        raise AdvisorError(f"template {exc.name!r} not found in {user_dir or 'the shipped templates'}") from None
    except TemplateSyntaxError as exc:
        raise AdvisorError(f"{exc.filename or exc.name}:{exc.lineno}: template syntax error: {exc.message}") from None
    except SecurityError as exc:
        raise AdvisorError(f"{_where(exc)}: the template sandbox refused it: {exc}") from None
    except UndefinedError as exc:
        raise AdvisorError(
            f"{_where(exc)}: {exc.message}; the report data is described by `advisor report schema`"
        ) from None
    except TemplateError as exc:
        raise AdvisorError(f"{_where(exc)}: {exc}") from None
    except Exception as exc:
        if user_dir is None:
            raise
        raise AdvisorError(f"{_where(exc)}: the template failed: {type(exc).__name__}: {exc}") from None
    if name.endswith(".md.j2"):
        text = "\n".join(line.rstrip() for line in text.splitlines()).strip() + "\n"
        while "\n\n\n" in text:
            text = text.replace("\n\n\n", "\n\n")
    return text
