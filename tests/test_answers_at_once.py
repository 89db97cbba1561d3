"""A bad answers file gets every problem in one round, the unknown use-case kind among them."""

from __future__ import annotations


def test_schema_problems_and_an_unknown_kind_come_in_one_message(cli, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "schema_version: 1\n"
        "organisation: {name: X, jurisdiction: eu}\n"
        "budget: {monthly: -5, currency: EUR}\n"
        "expertise: some\n"
        "use_cases:\n"
        "  - {name: A, kind: contract_analysiss, requests_per_month: 10, input_tokens: 100, output_tokens: 10}\n"
    )
    run = cli("answers", "check", str(bad))
    assert run.code == 1
    assert "budget.monthly" in run.err
    assert "use_cases.0.kind: unknown use-case kind 'contract_analysiss'; did you mean 'document_analysis'?" in run.err
