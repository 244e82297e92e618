"""The words of the hall page (/staff/hall), zh-CN and English; the template reads them with `|tr`."""

from __future__ import annotations

from types import MappingProxyType

from shared.i18n import Text

HALL_UI: MappingProxyType[str, Text] = MappingProxyType(
    {
        "title": Text("大厅提醒", "Hall alerts"),
        "hint": Text(
            "群众在自助机上呼叫工作人员、自助机设备故障时，会显示在这里。请前往处理，并及时标记。",
            "Citizens calling for staff at a kiosk, and kiosk hardware faults, show here."
            " Go and help, then mark what you did.",
        ),
        "open_alerts": Text("待处理", "Open"),
        "no_alerts": Text("目前没有待处理的提醒。", "Nothing needs attention right now."),
        "kiosk": Text("自助机", "Kiosk"),
        "what": Text("情况", "What happened"),
        "since": Text("发生时间", "Raised"),
        "ago_minutes": Text("{n} 分钟前", "{n} min ago"),
        "just_now": Text("刚刚", "just now"),
        "state": Text("状态", "State"),
        "state_open": Text("待处理", "Open"),
        "state_acknowledged": Text("{name} 已前往", "{name} is on the way"),
        "state_resolved": Text("已处理", "Resolved"),
        "actions": Text("操作", "Actions"),
        "acknowledge": Text("我去处理", "I'm on my way"),
        "resolve": Text("已处理", "Resolved"),
        "done_acknowledge": Text("已标记为前往处理。", "Marked as on the way."),
        "done_resolve": Text("已标记为处理完毕。", "Marked as resolved."),
        "hardware": Text("自助机设备状态", "Kiosk hardware"),
        "hardware_hint": Text(
            "各设备最近一次报告的状态；打印或扫描成功后会自动恢复为正常。",
            "The state each device last reported; it returns to OK after the next good print or scan.",
        ),
        "no_kiosks": Text("尚未登记自助机。", "No kiosks are registered."),
        "component_printer": Text("打印机", "Printer"),
        "component_scanner": Text("扫描仪", "Scanner"),
        "component_card_reader": Text("身份证读卡器", "ID-card reader"),
        "hw_ok": Text("正常", "OK"),
        "hw_paper_out": Text("缺纸", "Out of paper"),
        "hw_jam": Text("卡纸", "Jammed"),
        "hw_unavailable": Text("无响应", "Not responding"),
        "hw_unknown": Text("未报告", "No report yet"),
        "updated": Text("更新于 {time}", "as of {time}"),
        "recently_resolved": Text("最近处理完毕", "Recently resolved"),
        "refresh": Text("刷新", "Refresh"),
    }
)
