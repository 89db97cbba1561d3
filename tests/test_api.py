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
