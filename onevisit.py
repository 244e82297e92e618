"""The composition root: builds the app from `shared`, `kiosk` and `mobile_api`, and the CLI.

    onevisit serve                    start the server (embedded SQLite, demo catalog)
    onevisit catalog validate FILE    check a catalog file, listing every problem
    onevisit catalog import FILE [--dry-run]
    onevisit catalog export [FILE]
    onevisit staff create --username U --role R [--department CODE] [--name N]
                                      (the password is read from a prompt or stdin, never argv)
    onevisit audit verify             check the audit trail's hash chain
    onevisit calendar load FILE       load a year's holidays and make-up working days (国务院办公厅 notice)
    onevisit calendar show YEAR       list a loaded year's holidays and make-up working days
    onevisit kiosk register --id ID --name NAME [--group GROUP]   (prints the device key once)
    onevisit kiosk retire --id ID     revoke a kiosk's enrolment and end its citizen session
    onevisit kiosk list

It lives outside `shared/` because it is the one place that knows both adapters.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import logging
import sys
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route

from kiosk.device import KioskDeviceMiddleware
from kiosk.errors import render_html_error
from kiosk.routes import routes as kiosk_routes
from kiosk.session import SignInRequired, sign_in_required_response
from mobile_api.errors import render_json_error
from mobile_api.routes import routes as api_routes
from mobile_api.uploads import upload_body_limit
from shared.applications import watch as time_watch
from shared.clock import Clock
from shared.config import Settings
from shared.errors import AppError, TooManyRequests, Unauthorized, error_for_status
from shared.materials.files import sweep_orphans
from shared.services import Services, open_services
from shared.web.middleware import (
    AccessLogMiddleware,
    BodyLimitMiddleware,
    CrossOriginMiddleware,
    SecurityHeadersMiddleware,
)
from shared.web.responses import JSONResponse
from shared.web.static import VersionedStaticFiles

STATIC_DIR = Path(__file__).resolve().parent / "static"
log = logging.getLogger("onevisit")


async def render_error(request: Request, error: AppError) -> Response:
    """The one error path: JSON for the API, HTML for pages."""
    if request.url.path.startswith("/api/"):
        response = await render_json_error(request, error)
        if isinstance(error, Unauthorized):
            response.headers["WWW-Authenticate"] = 'Bearer realm="onevisit"'
    else:
        response = await render_html_error(request, error)
    if isinstance(error, TooManyRequests):
        response.headers["Retry-After"] = str(error.retry_after)
    return response


async def handle_app_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, AppError)
    return await render_error(request, exc)


async def handle_sign_in_required(request: Request, exc: Exception) -> Response:
    # A kiosk page that needs a citizen sends the browser to sign in, not to an error page.
    assert isinstance(exc, SignInRequired)
    return sign_in_required_response(request, exc)


async def handle_http_exception(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    response = await render_error(request, error_for_status(exc.status_code))
    # Keep what the framework said about the request, such as `Allow` on a 405.
    for name, value in (exc.headers or {}).items():
        response.headers[name] = value
    return response


async def handle_unexpected(request: Request, exc: Exception) -> Response:
    # Logged with its traceback for the operators; the client gets a plain apology.
    log.exception("unhandled error on %s %s", request.method, request.url.path)
    return await render_error(request, AppError())


async def healthz(request: Request) -> Response:
    services: Services = request.state.services
    snapshot = await services.catalog.current()
    await services.db.fetch_one("SELECT 1")
    return JSONResponse(
        {"status": "ok", "catalog_revision": snapshot.revision, "items": len(snapshot.items)},
        headers={"Cache-Control": "no-store"},
    )


def create_app(settings: Settings, clock: Clock | None = None, *, freeze_heap: bool = False) -> Starlette:
    """The whole application; `clock` lets tests move time (token and session expiry).

    `freeze_heap` (the server, not tests): once started, move everything loaded so far (the
    catalog, templates, dictionaries) out of the garbage collector's sight. A full
    collection otherwise walks all of it every few hundred requests, a pause of tens of
    milliseconds each time (measured with benchmarks/submission_bench.py).
    """

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[dict[str, Any]]:
        async with open_services(settings, clock) as services:
            # A crash between an upload's file and its row leaves a file nobody can reach.
            removed = await sweep_orphans(services)
            if removed:
                logging.getLogger("onevisit").info("removed %d orphaned material files", removed)
            if freeze_heap:
                gc.collect()
                gc.freeze()
            # 承诺时限: warnings, overdue and deemed approvals (ONEVISIT_WATCH_SECONDS; 0 = off).
            async with time_watch.running(services):
                yield {"services": services}

    return Starlette(
        routes=[
            Route("/healthz", healthz, methods=["GET"], name="healthz"),
            Mount("/api/v1", routes=api_routes(), name="api"),
            Mount("/static", app=VersionedStaticFiles(STATIC_DIR), name="static"),
            *kiosk_routes(),
        ],
        middleware=[
            Middleware(AccessLogMiddleware, server_timing=settings.server_timing),
            Middleware(SecurityHeadersMiddleware, https=settings.https),
            Middleware(
                BodyLimitMiddleware,
                max_body_bytes=settings.max_body_bytes,
                render=render_error,
                limit_for=upload_body_limit,
            ),
            Middleware(CrossOriginMiddleware, render=render_error),
            # Innermost: which kiosk is asking (and the citizen session it carries).
            Middleware(KioskDeviceMiddleware),
        ],
        exception_handlers={
            AppError: handle_app_error,
            SignInRequired: handle_sign_in_required,
            HTTPException: handle_http_exception,
            Exception: handle_unexpected,
        },
        lifespan=lifespan,
    )


# --- command line ---------------------------------------------------------------------


def _configure_logging(level: str) -> None:
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")


def _serve(settings: Settings) -> int:
    import uvicorn

    print(f"OneVisit on http://{settings.host}:{settings.port}  (data: {settings.data_dir.resolve()})", flush=True)
    # uvicorn's own access log prints query strings, which may hold an ID number typed into
    # search; ours logs the path only.
    uvicorn.run(
        create_app(settings, freeze_heap=True),
        host=settings.host,
        port=settings.port,
        access_log=False,
        log_level="warning",
        proxy_headers=True,
        server_header=False,
    )
    return 0


async def _catalog_command(settings: Settings, args: argparse.Namespace) -> int:
    from shared.catalog.importer import CatalogFileError, export_catalog, import_catalog, parse_catalog_text
    from shared.catalog.validation import validate_catalog
    from shared.db import Database

    if args.action == "validate":
        try:
            doc = parse_catalog_text(Path(args.file).read_text(encoding="utf-8"))
        except CatalogFileError as exc:
            return _report_problems(exc.problems)
        problems = validate_catalog(doc)
        if problems:
            return _report_problems(problems)
        print(f"{args.file}: valid ({len(doc.get('items', []))} items, {len(doc.get('bundles', []))} bundles)")
        return 0

    db = Database(settings.database_path, readers=1)
    await db.open()
    try:
        if args.action == "import":
            try:
                doc = parse_catalog_text(Path(args.file).read_text(encoding="utf-8"))
                report = await import_catalog(db, doc, dry_run=args.dry_run)
            except CatalogFileError as exc:
                print("Nothing was imported.", file=sys.stderr)
                return _report_problems(exc.problems)
            prefix = "dry run: " if args.dry_run else ""
            print(prefix + report.summary())
            for label, codes in (("new", report.created), ("new version", report.updated)):
                for code in codes:
                    print(f"  {label}: {code}")
            return 0
        exported = await export_catalog(db)
        text = json.dumps(exported, ensure_ascii=False, indent=2) + "\n"
        if args.file and args.file != "-":
            Path(args.file).write_text(text, encoding="utf-8")
        else:
            sys.stdout.write(text)
        return 0
    finally:
        await db.close()


def _report_problems(problems: Sequence[object]) -> int:
    print(f"{len(problems)} problem(s):", file=sys.stderr)
    for problem in problems:
        print(f"  {problem}", file=sys.stderr)
    return 1


def _read_password() -> str | None:
    """A new password from a prompt (typed twice), or the first line of piped stdin.

    Never from the command line: argv is visible to every user in `ps` and kept in shell history.
    """
    if sys.stdin.isatty():
        import getpass

        first = getpass.getpass("Password: ")
        if getpass.getpass("Repeat the password: ") != first:
            print("The two passwords differ; nothing was created.", file=sys.stderr)
            return None
        return first
    return sys.stdin.readline().rstrip("\r\n")


async def _staff_command(settings: Settings, args: argparse.Namespace) -> int:
    from shared.audit import Actor, Where
    from shared.errors import ValidationFailed
    from shared.staff.management import NewAccount, create_account

    password = _read_password()
    if password is None:
        return 1
    async with open_services(settings) as services:
        departments = (await services.catalog.current()).departments.keys()
        new = NewAccount(args.username, args.name or args.username, args.role, args.department, password)
        try:
            account = await create_account(
                services.db, new, departments, Actor.system("cli"), Where.system(), services.clock.now()
            )
        except ValidationFailed as exc:
            print("Nothing was created.", file=sys.stderr)
            return _report_problems([f"{p.path}: {p.message.get('en')} / {p.message.zh}" for p in exc.problems])
    print(f"created {account.label}" + (f" in department {account.department_code}" if account.department_code else ""))
    return 0


async def _audit_command(settings: Settings, args: argparse.Namespace) -> int:
    from shared.audit import verify_chain
    from shared.db import Database

    db = Database(settings.database_path, readers=1)
    await db.open()
    try:
        broken = await verify_chain(db)
        row = await db.fetch_one("SELECT count(*) AS n FROM audit_log")
    finally:
        await db.close()
    if broken is not None:
        print(f"BROKEN: audit entry {broken} was changed, removed or inserted out of turn")
        return 1
    print(f"OK: {row['n'] if row else 0} audit entries, hash chain intact")
    return 0


async def _kiosk_command(settings: Settings, args: argparse.Namespace) -> int:
    from shared.audit import Actor, AuditEvent, Where, record
    from shared.clock import Clock
    from shared.db import Database
    from shared.kiosk import devices

    db = Database(settings.database_path, readers=1)
    await db.open()
    now = Clock().now()
    try:
        if args.action == "list":
            for device in await devices.list_all(db):
                seen = device.last_seen_at or "-"
                state = f"retired {device.retired_at}" if device.retired_at else f"last seen {seen}"
                print(f"{device.id}\t{device.group}\t{device.name}\t{state}")
            return 0
        async with db.transaction() as tx:
            if args.action == "register":
                try:
                    key = await devices.register(tx, args.device_id, args.name, args.group, now)
                except devices.DeviceError as exc:
                    print(f"Nothing was registered: {exc}", file=sys.stderr)
                    return 1
                action = "kiosk.device.register"
            else:
                if not await devices.retire(tx, args.device_id, now):
                    print(f"No active kiosk {args.device_id!r}.", file=sys.stderr)
                    return 1
                action = "kiosk.device.retire"
            # The same target as the fleet page's changes (shared.kiosk.registry), so the audit
            # trail's filter finds a kiosk's whole history.
            target = f"kiosk:{args.device_id}"
            event = AuditEvent(Actor.system("cli"), Where.kiosk(args.device_id), action, "ok", target=target)
            await record(tx, event, now)
    finally:
        await db.close()
    if args.action == "register":
        print(f"registered kiosk {args.device_id}. Its key, shown this once (enter it at /kiosk/enrol on the kiosk):")
        print(key)
    else:
        print(f"retired kiosk {args.device_id}: its enrolment is revoked (running servers notice within seconds)")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="onevisit", description="OneVisit government service hall backend")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="start the server")
    serve.add_argument("--host", help="overrides ONEVISIT_HOST")
    serve.add_argument("--port", type=int, help="overrides ONEVISIT_PORT")
    serve.add_argument("--data-dir", help="overrides ONEVISIT_DATA_DIR")
    catalog = commands.add_parser("catalog", help="validate, import or export a catalog file")
    catalog_actions = catalog.add_subparsers(dest="action", required=True)
    validate = catalog_actions.add_parser("validate", help="check a file and list every problem")
    validate.add_argument("file")
    do_import = catalog_actions.add_parser("import", help="import a file in one transaction")
    do_import.add_argument("file")
    do_import.add_argument("--dry-run", action="store_true", help="report what would change, write nothing")
    export = catalog_actions.add_parser("export", help="write the current catalog in the import format")
    export.add_argument("file", nargs="?", default="-")
    staff = commands.add_parser("staff", help="manage hall staff accounts")
    staff_actions = staff.add_subparsers(dest="action", required=True)
    staff_create = staff_actions.add_parser("create", help="create an account; the password is read from stdin")
    staff_create.add_argument("--username", required=True)
    staff_create.add_argument("--role", required=True, choices=["admin", "clerk", "reviewer", "supervisor"])
    staff_create.add_argument("--department", help="catalog department code (clerks and reviewers)")
    staff_create.add_argument("--name", help="display name (defaults to the username)")
    audit = commands.add_parser("audit", help="check the audit trail")
    audit_actions = audit.add_subparsers(dest="action", required=True)
    audit_verify = audit_actions.add_parser("verify", help="check the hash chain; exit 1 naming the first bad entry")
    calendar = commands.add_parser("calendar", help="the working-day calendar: holidays and make-up days")
    calendar_actions = calendar.add_subparsers(dest="action", required=True)
    calendar_load = calendar_actions.add_parser("load", help="check and load a year file (replaces that year)")
    calendar_load.add_argument("file")
    calendar_show = calendar_actions.add_parser("show", help="list a loaded year")
    calendar_show.add_argument("year", type=int)
    kiosk = commands.add_parser("kiosk", help="register and retire self-service kiosks")
    kiosk_actions = kiosk.add_subparsers(dest="action", required=True)
    kiosk_register = kiosk_actions.add_parser("register", help="register a kiosk; prints its key once")
    kiosk_register.add_argument("--id", required=True, dest="device_id", help="e.g. lobby-01")
    kiosk_register.add_argument("--name", required=True, help="e.g. 一楼大厅 1 号机")
    kiosk_register.add_argument("--group", default="lobby", help="where it stands: lobby, exit-entry, ...")
    kiosk_retire = kiosk_actions.add_parser("retire", help="revoke a kiosk's enrolment at once")
    kiosk_retire.add_argument("--id", required=True, dest="device_id")
    kiosk_list = kiosk_actions.add_parser("list", help="list the registered kiosks")
    for sub in (validate, do_import, export, staff_create, audit_verify, kiosk_register, kiosk_retire, kiosk_list):
        sub.add_argument("--data-dir", help="overrides ONEVISIT_DATA_DIR")
    for sub in (calendar_load, calendar_show):
        sub.add_argument("--data-dir", help="overrides ONEVISIT_DATA_DIR")
    demo = commands.add_parser("demo", help="demo data (demo mode only)")
    demo_actions = demo.add_subparsers(dest="action", required=True)
    demo_history = demo_actions.add_parser("history", help="months of applications through the real workflows")
    demo_history.add_argument("--months", type=int, default=4)
    demo_history.add_argument("--per-day", type=float, default=6.0, help="new applications per working day")
    demo_history.add_argument("--seed", type=int, default=2026)
    demo_history.add_argument("--data-dir", help="overrides ONEVISIT_DATA_DIR")
    args = parser.parse_args(argv)

    settings = Settings.from_env()
    overrides: dict[str, Any] = {}
    if getattr(args, "data_dir", None):
        overrides["data_dir"] = Path(args.data_dir)
    if getattr(args, "host", None):
        overrides["host"] = args.host
    if getattr(args, "port", None):
        overrides["port"] = args.port
    if overrides:
        from dataclasses import replace

        settings = replace(settings, **overrides)
    _configure_logging(settings.log_level)
    if args.command == "serve":
        return _serve(settings)
    if args.command == "staff":
        return asyncio.run(_staff_command(settings, args))
    if args.command == "audit":
        return asyncio.run(_audit_command(settings, args))
    if args.command == "kiosk":
        return asyncio.run(_kiosk_command(settings, args))
    if args.command == "demo":
        from shared.supervision.demo_history import run_command

        return asyncio.run(run_command(settings, args.months, args.per_day, args.seed))
    if args.command == "calendar":
        from shared.calendar import command as calendar_command

        if args.action == "load":
            return asyncio.run(calendar_command.load(settings, args.file))
        return asyncio.run(calendar_command.show(settings, args.year))
    return asyncio.run(_catalog_command(settings, args))


if __name__ == "__main__":
    raise SystemExit(main())
