"""The answers file as the interview writes and reads it: finished, with the versions that produced the
report; or partial, the same YAML with the keys not yet answered left out, which `--resume` continues."""

from __future__ import annotations

import datetime as dt
import shlex
from pathlib import Path
from typing import TYPE_CHECKING, Any

from advisor import __version__
from advisor.errors import AdvisorError
from advisor.interview.answer_text import InvalidAnswer
from advisor.interview.questions import Question, Spec


class _Unset:
    """An answer not given yet (None is an answer: left out on purpose)."""

    pass


UNSET: Any = _Unset()


def get(data: dict[str, Any], location: tuple[str, ...]) -> Any:
    node: Any = data
    for key in location:
        if not isinstance(node, dict) or key not in node:
            return UNSET
        node = node[key]
    return node


def put(data: dict[str, Any], location: tuple[str, ...], value: Any) -> None:
    node = data
    for key in location[:-1]:
        child = node.get(key)
        if not isinstance(child, dict):
            child = node[key] = {}
        node = child
    node[location[-1]] = value


if TYPE_CHECKING:
    from rich.console import Console

    from advisor.answers.model import Answers
    from advisor.catalog.schema import Catalog


def _ordered(value: Any, model: Any) -> Any:
    """Answers data with keys in the model's order, so a partial file reads like a finished one."""
    from advisor.records import fields_of, is_record, nested_record

    if isinstance(value, list):
        return [_ordered(v, model) for v in value]
    if not isinstance(value, dict) or not is_record(model):
        return value
    out: dict[str, Any] = {}
    for name, info in fields_of(model).items():
        if name in value:
            out[name] = _ordered(value[name], nested_record(info.annotation))
    out.update({k: v for k, v in value.items() if k not in out})
    return out


def versions(catalog: Catalog) -> str:
    return f"advisor {__version__}, catalog {catalog.meta.version} ({catalog.digest})"


def partial_text(data: dict[str, Any], catalog: Catalog, path: Path, answered: int) -> str:
    import yaml

    from advisor.answers.model import Answers

    header = (
        f"# advisor answers, PARTIAL: the interview stopped after {answered} answer(s); some keys are missing.\n"
        f"# Written by `advisor start` ({versions(catalog)}) on {dt.date.today().isoformat()}.\n"
        f"# Continue with: advisor start --resume {shlex.quote(str(path))}\n"
    )
    return header + yaml.safe_dump(_ordered(data, Answers), sort_keys=False, allow_unicode=True)


def finished_text(answers: Answers, catalog: Catalog, path: Path, render_again: str) -> str:
    from advisor.answers.save import answers_to_yaml

    header = (
        f"# advisor answers (schema_version 1), written by `advisor start` ({versions(catalog)}).\n"
        f"# Render the report again with:\n#   {render_again}\n"
    )
    return answers_to_yaml(answers, header)


def load_partial(path: Path, spec: Spec, console: Console) -> dict[str, Any]:
    """A saved or partial answers file as interview data. An answer that does not fit its question is dropped,
    to be asked again; so is a key the answers model does not know."""
    import copy

    from advisor.answers.model import Answers
    from advisor.records import plain
    from advisor.validation import validator
    from advisor.yamlio import load_answers_file

    raw = load_answers_file(path)
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise AdvisorError(
            f"{path}: expected a mapping of answers (organisation, budget, ...), as `advisor start` saves"
        )
    data = _known(copy.deepcopy(raw), Answers, path, console, "")
    try:  # a finished file: every answer is there, the left-out optional ones as their defaults
        return plain(validator(Answers).validate_python(data))  # type: ignore[no-any-return]
    except ValueError:
        pass
    for q in [*spec.questions, *spec.follow_ups]:
        _drop_unfit(data, q, q.location, path, console)
    for rep in spec.lists:
        items = data.get(rep.key)
        if items is not None and not (isinstance(items, list) and all(isinstance(i, dict) for i in items)):
            console.print(f"{path}: {rep.key}: expected a list of mappings; asking again.", markup=False)
            del data[rep.key]
            continue
        for index, item in enumerate(items or []):
            for q in rep.item:
                _drop_unfit(item, q, (q.key,), path, console, f"{rep.key}.{index}.")
    return data


def _drop_unfit(
    data: dict[str, Any], q: Question, location: tuple[str, ...], path: Path, console: Console, prefix: str = ""
) -> None:
    from advisor.interview.answer_text import check

    value = get(data, location)
    if value is UNSET:
        return
    try:
        check(q, value)
    except InvalidAnswer as exc:
        console.print(f"{path}: {prefix}{'.'.join(location)}: {exc}; asking again.", markup=False)
        parent = get(data, location[:-1]) if len(location) > 1 else data
        del parent[location[-1]]


def _known(value: dict[str, Any], model: Any, path: Path, console: Console, prefix: str) -> dict[str, Any]:
    """`value` without the keys `model` does not know (saying so); fields the interview does not ask are
    checked here, since no question will."""
    from pydantic import TypeAdapter, ValidationError

    from advisor.interview.questions import NOT_ASKED
    from advisor.records import fields_of, nested_record

    out: dict[str, Any] = {}
    for key, item in value.items():
        info = fields_of(model).get(key)
        if info is None:
            console.print(f"{path}: {prefix}{key}: not an answer the advisor knows; left out.", markup=False)
            continue
        inner = nested_record(info.annotation)
        if inner is not None and isinstance(item, dict):
            item = _known(item, inner, path, console, f"{prefix}{key}.")
        elif inner is not None and isinstance(item, list):
            item = [
                _known(i, inner, path, console, f"{prefix}{key}.{n}.") if isinstance(i, dict) else i
                for n, i in enumerate(item)
            ]
        elif prefix + key in NOT_ASKED:
            try:
                TypeAdapter(Any if info.annotation is None else info.annotation).validate_python(item)
            except ValidationError as exc:
                console.print(f"{path}: {key}: {exc.errors()[0]['msg']}; left out.", markup=False)
                continue
        out[key] = item
    return out
