"""The library call a script uses: advisor.api gives the same report the command line writes."""

from __future__ import annotations

import datetime as dt
import json

from conftest import EXAMPLES

from advisor import api
from advisor.report.render import to_data

DATE = dt.date(2026, 11, 27)


def test_the_report_data_is_plain_json_and_is_the_json_report(cli):
    answers = api.load_answers(EXAMPLES / "eu-marketing-hr.yaml")
    catalog = api.load_catalog()
    data = to_data(api.recommend(answers, catalog=catalog, date=DATE), catalog)
    # every value is JSON as it stands: no lazy views, dates or records for a script to convert
    text = json.dumps(data, indent=2, ensure_ascii=False)
    written = cli("recommend", str(EXAMPLES / "eu-marketing-hr.yaml"), "-f", "json", "--date", DATE.isoformat())
    assert written.code == 0, written.err
    assert json.loads(text) == json.loads(written.out)
    assert all(isinstance(u["excluded"], list) and u["excluded"] for u in data["stack"])


def test_the_report_data_follows_its_one_definition_and_the_schema_refuses_drift():
    import copy

    import pydantic
    import pytest

    from advisor.report.schema import report_json_schema, report_validator

    answers = api.load_answers(EXAMPLES / "clinic-regulated.yaml")
    catalog = api.load_catalog()
    data = to_data(api.recommend(answers, catalog=catalog, date=DATE), catalog)
    validator = report_validator()
    validator.validate_python(data)
    # the JSON Schema a script reads comes from the same typed dicts, nested records included
    schema = report_json_schema()
    assert list(schema["properties"]) == list(data)
    assert list(schema["$defs"]["UseCaseView"]["properties"]) == list(data["stack"][0])
    assert list(schema["$defs"]["Phase"]["properties"]) == list(data["narrative"]["roadmap"][0])
    unknown = copy.deepcopy(data)
    unknown["stack"][0]["primary"]["surprise"] = 1
    missing = copy.deepcopy(data)
    del missing["totals"]["feasible"]
    wrong = copy.deepcopy(data)
    wrong["risks"][0]["likelihood"] = "very high"
    for bad, where in ((unknown, "surprise"), (missing, "feasible"), (wrong, "likelihood")):
        with pytest.raises(pydantic.ValidationError, match=where):
            validator.validate_python(bad)
