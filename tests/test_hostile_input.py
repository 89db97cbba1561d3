"""Whatever a careless script or a hostile file throws at it: exit 1, the place named, no traceback."""

from __future__ import annotations

import json
import os
import time

import pytest
import yaml
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
            "use_cases.1.requests_per_month: expected a number, not true",
        ),
        ("monthly: 3000", "monthly: true", "budget.monthly: expected a number, not true"),
        ("expertise: some", "expertise: [some]", "expertise"),
        ("name: Nordwerk Maschinenbau GmbH", "name: {a: 1}", "organisation.name: Input should be a valid string"),
        ("priorities: [privacy, quality, cost, lock_in, speed]", "priorities: [privacy, privacy]", "repeated: privacy"),
        ("kind: document_analysis", "kind: blockchain", "unknown use-case kind 'blockchain'"),
        ("needs: [multilingual]", "needs: [telepathy]", "use_cases.0.needs.0"),
        ("schema_version: 1", "schema_version: 2", "schema_version: Input should be 1"),
        # what looks like a number or a date and is none: a YAML error at its place, not a ValueError
        ("monthly: 3000", "monthly: 1" + "0" * 5000, "line 8, column 12: cannot read 10000000000000000000...000"),
        ("monthly: 3000", "monthly: 1" + "0" * 5000, "(5,001 characters): Exceeds the limit (4300 digits)"),
        ("schema_version: 1", "schema_version: 2026-13-45", "line 2, column 17: cannot read 2026-13-45: month must"),
        # a long value is shortened in the message
        ("name: Nordwerk Maschinenbau GmbH", "name: " + "A" * 300, "(got 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA...A"),
    ],
)
def test_bad_values_name_their_place(cli, tmp_path, old, new, expected):
    path = tmp_path / "bad.yaml"
    assert old in GOOD
    path.write_text(GOOD.replace(old, new, 1))
    check_refused(cli, path, str(path), expected)


def test_a_number_too_long_in_json_or_in_set_is_an_error_not_a_traceback(cli, tmp_path):
    import json

    import yaml

    data = yaml.safe_load(GOOD)
    path = tmp_path / "long.json"
    path.write_text(json.dumps(data).replace('"monthly": 3000', '"monthly": 1' + "0" * 5000))
    check_refused(cli, path, str(path), "cannot read 10000000000000000000...", "(5,001 characters)")
    run = cli("recommend", str(EXAMPLES / "eu-marketing-hr.yaml"), "--set", "budget.monthly=1" + "0" * 5000)
    assert run.code == 1 and "Traceback" not in run.err
    assert "budget.monthly: Input should be a finite number (got '10000" in run.err and "(5,003 characters)" in run.err


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
    # a name ending in / is a folder, even one not made yet; an empty name is none
    run = cli("recommend", str(EXAMPLES / "eu-marketing-hr.yaml"), "-o", f"{tmp_path}/new/")
    assert run.code == 1 and "new/: names a folder; give a file name for the report" in run.err
    assert not (tmp_path / "new").exists()
    run = cli("recommend", str(EXAMPLES / "eu-marketing-hr.yaml"), "-o", "")
    assert run.code == 1 and "-o '': no file name" in run.err


