"""The supervision board (电子监察) for supervisors and hall administrators.

    GET /staff/supervision                       the board: figures, charts, tables
        ?preset=30d|90d|month|year | ?from=YYYY-MM-DD&to=YYYY-MM-DD   [&department=CODE]
    GET /staff/supervision/export/{table}.csv    one table as CSV (UTF-8 with BOM), same filters;
        tables: departments, items, ratings-windows, ratings-staff, alerts, weeks

Who: supervisors and hall administrators (`HALL_OVERSIGHT`); everyone else gets 403 (the
refusal is audited by `require_staff`). Figures and their definitions: `shared.supervision.metrics`.
An export is audited (who took which table of which period): the board itself holds no
personal data, but a file that leaves the system is recorded.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from kiosk.lang import request_lang
from kiosk.staff.guard import client_address, require_staff
from kiosk.staff.navigation import HALL_OVERSIGHT
from kiosk.staff.templating import render_staff
from kiosk.staff.texts_supervision import SUPERVISION_UI as T
from shared import audit
from shared.applications.states import STATE_TEXT, State
from shared.audit import AuditEvent, Where
from shared.errors import NotFound
from shared.i18n import Lang, Text
from shared.services import Services
from shared.supervision import charts, csv_export, metrics
from shared.supervision.filters import PRESETS, Filters, parse_filters
from shared.supervision.metrics import Board, Durations

TABLE_ROWS = 25  # rows shown on the page per long table; the CSV has them all
_STATES = frozenset(s.value for s in State)
LEVEL_CLASSES = ("level-1", "level-2", "level-3", "level-4", "level-5")


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def _hours_text(hours: float | None, lang: Lang) -> str:
    if hours is None:
        return "—"
    if hours < 1:
        return T["minutes"].format(n=f"{hours * 60:.0f}").get(lang)
    if hours < 48:
        return T["hours"].format(n=f"{hours:.1f}").get(lang)
    return T["days"].format(n=f"{hours / 24:.1f}").get(lang)


def _band(rate: float | None) -> str:
    """The colour class of a rate: good from 95 %, fair from 85 %, poor below (hall targets)."""
    if rate is None:
        return "series-none"
    return "good" if rate >= 0.95 else "fair" if rate >= 0.85 else "poor"


async def _filters(request: Request, services: Services) -> Filters:
    snapshot = await services.catalog.current()
    return parse_filters(request.query_params, snapshot.departments.keys(), services.clock.today())


def _charts(board: Board, lang: Lang) -> dict[str, Any]:
    def t(key: str) -> str:
        return T[key].get(lang)

    weeks = board.weeks
    week_labels = [f"{w.start.month}/{w.start.day}" for w in weeks]
    volume = charts.line_chart(
        [
            charts.Series(t("series_submitted"), [float(w.submitted) for w in weeks], "series-a"),
            charts.Series(t("series_decided"), [float(w.decided) for w in weeks], "series-b"),
        ],
        week_labels,
        t("chart_volume"),
    )
    on_time_weeks = charts.line_chart(
        [charts.Series(t("series_on_time"), [w.on_time_rate for w in weeks], "series-c")],
        week_labels,
        t("chart_on_time_weeks"),
        percent=True,
    )
    departments = sorted(board.departments, key=lambda d: (d.on_time_rate is None, d.on_time_rate or 0.0))
    on_time = charts.bar_chart(
        [
            charts.Bar(d.name.get(lang), d.on_time_rate, _pct(d.on_time_rate), _band(d.on_time_rate))
            for d in departments
        ],
        t("chart_on_time"),
        maximum=1.0,
        label_width=230,
    )
    trips = charts.bar_chart(
        [
            charts.Bar(
                i.name.get(lang),
                i.average,
                f"{i.average:.2f}",
                "poor" if i.declared is not None and i.average > i.declared else "series-a",
                marker=float(i.declared) if i.declared is not None else None,
            )
            for i in board.items[:14]
        ],
        t("chart_trips"),
        label_width=230,
    )
    ratings = charts.stacked_bars(
        [(d.name.get(lang), d.ratings.levels) for d in board.departments if d.ratings.count],
        LEVEL_CLASSES,
        t("chart_ratings"),
        label_width=230,
    )
    times = charts.bar_chart(
        [
            charts.Bar(
                d.name.get(lang), d.processing.median_hours, _hours_text(d.processing.median_hours, lang), "series-b"
            )
            for d in board.departments
        ],
        t("chart_times"),
        label_width=230,
    )
    top = charts.nice_max(max((w.submitted for d in board.department_weeks.values() for w in d), default=0))
    multiples = [
        (
            d,
            charts.sparkline(
                [float(w.submitted) for w in board.department_weeks.get(d.code, [])],
                f"{d.name.get(lang)} · {t('series_submitted')}",
                y_max=top,
            ),
        )
        for d in board.departments
    ]
    return {
        "volume": volume,
        "on_time_weeks": on_time_weeks,
        "on_time": on_time,
        "trips": trips,
        "ratings": ratings,
        "times": times,
        "multiples": multiples,
    }


async def board(request: Request) -> Response:
    await require_staff(request, *HALL_OVERSIGHT)
    services: Services = request.state.services
    filters = await _filters(request, services)
    result = await metrics.build(services, filters)
    lang = request_lang(request)
    snapshot = await services.catalog.current()

    def dur(d: Durations) -> str:
        return f"{_hours_text(d.median_hours, lang)} / {_hours_text(d.p90_hours, lang)}"

    def export_url(table: str) -> str:
        query = "&".join(f"{k}={v}" for k, v in filters.query().items())
        return f"/staff/supervision/export/{table}.csv?{query}"

    return render_staff(
        request,
        "supervision/board.html",
        {
            "t": T,
            "board": result,
            "filters": filters,
            "presets": PRESETS,
            "departments": sorted(snapshot.departments.items()),
            "department_name": lambda code: (
                snapshot.departments[code].name if code in snapshot.departments else Text(code)
            ),
            "charts": _charts(result, lang),
            "pct": _pct,
            "hours": lambda h: _hours_text(h, lang),
            "dur": dur,
            "band": _band,
            "export_url": export_url,
            "rows": TABLE_ROWS,
            "levels": range(1, 6),
            "state_text": lambda state: STATE_TEXT.get(State(state), Text(state)) if state in _STATES else Text(state),
        },
    )


async def export(request: Request) -> Response:
    staff = await require_staff(request, *HALL_OVERSIGHT)
    services: Services = request.state.services
    table = request.path_params["table"]
    if table not in csv_export.TABLES:
        raise NotFound()
    filters = await _filters(request, services)
    result = await metrics.build(services, filters)
    body = csv_export.table_csv(result, table)
    async with services.db.transaction() as tx:
        await audit.record(
            tx,
            AuditEvent(
                actor=staff.actor(),
                where=Where.address(client_address(request)),
                action="supervision.export",
                result="ok",
                target=table,
                detail={
                    "from": filters.start.isoformat(),
                    "to": filters.end.isoformat(),
                    "department": filters.department,
                },
            ),
            services.clock.now(),
        )
    name = csv_export.filename(result, table)
    return Response(
        body,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"},
    )
