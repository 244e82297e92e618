"""/staff/supervision: who may open it, the filters, the charts' markup, the CSV export."""

from __future__ import annotations

import csv
import dataclasses
import io

import pytest

from shared import audit
from shared.config import Settings
from tests.shared import supervision_history
from tests.staff.conftest import Hall, make_account, sign_in, signed_in_admin

PERIOD = "from=2027-03-01&to=2027-04-30"


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return dataclasses.replace(settings, watch_seconds=0)


@pytest.fixture
async def with_history(hall: Hall) -> supervision_history.History:
    return await supervision_history.make(hall.services, hall.clock)


async def _supervisor(hall: Hall) -> None:
    await make_account(hall, "watcher", "supervisor")
    response = await sign_in(hall.client, "watcher")
    assert response.status_code == 303


async def test_signed_out_goes_to_sign_in(hall: Hall) -> None:
    response = await hall.client.get("/staff/supervision")
    assert response.status_code == 303
    assert response.headers["location"].startswith("/staff/sign-in")


@pytest.mark.parametrize(("role", "department"), [("clerk", "GA"), ("reviewer", "GA")])
async def test_clerks_and_reviewers_get_403_and_no_nav_entry(hall: Hall, role: str, department: str) -> None:
    await make_account(hall, "someone", role, department)
    await sign_in(hall.client, "someone")
    home = await hall.client.get("/staff/")
    assert "/staff/supervision" not in home.text
    for path in ("/staff/supervision", "/staff/supervision/export/departments.csv"):
        response = await hall.client.get(path)
        assert response.status_code == 403, path
    refused = await audit.recent(hall.services.db, limit=5)
    assert any(e.action == "staff.access" and e.result == "refused" for e in refused)


async def test_supervisor_sees_the_board_with_the_figures(
    hall: Hall, with_history: supervision_history.History
) -> None:
    await _supervisor(hall)
    home = await hall.client.get("/staff/")
    assert 'href="/staff/supervision"' in home.text
    page = await hall.client.get(f"/staff/supervision?{PERIOD}")
    assert page.status_code == 200
    body = page.text
    assert "电子监察" in body
    assert "66.7%" in body  # on time: 2 of 3
    assert "33.3%" in body  # on the spot: 1 of 3
    assert "2 / 3 件有承诺时限的办结件" in body
    assert with_history.d.number in body  # the overdue one is listed
    assert body.count('<svg class="chart') >= 6
    # Strict CSP: no inline style anywhere, no script but the page's static file.
    assert "style=" not in body
    assert "<script>" not in body
    assert "style-src" in page.headers["content-security-policy"]
    assert page.headers["cache-control"] == "no-store"


async def test_an_administrator_sees_it_too(hall: Hall) -> None:
    client, _secret = await signed_in_admin(hall)
    page = await client.get("/staff/supervision")
    assert page.status_code == 200
    assert "电子监察" in page.text


async def test_filters(hall: Hall, with_history: supervision_history.History) -> None:
    await _supervisor(hall)
    wj = await hall.client.get(f"/staff/supervision?{PERIOD}&department=WJ")
    assert wj.status_code == 200
    assert with_history.d.number not in wj.text
    assert '<option value="WJ" selected>' in wj.text
    preset = await hall.client.get("/staff/supervision?preset=30d")
    assert preset.status_code == 200
    assert 'aria-current="true">近30天' in preset.text
    for bad, message in (
        ("from=2027-13-01", "日期格式应为 YYYY-MM-DD"),
        ("from=2027-04-01&to=2027-03-01", "开始日期不能晚于结束日期"),
        ("department=NOPE", "没有这个部门"),
        ("preset=forever", "没有这个时间范围"),
    ):
        response = await hall.client.get(f"/staff/supervision?{bad}")
        assert response.status_code == 400, bad
        assert message in response.text


async def test_csv_export(hall: Hall, with_history: supervision_history.History) -> None:
    await _supervisor(hall)
    response = await hall.client.get(f"/staff/supervision/export/departments.csv?{PERIOD}")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"] == (
        'attachment; filename="supervision-departments-2027-03-01_2027-04-30.csv"'
    )
    assert response.content.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs for Chinese
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["部门代码/Department code", "部门/Department", "提交/Submitted"]
    ga, total = rows[1], rows[2]
    assert (ga[0], ga[2], ga[3], ga[5]) == ("GA", "4", "3", "2")
    assert float(ga[6]) == pytest.approx(0.6667, abs=1e-4)
    assert total[1] == "全部"
    assert response.content.count(b"\r\n") == 3

    alerts = await hall.client.get(f"/staff/supervision/export/alerts.csv?{PERIOD}&department=GA")
    assert 'filename="supervision-alerts-2027-03-01_2027-04-30_GA.csv"' in alerts.headers["content-disposition"]
    [header, overdue] = list(csv.reader(io.StringIO(alerts.content.decode("utf-8-sig"))))
    assert header[0] == "办件编号/Number"
    assert (overdue[0], overdue[4], overdue[7]) == (with_history.d.number, "超期", "2027-03-29")

    staff = await hall.client.get(f"/staff/supervision/export/ratings-staff.csv?{PERIOD}")
    assert len(list(csv.reader(io.StringIO(staff.content.decode("utf-8-sig"))))) == 3

    assert (await hall.client.get(f"/staff/supervision/export/nothing.csv?{PERIOD}")).status_code == 404
    entries = await audit.recent(hall.services.db, limit=10)
    exports = [e for e in entries if e.action == "supervision.export"]
    assert {e.target for e in exports} == {"departments", "alerts", "ratings-staff"}


async def test_a_cell_that_looks_like_a_formula_is_defused() -> None:
    from shared.supervision.csv_export import _cell

    assert _cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert _cell("-1") == "'-1"
    assert _cell(-1) == -1
    assert _cell(None) == ""
