"""Kiosk words for the scanner, the printer, device faults and the call-staff button.

zh-CN and English; merged into kiosk.texts.UI.
"""

from __future__ import annotations

from shared.i18n import Text

WORDS: dict[str, Text] = {
    # call staff (every screen's bottom bar)
    "call_staff": Text("呼叫工作人员", "Call staff"),
    "call_staff_done": Text(
        "已通知工作人员，工作人员马上就到，请在这台自助机旁稍候。",
        "Staff have been told and will be with you shortly. Please wait by this kiosk.",
    ),
    "call_staff_again": Text(
        "工作人员已在赶来的路上，请稍候，不必再按。",
        "Staff are already on their way. Please wait; there is no need to press again.",
    ),
    "call_staff_title": Text("呼叫工作人员", "Calling staff"),
    "call_staff_back": Text("返回刚才的页面", "Back to where I was"),
    # scanning a material (materials page)
    "scan_here": Text("在本机扫描", "Scan at this kiosk"),
    "scan_doc_title": Text("扫描材料", "Scan a document"),
    "scan_howto": Text(
        "请将材料正面朝下放在扫描台上，盖好盖板，然后点“开始扫描”。",
        "Place the document face down on the scanner glass, close the lid, then tap “Start scanning”.",
    ),
    "scan_start": Text("开始扫描", "Start scanning"),
    "scan_busy": Text("正在扫描，请勿移动材料…", "Scanning, please do not move the document…"),
    "scan_done": Text("已扫描并保存：{name}", "Scanned and saved: {name}"),
    "scan_more": Text(
        "如材料有多页，请翻到下一页后再扫描一次。",
        "If the document has more pages, turn to the next page and scan again.",
    ),
    "scan_again": Text("再扫一页", "Scan another page"),
    "scan_retry": Text("重新扫描", "Scan again"),
    "scan_finished": Text("扫描完成，返回材料列表", "Done: back to the materials"),
    "scan_file_name": Text("扫描件", "Scan"),
    "scan_empty": Text(
        "扫描台上没有发现材料。请将材料正面朝下放好，再点“重新扫描”。",
        "No document was found on the scanner. Place it face down on the glass, then tap “Scan again”.",
    ),
    "scan_jam": Text(
        "扫描仪卡纸了。请取出材料重新放好，再点“重新扫描”；如仍不行，可点“呼叫工作人员”。",
        "The scanner jammed. Take the document out, place it again and tap “Scan again”;"
        " if it still fails, tap “Call staff”.",
    ),
    "scan_unavailable": Text(
        "扫描仪暂时无法使用，已通知工作人员。您也可以用手机上传这份材料。",
        "The scanner is not available right now; staff have been told."
        " You can also upload this document from your phone.",
    ),
    "scan_material_of": Text("材料：{name}", "Document: {name}"),
    # the demo device panel (demo mode only)
    "demo_devices": Text("模拟设备（演示）", "Simulated devices (demo)"),
    "demo_devices_hint": Text(
        "演示用：模拟这台自助机的扫描仪、打印机和扫码器。",
        "For the demo: act as this kiosk's scanner, printer and code reader.",
    ),
    "demo_scanner": Text("扫描仪", "Scanner"),
    "demo_place_document": Text("放一页材料", "Put a page on the glass"),
    "demo_place_photo": Text("放一张照片", "Put a photo on the glass"),
    "demo_scanner_jam": Text("下次扫描卡纸", "Jam the next scan"),
    "demo_printer": Text("打印机", "Printer"),
    "demo_paper_out": Text("取走纸张（缺纸）", "Take the paper out"),
    "demo_paper_in": Text("加满纸张", "Fill with paper"),
    "demo_jam": Text("卡纸", "Jam it"),
    "demo_clear_jam": Text("排除卡纸", "Clear the jam"),
    "demo_code_reader": Text("扫码器", "Code reader"),
    "demo_present_receipt": Text("出示最近打印的回执", "Hold up the last printed receipt"),
    "demo_present_code": Text("出示此编码", "Hold up this code"),
    "demo_code_label": Text("编码内容", "Code content"),
    "demo_status_document": Text("扫描台上已放好材料。", "A document is on the scanner glass."),
    "demo_status_photo": Text("扫描台上已放好照片。", "A photo is on the scanner glass."),
    "demo_status_scanner_jam": Text("下一次扫描将卡纸。", "The next scan will jam."),
    "demo_status_paper_out": Text("打印机已没有纸。", "The printer has no paper now."),
    "demo_status_paper_in": Text("打印机已加满纸。", "The printer is full of paper."),
    "demo_status_jam": Text("打印机卡纸了。", "The printer is jammed."),
    "demo_status_clear_jam": Text("卡纸已排除。", "The jam is cleared."),
    "demo_status_code": Text("编码已放在扫码器下。", "The code is under the code reader."),
    "demo_status_no_receipt": Text("这台自助机还没有打印过回执。", "This kiosk has not printed a receipt yet."),
    "demo_card_reader": Text("身份证读卡器", "ID-card reader"),
    "demo_reader_off": Text("读卡器断开", "Disconnect the reader"),
    "demo_reader_on": Text("读卡器恢复", "Reconnect the reader"),
    "demo_status_reader_off": Text("读卡器已断开，无法读卡。", "The card reader is disconnected."),
    "demo_status_reader_on": Text("读卡器已恢复。", "The card reader works again."),
    "demo_paper_left": Text("回执纸 {receipts} 张，A4 纸 {a4} 张", "{receipts} receipts and {a4} A4 sheets left"),
}
