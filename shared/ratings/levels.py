"""The five national 好差评 levels and the reasons a citizen may tick for each (pure rules).

国办发〔2019〕51号 (政务服务"好差评"制度): five levels, 非常满意 … 非常不满意. The reasons
follow its indicators — offline: overall, efficiency, skill, attitude; online: efficiency,
accuracy of the guide, convenience, usability of the platform. A kiosk visit is both (a
machine in the hall, staff nearby), so the choices cover both. A satisfied citizen says
what went well, a 基本满意 what could be better, a dissatisfied one what went wrong:
levels 1 and 2 are 差评 and, under the same rules, must be followed up by the hall.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Literal

from shared.i18n import Text

Level = Literal[1, 2, 3, 4, 5]
LEVEL_VALUES: tuple[Level, ...] = (5, 4, 3, 2, 1)  # shown best first, as the national widget does

LEVEL_TEXT: Mapping[int, Text] = MappingProxyType(
    {
        5: Text("非常满意", "Very satisfied"),
        4: Text("满意", "Satisfied"),
        3: Text("基本满意", "Fairly satisfied"),
        2: Text("不满意", "Dissatisfied"),
        1: Text("非常不满意", "Very dissatisfied"),
    }
)

REASON_TEXT: Mapping[str, Text] = MappingProxyType(
    {
        # what went well (满意, 非常满意)
        "quick": Text("办理快捷高效", "Quick and efficient"),
        "guide_clear": Text("办事指南清楚准确", "The guide was clear and accurate"),
        "easy": Text("操作简单方便", "Simple to use"),
        "few_materials": Text("材料精简，少跑腿", "Few papers, no extra trips"),
        "helpful": Text("服务热情周到", "Friendly, helpful service"),
        # what could be better (基本满意)
        "could_be_quicker": Text("办理速度还可以更快", "Could be quicker"),
        "guide_partly_unclear": Text("指南有些地方不够清楚", "Parts of the guide were unclear"),
        "many_steps": Text("操作步骤较多", "Too many steps"),
        "machine_not_smooth": Text("设备使用不够顺畅", "The machine was not smooth to use"),
        # what went wrong (不满意, 非常不满意)
        "slow": Text("办理时间太长", "It took too long"),
        "guide_wrong": Text("指南不清楚或不准确", "The guide was unclear or wrong"),
        "hard_to_use": Text("操作复杂，不好用", "Hard to use"),
        "too_many_materials": Text("材料多、重复提交", "Too many or repeated papers"),
        "extra_trips": Text("需要多次跑腿", "I had to come more than once"),
        "unfriendly": Text("服务态度不好", "Unfriendly service"),
        "machine_fault": Text("设备出现故障", "The machine broke down"),
        "unresolved": Text("问题没有得到解决", "My matter was not resolved"),
    }
)

_GOOD = ("quick", "guide_clear", "easy", "few_materials", "helpful")
_FAIR = ("could_be_quicker", "guide_partly_unclear", "many_steps", "machine_not_smooth")
_BAD = ("slow", "guide_wrong", "hard_to_use", "too_many_materials", "extra_trips", "unfriendly", "machine_fault")

REASONS_FOR_LEVEL: Mapping[int, tuple[str, ...]] = MappingProxyType(
    {5: _GOOD, 4: _GOOD, 3: _FAIR, 2: (*_BAD, "unresolved"), 1: (*_BAD, "unresolved")}
)

COMMENT_MAX = 300


def is_level(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value in LEVEL_TEXT


def is_bad(level: int) -> bool:
    """差评: the levels the hall must follow up (整改, 回访)."""
    return level <= 2
