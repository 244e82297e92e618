"""The words of the kiosk fleet pages (/staff/fleet), zh-CN and English; templates read them
as `t` with `|tr` (like texts_hall)."""

from __future__ import annotations

from types import MappingProxyType

from shared.i18n import Text

FLEET_UI: MappingProxyType[str, Text] = MappingProxyType(
    {
        "title": Text("自助机设备", "Kiosk fleet"),
        "hint": Text(
            "每台自助机每 3 秒报告一次：是否在线、正在显示哪个菜单、打印机扫描仪读卡器是否正常。本表每 5 秒自动刷新。",
            "Every kiosk reports every 3 seconds: online or not, the menu it shows, its printer, scanner and card"
            " reader. This table refreshes itself every 5 seconds.",
        ),
        "register": Text("登记自助机", "Register a kiosk"),
        # summary and filters
        "summary": Text("概况", "Summary"),
        "count_all": Text("共 {n} 台", "{n} kiosks"),
        "count_online": Text("在线 {n}", "{n} online"),
        "count_offline": Text("离线 {n}", "{n} offline"),
        "count_hardware": Text("设备故障 {n}", "{n} hardware faults"),
        "count_alert": Text("待处理提醒 {n}", "{n} with open alerts"),
        "count_menu": Text("菜单未更新 {n}", "{n} menus out of date"),
        "filter_group": Text("分组", "Group"),
        "filter_problem": Text("问题", "Problem"),
        "all_groups": Text("全部分组", "All groups"),
        "all_kiosks": Text("全部自助机", "All kiosks"),
        "problem_any": Text("有任何问题", "Any problem"),
        "problem_offline": Text("离线", "Offline"),
        "problem_hardware": Text("设备故障", "Hardware fault"),
        "problem_alert": Text("有待处理提醒", "Open alerts"),
        "problem_menu": Text("菜单未更新", "Menu out of date"),
        "apply_filter": Text("筛选", "Filter"),
        "clear_filter": Text("清除筛选", "Clear"),
        "none_match": Text("没有符合条件的自助机。", "No kiosk matches."),
        "no_kiosks": Text("尚未登记自助机。", "No kiosks are registered."),
        "as_of": Text("更新于 {time}", "As of {time}"),
        # table
        "kiosk": Text("自助机", "Kiosk"),
        "group": Text("分组", "Group"),
        "heartbeat": Text("心跳", "Heartbeat"),
        "menu": Text("菜单", "Menu"),
        "printer": Text("打印机", "Printer"),
        "scanner": Text("扫描仪", "Scanner"),
        "card_reader": Text("读卡器", "Card reader"),
        "alerts": Text("提醒", "Alerts"),
        "never": Text("从未连接", "Never seen"),
        "offline": Text("离线", "Offline"),
        "ago_just_now": Text("刚刚", "just now"),
        "ago_seconds": Text("{n} 秒前", "{n} s ago"),
        "ago_minutes": Text("{n} 分钟前", "{n} min ago"),
        "ago_hours": Text("{n} 小时前", "{n} h ago"),
        "ago_days": Text("{n} 天前", "{n} days ago"),
        "last_beat": Text("最后心跳 {time}", "Last beat {time}"),
        "shows": Text("显示", "Shows"),
        "should_show": Text("应显示", "Should show"),
        "menu_version": Text("第 {v} 版", "v{v}"),
        "menu_current": Text("已是最新", "Up to date"),
        "menu_updating": Text("正在更新", "Updating"),
        "menu_stale": Text("未更新", "Out of date"),
        "menu_elsewhere": Text("正在办理页面", "On a task page"),
        "menu_none": Text("未使用菜单", "No menu"),
        "menu_catalog": Text("目录默认布局", "Catalog layout"),
        "hw_ok": Text("正常", "OK"),
        "hw_paper_low": Text("纸将用完", "Paper low"),
        "hw_paper_out": Text("缺纸", "Out of paper"),
        "hw_jam": Text("卡纸", "Jammed"),
        "hw_unavailable": Text("无响应", "Not responding"),
        "hw_unknown": Text("未报告", "No report"),
        "no_alerts": Text("无", "None"),
        "acknowledge": Text("我去处理", "I'm on my way"),
        "resolve": Text("已处理", "Resolved"),
        "on_the_way": Text("{name} 已前往", "{name} is on the way"),
        "done_acknowledge": Text("已标记为前往处理。", "Marked as on the way."),
        "done_resolve": Text("已标记为处理完毕。", "Marked as resolved."),
        "open": Text("详情", "Details"),
        "retired_title": Text("已停用的自助机", "Retired kiosks"),
        "retired_at": Text("停用于 {time}", "Retired {time}"),
        # one kiosk
        "back": Text("返回自助机设备", "Back to the kiosk fleet"),
        "kiosk_title": Text("自助机 {name}", "Kiosk {name}"),
        "device_id": Text("编号", "Id"),
        "name": Text("名称", "Name"),
        "registered_at": Text("登记时间", "Registered"),
        "state": Text("状态", "State"),
        "move_title": Text("改名或调整分组", "Rename or move"),
        "move_hint": Text(
            "自助机搬到别的区域时，改它的分组；它显示的菜单随分组而定（见“自助机菜单”）。",
            "When a kiosk moves to another area, change its group: the menu it shows follows the group.",
        ),
        "move": Text("保存", "Save"),
        "moved": Text("已保存。", "Saved."),
        "retire_title": Text("停用这台自助机", "Retire this kiosk"),
        "retire_hint": Text(
            "停用后，这台自助机的浏览器立即失效，正在使用的群众会被退出；编号不能再用。此操作不能撤销。",
            "Retiring revokes the kiosk's browser at once and signs out a citizen using it; the id is never"
            " reused. This cannot be undone.",
        ),
        "retire": Text("停用", "Retire"),
        "retire_confirm": Text(
            "确定停用这台自助机吗？正在使用的群众会被退出。",
            "Retire this kiosk? A citizen using it will be signed out.",
        ),
        "retired": Text("自助机 {id} 已停用。", "Kiosk {id} is retired."),
        # registering
        "new_title": Text("登记自助机", "Register a kiosk"),
        "new_hint": Text(
            "登记后会显示一次密钥。请在自助机上打开登记页面，输入编号和密钥，这台机器就成为已登记的自助机。",
            "After registering, the key is shown once. On the kiosk, open the enrolment page and enter the id and"
            " the key: the machine then becomes a registered kiosk.",
        ),
        "id_hint": Text(
            "小写字母、数字和“-”，例如 lobby-03。编号不能重复使用。", "e.g. lobby-03. Ids are never reused."
        ),
        "name_hint": Text("大厅里的叫法，例如“一楼大厅 3 号机”。", "What the hall calls it, e.g. 'Lobby kiosk 3'."),
        "group_hint": Text(
            "所在区域，决定显示哪个菜单，例如 lobby、exit-entry。",
            "Where it stands; decides its menu. e.g. lobby, exit-entry.",
        ),
        "known_groups": Text("已有分组：{groups}", "Groups in use: {groups}"),
        "do_register": Text("登记", "Register"),
        "cancel": Text("取消", "Cancel"),
        "registered_title": Text("自助机 {id} 已登记", "Kiosk {id} is registered"),
        "key_once": Text(
            "这是它的密钥，只显示这一次，离开本页后无法再查看（系统只保存它的摘要）。请立即在自助机上完成登记。",
            "This is its key. It is shown this once and cannot be seen again after you leave this page (only its"
            " digest is kept). Enrol the kiosk now.",
        ),
        "key": Text("密钥", "Key"),
        "enrol_url": Text("在自助机上打开", "On the kiosk, open"),
        "enrol_steps": Text(
            "在自助机浏览器中打开上面的地址，输入编号和密钥，点“登记”。",
            "Open the address above in the kiosk's browser, enter the id and the key, and tap enrol.",
        ),
        "lost_key": Text(
            "密钥丢失时，停用这台自助机，再用新编号登记。",
            "If the key is lost, retire this kiosk and register it again under a new id.",
        ),
        "done": Text("完成", "Done"),
        "problems_title": Text("请按各项下方的提示修改。", "Please correct the fields marked below."),
    }
)
