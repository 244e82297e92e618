"""The staff pages, mounted at /staff by `kiosk.routes`.

Register every staff page through `page_route`: it wraps the endpoint with
`kiosk.staff.guard.page` (sign-in redirect, staff error page, `Cache-Control: no-store`).
"""

from __future__ import annotations

from collections.abc import Sequence

from starlette.routing import BaseRoute, Route

from kiosk.staff.guard import Endpoint, page
from kiosk.staff.views import (
    accounts,
    applications,
    applications_actions,
    applications_files,
    applications_trips,
    audit,
    catalog,
    catalog_edit,
    catalog_preview,
    complaints,
    console,
    console_calls,
    fleet,
    fleet_manage,
    hall,
    home,
    menus,
    menus_editor,
    menus_preview,
    menus_publish,
    menus_versions,
    ratings,
    ratings_actions,
    sign_in,
    supervision,
)
from kiosk.views import language


def page_route(path: str, endpoint: Endpoint, methods: Sequence[str], name: str) -> Route:
    return Route(path, page(endpoint), methods=list(methods), name=name)


def routes() -> list[BaseRoute]:
    return [
        page_route("/", home.home, ["GET"], "staff_home"),
        page_route("/sign-in", sign_in.sign_in_form, ["GET"], "staff_sign_in_form"),
        page_route("/sign-in", sign_in.sign_in, ["POST"], "staff_sign_in"),
        page_route("/sign-in/totp", sign_in.second_factor_form, ["GET"], "staff_second_factor_form"),
        page_route("/sign-in/totp", sign_in.second_factor, ["POST"], "staff_second_factor"),
        page_route("/sign-out", sign_in.sign_out, ["POST"], "staff_sign_out"),
        # The kiosk's switch, under /staff: a hall PC is not an enrolled kiosk, and /lang is a kiosk page.
        page_route("/lang", language.set_language, ["POST"], "staff_set_language"),
        page_route("/accounts", accounts.list_accounts, ["GET"], "staff_accounts"),
        page_route("/accounts", accounts.create_account, ["POST"], "staff_create_account"),
        page_route("/accounts/{account_id:int}/{change}", accounts.change_account, ["POST"], "staff_change_account"),
        page_route("/audit", audit.audit_trail, ["GET"], "staff_audit"),
        page_route("/applications", console.console_page, ["GET"], "staff_applications"),
        page_route("/applications", console.search_post, ["POST"], "staff_applications_search"),
        page_route("/queue/status", console_calls.status, ["GET"], "staff_queue_status"),
        page_route("/queue/{action}", console_calls.call, ["POST"], "staff_queue_call"),
        page_route("/applications/{ref}", applications.detail, ["GET"], "staff_application"),
        page_route(
            "/applications/{ref}/files/{file_id}", applications_files.view_file, ["GET"], "staff_application_file"
        ),
        page_route("/applications/{ref}/{action}", applications_actions.act, ["POST"], "staff_application_action"),
        page_route("/trips", applications_trips.trips_per_item, ["GET"], "staff_trips"),
        page_route("/supervision", supervision.board, ["GET"], "staff_supervision"),
        page_route("/supervision/export/{table}.csv", supervision.export, ["GET"], "staff_supervision_export"),
        page_route("/hall", hall.hall, ["GET"], "staff_hall"),
        page_route("/hall/alerts/{alert_id:int}/{action}", hall.act_on_alert, ["POST"], "staff_hall_alert"),
        # 自助机设备: the kiosk fleet, and registering, moving, retiring kiosks (views/fleet*.py).
        page_route("/fleet", fleet.fleet_page, ["GET"], "staff_fleet"),
        page_route("/fleet/table", fleet.fleet_table, ["GET"], "staff_fleet_table"),
        page_route("/fleet/new", fleet_manage.new_kiosk, ["GET"], "staff_fleet_new"),
        page_route("/fleet/new", fleet_manage.register, ["POST"], "staff_fleet_register"),
        page_route("/fleet/kiosks/{device_id}", fleet_manage.kiosk_page, ["GET"], "staff_fleet_kiosk"),
        page_route("/fleet/kiosks/{device_id}/move", fleet_manage.move, ["POST"], "staff_fleet_move"),
        page_route("/fleet/kiosks/{device_id}/retire", fleet_manage.retire, ["POST"], "staff_fleet_retire"),
        page_route("/ratings", ratings.list_page, ["GET"], "staff_ratings"),
        page_route("/ratings/{case_id}", ratings.case_page, ["GET"], "staff_rating_case"),
        page_route("/ratings/{case_id}/{action}", ratings_actions.act, ["POST"], "staff_rating_action"),
        page_route("/complaints", complaints.queue_page, ["GET"], "staff_complaints"),
        page_route("/complaints/{case_id}", complaints.case_page, ["GET"], "staff_complaint"),
        page_route("/complaints/{case_id}/{action}", complaints.act, ["POST"], "staff_complaint_action"),
        # 事项管理: catalog item and bundle drafts, checked and published as new versions (views/catalog*.py).
        page_route("/catalog", catalog.list_page, ["GET"], "staff_catalog"),
        page_route("/catalog/new", catalog.create, ["POST"], "staff_catalog_new"),
        page_route("/catalog/{kind}/{code}", catalog_edit.edit_page, ["GET"], "staff_catalog_edit"),
        page_route("/catalog/{kind}/{code}", catalog_edit.save, ["POST"], "staff_catalog_save"),
        page_route("/catalog/{kind}/{code}/discard", catalog_edit.discard, ["POST"], "staff_catalog_discard"),
        page_route("/catalog/{kind}/{code}/publish", catalog_edit.review, ["GET"], "staff_catalog_publish_review"),
        page_route("/catalog/{kind}/{code}/publish", catalog_edit.publish, ["POST"], "staff_catalog_publish"),
        page_route("/catalog/{kind}/{code}/preview", catalog_preview.preview_page, ["GET"], "staff_catalog_preview"),
        page_route(
            "/catalog/{kind}/{code}/preview/frame",
            catalog_preview.preview_frame,
            ["GET"],
            "staff_catalog_preview_frame",
        ),
        # 自助机菜单: kiosk menus, their drafts, preview, publishing and versions (views/menus*.py).
        page_route("/menus", menus.list_page, ["GET"], "staff_menus"),
        page_route("/menus", menus.create, ["POST"], "staff_menus_create"),
        page_route("/menus/assignments", menus.assign, ["POST"], "staff_menus_assign"),
        page_route("/menus/{menu_id}", menus_editor.editor, ["GET"], "staff_menu_editor"),
        page_route("/menus/{menu_id}/default", menus.make_default, ["POST"], "staff_menu_default"),
        page_route("/menus/{menu_id}/targets", menus_editor.targets, ["GET"], "staff_menu_targets"),
        page_route("/menus/{menu_id}/tiles", menus_editor.save_tile, ["POST"], "staff_menu_tile_save"),
        page_route("/menus/{menu_id}/tiles/{tile_id}/{op}", menus_editor.tile_op, ["POST"], "staff_menu_tile_op"),
        page_route("/menus/{menu_id}/publish", menus_publish.publish, ["POST"], "staff_menu_publish"),
        page_route("/menus/{menu_id}/preview", menus_preview.preview_page, ["GET"], "staff_menu_preview"),
        page_route("/menus/{menu_id}/preview/frame", menus_preview.preview_frame, ["GET"], "staff_menu_preview_frame"),
        page_route("/menus/{menu_id}/versions", menus_versions.versions_page, ["GET"], "staff_menu_versions"),
        page_route(
            "/menus/{menu_id}/versions/{version:int}/restore", menus_versions.restore, ["POST"], "staff_menu_restore"
        ),
        page_route(
            "/menus/{menu_id}/releases/{release_id:int}/cancel",
            menus_versions.cancel,
            ["POST"],
            "staff_menu_cancel_release",
        ),
        page_route("/menus/{menu_id}/compare", menus_versions.compare_page, ["GET"], "staff_menu_compare"),
    ]
