"""Whatever a careless script or a hostile file throws at it: exit 1, the place named, no traceback."""

from __future__ import annotations

import os
import time

import pytest
from conftest import EXAMPLES

GOOD = (EXAMPLES / "eu-marketing-hr.yaml").read_text()


def check_refused(cli, path, *expected: str) -> None:
    run = cli("answers", "check", str(path))
    assert run.code == 1, run.out
    assert "Traceback" not in run.err
    flat = " ".join(run.err.split())
    for text in expected:
        assert text in flat


def test_alias_bomb_is_refused_within_a_second(cli, tmp_path):
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 9):  # the classic billion laughs: 81 aliases, 9^9 values once expanded
        prev = chr(ord("a") + i - 1)
        name = chr(ord("a") + i)
        lines.append(f"{name}: &{name} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]")
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text("\n".join(lines) + "\n")
    start = time.perf_counter()
    check_refused(cli, bomb, "aliases expand to more than", "refused")
    assert time.perf_counter() - start < 1.0


def test_binary_junk(cli, tmp_path):
    junk = tmp_path / "junk.yaml"
    junk.write_bytes(bytes(range(256)) * 4)
    check_refused(cli, junk, "binary file")


def test_not_utf8(cli, tmp_path):
    latin = tmp_path / "latin.yaml"
    latin.write_bytes(GOOD.replace("Nordwerk", "N\u00f6rdwerk").encode("latin-1"))
    check_refused(cli, latin, "not UTF-8 text")


def test_bom_and_crlf_are_accepted(cli, tmp_path):
    path = tmp_path / "windows.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + GOOD.replace("\n", "\r\n").encode())
    run = cli("answers", "check", str(path))
    assert run.code == 0, run.err


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("monthly: 3000", "monthly: -1", "budget.monthly: Input should be greater than or equal to 0"),
        ("monthly: 3000", "monthly: .nan", "budget.monthly: Input should be a finite number"),
        ("monthly: 3000", "monthly: .inf", "budget.monthly"),
        ("monthly: 3000", "monthly: 1e40", "budget.monthly: Input should be less than or equal to"),
        ("requests_per_month: 800", "requests_per_month: 1e30", "use_cases.1.requests_per_month"),
        ("requests_per_month: 800", "requests_per_month: many", "use_cases.1.requests_per_month"),
        (
            "requests_per_month: 800",
            "requests_per_month: yes",
            "use_cases.1.requests_per_month: Value error, expected a number, not true",
        ),
        ("monthly: 3000", "monthly: true", "budget.monthly: Value error, expected a number, not true"),
        ("expertise: some", "expertise: [some]", "expertise"),
        ("name: Nordwerk Maschinenbau GmbH", "name: {a: 1}", "organisation.name: Input should be a valid string"),
        ("priorities: [privacy, quality, cost, lock_in, speed]", "priorities: [privacy, privacy]", "repeated: privacy"),
        ("kind: document_analysis", "kind: blockchain", "unknown use-case kind 'blockchain'"),
        ("needs: [multilingual]", "needs: [telepathy]", "use_cases.0.needs.0"),
        ("schema_version: 1", "schema_version: 2", "schema_version: Input should be 1"),
    ],
)
def test_bad_values_name_their_place(cli, tmp_path, old, new, expected):
    path = tmp_path / "bad.yaml"
    assert old in GOOD
    path.write_text(GOOD.replace(old, new, 1))
    check_refused(cli, path, str(path), expected)


def test_a_list_or_scalar_instead_of_answers(cli, tmp_path):
    path = tmp_path / "list.yaml"
    path.write_text("- a\n- b\n")
    check_refused(cli, path, "expected a mapping of answers", "got a list")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file(cli, tmp_path):
    path = tmp_path / "secret.yaml"
    path.write_text(GOOD)
    path.chmod(0)
    check_refused(cli, path, "permission denied")


def test_unreadable_file_as_root_is_simulated(cli, tmp_path, monkeypatch):
    from pathlib import Path

    path = tmp_path / "secret.yaml"
    path.write_text(GOOD)

    real = Path.open

    def deny(self: Path, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        if self == path:
            raise PermissionError(13, "Permission denied")
        return real(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "open", deny)
    check_refused(cli, path, "cannot be read (permission denied)")


def test_output_folder_that_cannot_be_written(cli, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    run = cli("recommend", str(EXAMPLES / "eu-marketing-hr.yaml"), "-o", str(blocker / "sub" / "report.md"))
    assert run.code == 1 and "cannot write there" in run.err and "Traceback" not in run.err


def test_output_path_that_is_a_folder(cli, tmp_path):
    run = cli("recommend", str(EXAMPLES / "eu-marketing-hr.yaml"), "-o", str(tmp_path))
    assert run.code == 1 and "is a folder" in run.err


def test_bad_date_and_bad_format(cli):
    run = cli("recommend", str(EXAMPLES / "eu-marketing-hr.yaml"), "--date", "27/11/2026")
    assert run.code == 1 and "expected a date as YYYY-MM-DD" in run.err
    run = cli("recommend", str(EXAMPLES / "eu-marketing-hr.yaml"), "--format", "docx")
    assert run.code in (1, 2) and "docx" in run.err


def test_deeply_nested_yaml(cli, tmp_path):
    path = tmp_path / "deep.yaml"
    path.write_text("a: " + "[" * 5000 + "]" * 5000 + "\n")
    run = cli("answers", "check", str(path))
    assert run.code == 1 and "Traceback" not in run.err


def test_a_written_report_gets_ordinary_permissions(cli, tmp_path):
    import stat

    out = tmp_path / "report.md"
    old = os.umask(0o022)
    try:
        run = cli("recommend", str(EXAMPLES / "eu-marketing-hr.yaml"), "-o", str(out))
    finally:
        os.umask(old)
    assert run.code == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o644


def test_a_key_given_twice_is_refused_not_silently_overwritten(cli, tmp_path):
    path = tmp_path / "twice.yaml"
    path.write_text(GOOD.replace("expertise: some", "expertise: some\nexpertise: none"))
    check_refused(cli, path, "line", "key 'expertise' is given twice in the same mapping")


def test_escape_codes_in_names_are_refused(cli, tmp_path):
    path = tmp_path / "escape.yaml"
    path.write_text(GOOD.replace("name: Nordwerk Maschinenbau GmbH", 'name: "Nordwerk\\x1b[2J"'))
    check_refused(cli, path, "organisation.name", "contains a control character")


def test_an_endless_file_is_refused(cli):
    run = cli("answers", "check", "/dev/zero")
    assert run.code == 1 and "larger than 64 MiB" in run.err