def test_an_output_under_a_file_says_the_file_is_no_folder(cli, tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    run = cli("recommend", str(EXAMPLES / "eu-marketing-hr.yaml"), "-o", str(tmp_path / "notes.txt" / "report.md"))
    assert run.code == 1 and f"({tmp_path / 'notes.txt'} is a file, not a folder)" in run.err
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_the_report_never_replaces_its_own_answers_file(cli, tmp_path):
    answers = tmp_path / "client.json"
    answers.write_text(json.dumps(yaml.safe_load(GOOD)))
    before = answers.read_text()
    (tmp_path / "link.json").symlink_to(answers)
    for target in (answers, tmp_path / "link.json"):
        run = cli("recommend", str(answers), "-f", "json", "-o", str(target))
        assert run.code == 1 and "is the answers file itself; give the report another name" in run.err
    # nor does a batch, whose JSON report of client.json into the same folder would be client.json
    run = cli("batch", str(answers), "-d", str(tmp_path), "-f", "json")
    assert run.code == 1 and "would replace the answers file" in run.err
    assert answers.read_text() == before


def test_writing_to_standard_output_by_its_device_name_works_through_a_pipe(tmp_path):
    import subprocess
    import sys

    run = subprocess.run(
        [sys.executable, "-m", "advisor", "recommend", str(EXAMPLES / "eu-marketing-hr.yaml"), "-o", "/dev/stdout"],
        capture_output=True,  # standard output is a pipe: /dev/stdout is a link to a link naming no file
        text=True,
        env={**os.environ, "ADVISOR_CACHE_DIR": str(tmp_path)},
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("# LLM stack recommendation for Nordwerk Maschinenbau GmbH")


def test_bad_date_and_bad_format(cli):
    for day in ("27/11/2026", ""):  # an empty date (a script's unset variable) is no date, not today
        run = cli("recommend", str(EXAMPLES / "eu-marketing-hr.yaml"), "--date", day)
        assert run.code == 2 and "expected a date as YYYY-MM-DD" in run.err
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
    check_refused(cli, path, "organisation.name", "contains U+001B")


def test_an_endless_file_is_refused(cli):
    run = cli("answers", "check", "/dev/zero")
    assert run.code == 1 and "larger than 1 MiB; an answers file" in run.err


def test_bidi_marks_and_c1_controls_in_names_are_refused(cli, tmp_path):
    for mark in ("\\u202e", "\\u2066", "\\x9b"):  # right-to-left override, isolate, C1 escape (CSI)
        path = tmp_path / "mark.yaml"
        path.write_text(GOOD.replace("name: Nordwerk Maschinenbau GmbH", f'name: "Nord{mark}werk"'))
        check_refused(cli, path, "organisation.name", "contains U+")


def test_a_json_key_given_twice_is_refused_with_its_place(cli, tmp_path):
    path = tmp_path / "twice.json"
    path.write_text('{"schema_version": 1, "schema_version": 1}')
    check_refused(cli, path, "line 1", "key 'schema_version' is given twice")


def test_yaml_merge_keys_are_read_and_a_key_beside_them_overrides(cli, tmp_path):
    import json

    path = tmp_path / "merge.yaml"
    path.write_text(
        GOOD.split("use_cases:")[0]
        + "use_cases:\n"
        + "  - &first {name: One, kind: summarization, data_sensitivity: internal, requests_per_month: 1000}\n"
        + "  - {<<: *first, name: Two, requests_per_month: 5000}\n"
    )
    run = cli("recommend", str(path), "--format", "json", "--date", "2026-11-27")
    assert run.code == 0, run.err
    stack = json.loads(run.out)["stack"]
    assert [(u["use_case"], u["kind"], u["volume"]["requests_per_month"]) for u in stack] == [
        ("One", "summarization", 1000),
        ("Two", "summarization", 5000),
    ]


def test_a_date_outside_the_years_a_report_can_have_is_refused(cli, monkeypatch):
    example = str(EXAMPLES / "eu-marketing-hr.yaml")
    for day in ("9999-12-31", "0001-01-01"):
        run = cli("recommend", example, "--date", day)
        assert run.code == 2 and "expected a date between 1970-01-01 and 2999-12-31" in run.err
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(10**12))
    run = cli("recommend", example)
    assert run.code == 1 and "SOURCE_DATE_EPOCH" in run.err and "Traceback" not in run.err


def test_a_catalog_file_that_is_a_broken_link_is_named_not_left_out(cli, tmp_path):
    (tmp_path / "models").mkdir()
    (tmp_path / "models" / "prices.yaml").symlink_to(tmp_path / "gone.yaml")
    for args in (
        ("catalog", "validate", str(tmp_path)),
        ("recommend", str(EXAMPLES / "eu-marketing-hr.yaml"), "--catalog", str(tmp_path)),
    ):
        run = cli(*args)
        assert run.code == 1 and f"prices.yaml: a link to {tmp_path / 'gone.yaml'}, which cannot be read" in run.err


def test_a_folder_where_a_catalog_file_belongs_is_named(cli, tmp_path):
    (tmp_path / "models" / "vendor.yaml").mkdir(parents=True)
    run = cli("recommend", str(EXAMPLES / "eu-marketing-hr.yaml"), "--catalog", str(tmp_path))
    assert run.code == 1 and "vendor.yaml: is a folder" in run.err


def test_a_report_written_through_a_link_keeps_the_link(cli, tmp_path):
    target = tmp_path / "reports" / "q4.md"
    target.parent.mkdir()
    target.write_text("old")
    link = tmp_path / "latest.md"
    link.symlink_to(target)
    assert cli("recommend", str(EXAMPLES / "eu-marketing-hr.yaml"), "-o", str(link)).code == 0
    assert link.is_symlink() and target.read_text().startswith("# ")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_named_pipe_is_written_to_not_replaced_by_a_file(cli, tmp_path):
    import stat
    import threading

    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    received: list[str] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_text()), daemon=True)
    reader.start()
    run = cli("recommend", str(EXAMPLES / "eu-marketing-hr.yaml"), "-o", str(pipe))
    reader.join(timeout=10)
    assert run.code == 0 and received and received[0].startswith("# ")
    assert stat.S_ISFIFO(pipe.stat().st_mode)


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_a_full_device_is_an_error(cli, monkeypatch):
    import stat

    real = os.replace

    def guard(src, dst, *args, **kwargs):  # were a device ever renamed over, the machine would lose it
        assert not str(dst).startswith("/dev/"), "a device must never be replaced by a file"
        return real(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", guard)
    run = cli("recommend", str(EXAMPLES / "eu-marketing-hr.yaml"), "-o", "/dev/full")
    assert run.code == 1 and "/dev/full: cannot write there (No space left on device)" in run.err
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_standard_output_on_a_full_disk_is_an_error_not_a_traceback():
    import subprocess
    import sys

    example = str(EXAMPLES / "eu-marketing-hr.yaml")
    script = "import sys; from advisor.cli.entry import main; sys.argv[0] = 'advisor'; main()"
    for args in (["recommend", example], ["--version"], ["--help"]):
        with open("/dev/full", "w") as full:
            run = subprocess.run([sys.executable, "-c", script, *args], stdout=full, stderr=subprocess.PIPE, text=True)
        assert run.returncode == 1, args
        expected = "cannot write there" if args[0] == "recommend" else "cannot write the output"
        assert f"{expected} (No space left on device)" in run.stderr and "Traceback" not in run.stderr


def test_an_endless_logo_is_refused_without_reading_it_all(cli):
    run = cli("recommend", str(EXAMPLES / "eu-marketing-hr.yaml"), "-f", "html", "--logo", "/dev/zero")
    assert run.code == 1 and "/dev/zero: more than 2,097,152 bytes" in run.err and "at most 2,048 KiB" in run.err
