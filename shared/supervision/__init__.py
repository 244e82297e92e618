"""电子监察: the supervision board's figures, charts, CSV tables and the demo history.

    filters = parse_filters(query, departments, today)      # period + department, 400 on bad input
    board = await metrics.build(services, filters)           # every figure of the board, one read
    charts.bar_chart(...), charts.line_chart(...)            # server-drawn SVG (no JS, no inline style)
    csv_export.table_csv(board, "departments")               # UTF-8 with BOM, for Excel

All SQL of the board lives in `shared.supervision.metrics`.
"""
