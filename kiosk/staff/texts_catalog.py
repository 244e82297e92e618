"""The words of the catalog editor (/staff/catalog), zh-CN and English; templates read them as `t.key|tr`."""

from __future__ import annotations

from types import MappingProxyType

from shared.i18n import Text

# 表单字段类型 as the editor names them (the catalog's codes: text, number, date...).
FIELD_TYPE_TEXT: MappingProxyType[str, Text] = MappingProxyType(
    {
        "text": Text("文字", "Text"),
        "number": Text("数字", "Number"),
        "date": Text("日期", "Date"),
        "choice": Text("选择题", "Choice"),
        "id_number": Text("身份证号码", "ID number"),
        "phone": Text("电话号码", "Phone number"),
        "address": Text("地址", "Address"),
        "file": Text("上传材料", "File"),
    }
)

CATALOG_UI: MappingProxyType[str, Text] = MappingProxyType(
    {
        # list
        "title": Text("事项管理", "Service catalog"),
        "list_title": Text("事项与“一件事”", "Items and bundles"),
        "list_hint": Text(
            "修改事项会先保存为草稿；检查无误后发布为新版本，自助机在几秒内显示新内容。",
            "Changes are kept as a draft; once checked, publish them as a new version: kiosks show it within seconds.",
        ),
        "search": Text("搜索", "Search"),
        "search_placeholder": Text("名称、编码或拼音", "Name, code or pinyin"),
        "filter_kind": Text("类别", "Kind"),
        "filter_kind_all": Text("全部", "All"),
        "filter_kind_item": Text("事项", "Items"),
        "filter_kind_bundle": Text("一件事", "Bundles"),
        "filter_status_all": Text("全部", "All"),
        "filter_status_active": Text("在用", "Active"),
        "filter_status_retired": Text("已停用", "Retired"),
        "filter_drafts_all": Text("全部", "All"),
        "filter_drafts_with": Text("有草稿", "With a draft"),
        "filter_drafts_without": Text("无草稿", "Without a draft"),
        "all_departments": Text("全部部门", "All departments"),
        "filter": Text("筛选", "Filter"),
        "filter_reset": Text("清除", "Clear"),
        "found": Text("共 {n} 项", "{n} found"),
        "open_drafts": Text("{n} 份草稿未发布", "{n} unpublished drafts"),
        "nothing_found": Text("没有符合条件的事项。", "Nothing matches."),
        "actions": Text("操作", "Actions"),
        "open": Text("编辑", "Edit"),
        "pages": Text("分页", "Pages"),
        "previous_page": Text("上一页", "Previous"),
        "next_page": Text("下一页", "Next"),
        "page_of": Text("第 {page} / {pages} 页", "Page {page} of {pages}"),
        "kind_item": Text("事项", "Item"),
        "kind_bundle": Text("一件事", "Bundle"),
        "new_item": Text("新建事项", "New item"),
        "new_item_hint": Text(
            "先填写编码、名称、部门和类型，其余内容在下一页逐项填写。可以复制一个相近事项的内容作为起点。",
            "Give the code, name, department and type; fill in the rest on the next page."
            " You may start from a similar item's content.",
        ),
        "new_bundle": Text("新建“一件事”", "New bundle"),
        "new_bundle_hint": Text(
            "把一个人生或企业事件要办的几个事项合在一起办理（至少两个事项）。",
            "Items of one life event applied for together (at least two items).",
        ),
        "new_code_hint": Text(
            "字母、数字、下划线、点或短横线，例如 GA-SFZ-003；发布后不能修改。",
            "Letters, digits, _ . or -, e.g. GA-SFZ-003; it cannot change once published.",
        ),
        "new_name_zh": Text("中文名称", "Name in Chinese"),
        "choose": Text("请选择", "Choose"),
        "copy_from": Text("复制内容自（可不填）", "Copy the content of (optional)"),
        "copy_from_placeholder": Text("输入编码或名称", "Type a code or name"),
        "copy_from_hint": Text(
            "材料、表单、时限等都会复制过来，实施编码除外。",
            "Materials, form, limits... are copied; the national code is not.",
        ),
        "create_item": Text("新建并开始编辑", "Create and edit"),
        "create_bundle": Text("新建并开始编辑", "Create and edit"),
        "new_code_invalid": Text(
            "编码只能由字母、数字、下划线、点或短横线组成（1–64 个字符，以字母或数字开头）。",
            "A code is 1–64 letters, digits, _ . or -, starting with a letter or digit.",
        ),
        "new_name_missing": Text("请填写中文名称。", "Give the name in Chinese."),
        "new_department_missing": Text("请选择实施部门。", "Choose the handling department."),
        "new_type_missing": Text("请选择事项类型。", "Choose the item type."),
        "new_copy_unknown": Text(
            "找不到要复制的事项，请从列表中选择。", "No such item to copy; pick one from the list."
        ),
        "done_discarded_new": Text(
            "草稿已放弃，未发布的新事项已删除。", "The draft was discarded; the unpublished item is gone."
        ),
        # editor head
        "code": Text("编码", "Code"),
        "published": Text("已发布", "Published"),
        "not_published": Text("尚未发布", "Not published yet"),
        "version_n": Text("第 {n} 版", "version {n}"),
        "draft": Text("草稿", "Draft"),
        "draft_open": Text("有草稿", "Draft open"),
        "draft_saved_by": Text("第 {revision} 次保存 · {name} · {time}", "save {revision} · {name} · {time}"),
        "no_draft": Text("无草稿（修改后自动保存为草稿）", "No draft (your first change starts one)"),
        "tabs": Text("编辑内容", "Sections"),
        "tab_basics": Text("基本信息", "Basic facts"),
        "tab_handling": Text("时限、渠道与收费", "Limits, channels, fees"),
        "tab_materials": Text("申请材料", "Materials"),
        "tab_form": Text("表单与情形", "Form and situations"),
        "tab_items": Text("包含事项", "Items"),
        "tab_advanced": Text("高级（JSON）", "Advanced (JSON)"),
        "done_saved": Text("草稿已保存。", "Draft saved."),
        "done_created": Text(
            "已新建草稿。填写完成后，点击“检查”，再“发布”。",
            "Draft started. When it is complete, check it, then publish.",
        ),
        "done_published": Text(
            "已发布为第 {n} 版。自助机和手机端会在几秒内显示新内容。",
            "Published as version {n}. Kiosks and phones show it within seconds.",
        ),
        "done_unchanged": Text(
            "内容与已发布的第 {n} 版相同，没有产生新版本；草稿已删除。",
            "The content equals published version {n}: no new version was made; the draft is gone.",
        ),
        "done_discarded": Text(
            "草稿已放弃，显示的是已发布的内容。", "Draft discarded; the published content is shown."
        ),
        "conflict": Text(
            "这份草稿刚被其他人修改过，您的修改没有保存。下面是最新的内容，请在此基础上重新修改。",
            "Someone else changed this draft just now; your change was not saved. The latest content is shown:"
            " make your change again.",
        ),
        "base_moved": Text(
            "注意：此草稿从第 {base} 版开始编辑，之后又发布了第 {now} 版。"
            "发布前请在“发布”页核对差异，以免覆盖他人的修改。",
            "Note: this draft started from version {base}; version {now} was published since."
            " Review the differences on the publish page so as not to undo someone's change.",
        ),
        # check
        "check_ok": Text("检查通过：可以发布。", "Checked: ready to publish."),
        "check_problems": Text("检查发现 {n} 处问题", "{n} problems found"),
        "check_hint": Text(
            "与目录导入相同的检查，问题显示在对应的输入框旁。",
            "The same checks as a catalog import; each problem shows beside its input.",
        ),
        "check_hint_elsewhere": Text("其他页的问题列在下面。", "Those on other sections are listed here."),
        # actions
        "save": Text("保存草稿", "Save draft"),
        "check": Text("检查", "Check"),
        "preview": Text("自助机预览", "Kiosk preview"),
        "publish_review": Text("发布…", "Publish…"),
        "autosave_hint": Text("修改会自动保存到草稿。", "Changes are saved to the draft as you go."),
        "autosave_hint_new": Text(
            "修改后会自动保存为草稿，发布前群众看不到。",
            "Changes are kept as a draft; citizens see nothing until you publish.",
        ),
        "autosave_saving": Text("正在保存…", "Saving…"),
        "autosave_saved": Text("已自动保存", "Saved"),
        "autosave_unsaved": Text("有未保存的修改", "Unsaved changes"),
        "autosave_stale": Text(
            "其他人刚修改了这份草稿，自动保存已停止。请刷新页面查看最新内容。",
            "Someone else changed this draft; saving stopped. Reload to see the latest content.",
        ),
        "autosave_failed": Text(
            "未能自动保存，请点击“保存草稿”查看原因。", "Could not save; press “Save draft” to see why."
        ),
        "discard": Text("放弃草稿", "Discard draft"),
        "discard_hint": Text(
            "删除草稿中的全部修改，已发布的内容不变。", "Drops every change in the draft; the published content stays."
        ),
        "discard_confirm": Text(
            "确定放弃这份草稿的全部修改吗？此操作无法撤销。",
            "Discard every change in this draft? This cannot be undone.",
        ),
        # inputs
        "lang_zh": Text("中文", "Chinese"),
        "lang_en": Text("英文", "English"),
        "unknown_value": Text("（目录中没有）", "(not in the catalog)"),
        "not_stated": Text("未说明", "Not stated"),
        "none_choice": Text("无", "None"),
        "code_fixed_hint": Text("编码不能修改。", "The code cannot change."),
        "national_code": Text("实施编码", "National implementation code"),
        "national_code_hint": Text(
            "6–40 位大写字母或数字；没有可不填。", "6–40 capital letters or digits; leave empty if none."
        ),
        "name": Text("名称", "Name"),
        "summary": Text("简介", "Summary"),
        "keywords": Text("搜索关键词", "Search keywords"),
        "keywords_hint": Text("用逗号或顿号分隔，例如：身份证，换证", "Separated by commas, e.g. 身份证, 换证"),
        "item_type": Text("事项类型", "Item type"),
        "department": Text("实施部门", "Department"),
        "co_departments": Text("协办部门（并联审批）", "Co-handling departments"),
        "co_departments_hint": Text("实施部门本身不要勾选。", "Do not tick the handling department itself."),
        "audience": Text("服务对象", "For"),
        "audience_person": Text("个人", "Individuals"),
        "audience_company": Text("企业", "Companies"),
        "status": Text("状态", "Status"),
        "status_active": Text("在用", "Active"),
        "status_retired": Text("停用", "Retired"),
        "status_hint": Text(
            "停用后群众不能再在自助机上申请，已受理的办件不受影响。",
            "Once retired, citizens can no longer apply at kiosks; applications already made are unaffected.",
        ),
        "bundle_status_hint": Text(
            "停用后自助机不再显示此“一件事”。", "Once retired, kiosks no longer offer this bundle."
        ),
        "categories": Text("所属分类（主题、人生事件）", "Categories (topics, life events)"),
        "categories_hint": Text(
            "自助机上按分类浏览时在哪里出现。", "Where it appears when citizens browse by category."
        ),
        "popularity": Text("每月办件量", "Applications per month"),
        "popularity_hint": Text("用于“常用事项”排序。", "Ranks the “most used” list."),
        # handling
        "limits_title": Text("时限与到现场次数", "Time limits and trips"),
        "case_type": Text("办件类型", "Case type"),
        "case_instant": Text("即办件", "Decided on the spot"),
        "case_commitment": Text("承诺件", "Decided within the promised time"),
        "legal_days": Text("法定时限（工作日）", "Legal time limit (working days)"),
        "promised_days": Text("承诺时限（工作日）", "Promised time limit (working days)"),
        "days_hint": Text(
            "不知道可不填（群众看到“未提供”）。", "Leave empty if unknown (citizens see “Not provided”)."
        ),
        "promised_days_hint": Text(
            "不能超过法定时限；即办件填 0。", "No more than the legal limit; 0 for decided on the spot."
        ),
        "max_visits": Text("最多到现场次数", "Trips to the hall at most"),
        "max_visits_hint": Text("0 表示全程网办、不用跑。", "0 means none: everything can be done remotely."),
        "visit_reason": Text("需要到现场的原因", "Why a trip is needed"),
        "deemed_approval": Text("过期默许", "Deemed approval"),
        "deemed_approval_hint": Text(
            "时限届满未作决定即视为准予（须有法规依据）。", "Approved if not decided in time (needs a legal basis)."
        ),
        "channels_title": Text("办理渠道", "Channels"),
        "channels_hint": Text(
            "“自助终端”为“是”时，群众可以在自助机上申请。",
            "With “Self-service kiosk” yes, citizens can apply at a kiosk.",
        ),
        "channel_yes": Text("是", "Yes"),
        "channel_no": Text("否", "No"),
        "fees_title": Text("收费", "Fees"),
        "fees_mode": Text("是否收费", "Charges"),
        "fees_unknown": Text("未提供", "Not provided"),
        "fees_free": Text("不收费", "Free of charge"),
        "fees_charged": Text("收费", "Charged"),
        "fees_hint": Text("选择“收费”后逐项填写费用。", "With “Charged”, list each fee."),
        "fee_n": Text("费用 {n}", "Fee {n}"),
        "fee_name": Text("费用名称", "Fee name"),
        "fee_amount": Text("金额（元）", "Amount (yuan)"),
        "fee_amount_hint": Text("例如 20 或 12.50", "e.g. 20 or 12.50"),
        "fee_basis": Text("收费依据", "Basis"),
        "add_fee": Text("+ 添加费用", "+ Add a fee"),
        "result_title": Text("办理结果", "Result"),
        "result_name": Text("结果名称", "Result"),
        "result_certificate": Text("结果电子证照", "Electronic certificate issued"),
        "result_certificate_hint": Text(
            "办结后放入群众的电子证照卡包。", "Added to the citizen's wallet once decided."
        ),
        "result_delivery": Text("送达方式", "Delivery"),
        # materials
        "materials_title": Text("申请材料", "Materials"),
        "materials_hint": Text(
            "按群众准备的顺序排列。有电子证照或可共享数据的材料，群众可免交纸质件。",
            "In the order citizens prepare them. A material an electronic certificate or shared data"
            " can replace need not be brought on paper.",
        ),
        "material_n": Text("材料 {n}", "Material {n}"),
        "material_unnamed": Text("（未填写名称）", "(no name yet)"),
        "material_name": Text("材料名称", "Material"),
        "material_code": Text("材料编码", "Material code"),
        "material_code_hint": Text(
            "“一件事”中编码相同的材料只需提交一次。", "In a bundle, materials with the same code are asked for once."
        ),
        "material_kind": Text("材料形式", "Form"),
        "copies": Text("份数", "Copies"),
        "required": Text("必须提交", "Required"),
        "material_required_hint": Text("不勾选表示“如有请提供”。", "Unticked: “if you have it”."),
        "certificate_type": Text("可替代的电子证照", "Replaced by electronic certificate"),
        "certificate_type_hint": Text(
            "群众有此电子证照时免交纸质件。", "With this certificate the paper is not needed."
        ),
        "shared_data": Text("免提交：数据共享部门", "Shared by department (no paper)"),
        "shared_data_hint": Text("由该部门共享数据，群众不用提交。", "The data comes from that department instead."),
        "material_note": Text("说明", "Note"),
        "no_materials": Text("尚未填写申请材料。", "No materials yet."),
        "add_material": Text("+ 添加材料", "+ Add a material"),
        "row_advanced_only": Text(
            "这一项的格式特殊，请在“高级”页修改。", "This entry has an unusual shape; edit it under Advanced."
        ),
        # conditions
        "condition": Text("需要时（情形）", "When (situation)"),
        "condition_always": Text("总是需要", "Always"),
        "condition_when_answer": Text("当“{question}”", "When “{question}”"),
        "condition_question": Text("问题", "Question"),
        "condition_test": Text("判断", "Test"),
        "condition_value": Text("答案", "Answer"),
        "op_equals": Text("等于", "equals"),
        "op_in": Text("是其中之一（逗号分隔）", "is one of (comma separated)"),
        "op_answered": Text("已填写", "is answered"),
        "op_unanswered": Text("未填写", "is not answered"),
        "condition_json": Text("条件（JSON）", "Condition (JSON)"),
        "condition_json_hint": Text(
            "组合条件（all / any / not）以 JSON 编辑；清空表示总是需要。",
            "A combined condition (all / any / not) is edited as JSON; empty means always.",
        ),
        # form
        "form_title": Text("表单与情形问题", "Form and situation questions"),
        "form_hint": Text(
            "每组问题在自助机上占一屏。材料和问题的“需要时”只能引用前面已问过的问题；选择题就是情形问题。",
            "Each group is one kiosk screen. A “when” may only use questions asked before it;"
            " choice questions are the situation questions.",
        ),
        "form_advanced_hint": Text(
            "帮助文字、输入规则（长度、格式、日期范围）等请在“高级”页修改。",
            "Help texts and input rules (length, pattern, date range) are edited under Advanced.",
        ),
        "group_n": Text("问题组 {n}", "Group {n}"),
        "group_untitled": Text("（未填写标题）", "(no title yet)"),
        "group_title": Text("本屏标题", "Screen title"),
        "group_code": Text("组编码", "Group code"),
        "question_n": Text("问题 {n}", "Question {n}"),
        "field_label": Text("问题", "Question"),
        "field_code": Text("字段编码", "Field code"),
        "field_code_hint": Text(
            "同一事实在各事项中用同一编码，如 applicant_name。",
            "Use one code for one fact across items, e.g. applicant_name.",
        ),
        "field_type": Text("类型", "Type"),
        "field_required": Text("必须回答", "Answer required"),
        "options": Text("选项（选择题）", "Options (choice)"),
        "options_hint": Text(
            "每行一个：值 | 中文 | English，例如 self | 本人 | Myself", "One a line: value | 中文 | English"
        ),
        "add_question": Text("+ 在本屏添加问题", "+ Add a question to this screen"),
        "add_group": Text("+ 添加一屏问题", "+ Add a screen of questions"),
        "no_form": Text("此事项没有表单。", "This item has no form."),
        # bundle
        "bundle_promised_days": Text("承诺时限（工作日）", "Promised time limit (working days)"),
        "bundle_promised_hint": Text("不填时按各事项中最长的计算。", "Empty: the longest of its items."),
        "bundle_items_title": Text("包含的事项", "Items in this bundle"),
        "bundle_items_hint": Text(
            "按办理顺序排列，至少两个事项；各事项共用的问题只问一次。",
            "In the order they are handled, at least two; questions they share are asked once.",
        ),
        "no_bundle_items": Text("尚未添加事项。", "No items yet."),
        "unknown_item": Text("目录中没有此事项", "No such item in the catalog"),
        "add_item_label": Text("添加事项", "Add an item"),
        "add_item_placeholder": Text("输入编码或名称后从列表选择", "Type a code or name, pick from the list"),
        "add_item": Text("添加", "Add"),
        # rows
        "move_up": Text("上移", "Up"),
        "move_down": Text("下移", "Down"),
        "remove": Text("删除", "Remove"),
        "move_up_named": Text("上移：{what}", "Move up: {what}"),
        "move_down_named": Text("下移：{what}", "Move down: {what}"),
        "remove_named": Text("删除：{what}", "Remove: {what}"),
        # advanced
        "advanced_title": Text("完整内容（JSON）", "The whole document (JSON)"),
        "advanced_hint": Text(
            "与目录导入文件中这一项的格式相同（见 docs/catalog-format.md），保存时按同样的规则检查。",
            "The same format as this entry in a catalog import file (docs/catalog-format.md), checked the same way.",
        ),
        # publish
        "publish_title": Text("发布", "Publish"),
        "publish_heading": Text("发布：{name}", "Publish: {name}"),
        "publish_compare": Text("与已发布的第 {n} 版相比：", "Compared with published version {n}:"),
        "publish_first": Text("首次发布。", "First publication."),
        "publish_blocked": Text("有 {n} 处问题，修改后才能发布", "{n} problems to correct before publishing"),
        "changes_title": Text("修改内容", "Changes"),
        "change_where": Text("位置", "Where"),
        "change_kind": Text("变化", "Change"),
        "change_before": Text("原内容", "Before"),
        "change_after": Text("新内容", "After"),
        "change_added": Text("新增", "Added"),
        "change_removed": Text("删除", "Removed"),
        "change_changed": Text("修改", "Changed"),
        "change_moved": Text("移动", "Moved"),
        "publish_unchanged": Text(
            "草稿与已发布的第 {n} 版内容相同：发布不会产生新版本。",
            "The draft equals published version {n}: publishing makes no new version.",
        ),
        "publish_effect": Text(
            "发布后，第 {n} 版立即生效，自助机和手机端几秒内显示新内容；已受理的办件仍按原版本办理。",
            "Version {n} takes effect at once and kiosks and phones show it within seconds;"
            " applications already made keep their version.",
        ),
        "publish_effect_unchanged": Text(
            "不会产生新版本，草稿将被删除。", "No new version is made; the draft is removed."
        ),
        "publish_as": Text("发布为第 {n} 版", "Publish as version {n}"),
        "publish_unchanged_button": Text("确认（不产生新版本）", "Confirm (no new version)"),
        "published_meanwhile": Text(
            "在您核对之后，又发布了新的版本。请核对下面与最新版本的差异后再发布。",
            "A newer version was published after you reviewed. Check the differences against it below, then publish.",
        ),
        "back_to_editor": Text("返回编辑", "Back to editing"),
        # preview
        "preview_title": Text("自助机预览", "Kiosk preview"),
        "preview_heading": Text("自助机预览：{name}", "Kiosk preview: {name}"),
        "preview_of_draft": Text(
            "草稿（发布后为第 {n} 版）在自助机上的样子。",
            "The draft (version {n} once published) as a kiosk shows it.",
        ),
        "preview_of_published": Text(
            "已发布的第 {n} 版在自助机上的样子。", "Published version {n} as a kiosk shows it."
        ),
        "preview_language": Text("语言", "Language"),
        "preview_elder": Text("长辈模式", "Elder mode"),
        "preview_elder_off": Text("标准", "Standard"),
        "preview_elder_on": Text("长辈模式", "Elder mode"),
        "preview_hint": Text("预览中的按钮不会提交任何内容。", "Buttons in the preview do nothing."),
        "preview_frame_title": Text("自助机屏幕预览", "Kiosk screen preview"),
        "preview_blocked": Text(
            "草稿的格式有问题，暂时无法预览。请先修改下列问题。",
            "The draft's structure has problems and cannot be shown yet. Correct these first.",
        ),
    }
)
