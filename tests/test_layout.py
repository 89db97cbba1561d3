"""The layout's promises: imports point down the pipeline, the decision core loads no I/O library, and the
shell completes subcommands and options."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "advisor"
# a stage may import from stages of a lower rank only (and from itself); the modules beside the stages
# (errors, cache, yamlio, output, ...) are rank 0
RANK = {"catalog": 1, "answers": 2, "engine": 3, "report": 4, "interview": 4, "api": 5, "cli": 6}
ENTRY_POINTS = {"advisor.__main__"}  # `python -m advisor` runs the command line: the top, by definition


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports() -> dict[str, set[str]]:
    """Each advisor module's imports of advisor modules, at the top and inside functions alike."""
    modules = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    found: dict[str, set[str]] = {}
    for name, path in modules.items():
        targets = found.setdefault(name, set())
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("advisor"):
                for alias in node.names:
                    full = f"{node.module}.{alias.name}"
                    targets.add(full if full in modules else node.module)
            elif isinstance(node, ast.Import):
                targets.update(a.name for a in node.names if a.name.startswith("advisor."))
    return found


def _stage(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in RANK else "beside"


def test_imports_point_down_the_pipeline_and_never_across_stages():
    wrong = [
        f"{module} imports {target}"
        for module, targets in _imports().items()
        if module not in ENTRY_POINTS
        for target in targets
        if target != "advisor"
        and _stage(target) != _stage(module)
        and RANK.get(_stage(target), 0) >= RANK.get(_stage(module), 0)
    ]
    assert wrong == []


def test_the_modules_import_no_cycle():
    graph = _imports()
    state: dict[str, str] = {}
    cycles: list[str] = []

    def visit(module: str, path: list[str]) -> None:
        state[module] = "open"
        for target in sorted(graph.get(module, ())):
            if state.get(target) == "open":
                cycles.append(" -> ".join([*path[path.index(target) :], target]))
            elif target in graph and target not in state:
                visit(target, [*path, target])
        state[module] = "done"

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert cycles == []


def test_the_decision_core_loads_no_io_validation_or_interface_library():
    run = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, advisor.engine.stack\nprint('\\n'.join(sorted(sys.modules)))",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    loaded = set(run.stdout.split())
    assert "advisor.engine.stack" in loaded  # the check ran
    forbidden = {"yaml", "pydantic", "pydantic_core", "typer", "click", "rich", "jinja2", "pickle"}
    forbidden |= {"advisor.cache", "advisor.validation", "advisor.yamlio", "advisor.output", "advisor.catalog.load"}
    assert sorted(m for m in loaded if m in forbidden or m.split(".")[0] in forbidden) == []


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("advisor catalog s", "show"),
        ("advisor recommend x --fo", "--format"),
        ("advisor rec", "recommend"),
        ("advisor answers ch", "check"),
    ],
)
def test_the_shell_completes_commands_and_options_below_the_first_word(words, expected):
    env = {
        **os.environ,
        "_ADVISOR_COMPLETE": "complete_bash",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split()) - 1),
    }
    run = subprocess.run(
        [sys.executable, "-m", "advisor"], capture_output=True, text=True, env=env, check=False, timeout=60
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == [expected]
