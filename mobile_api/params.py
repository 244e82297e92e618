"""Query parameters parsed strictly: a wrong type or value is a 400 that names the parameter."""

from __future__ import annotations

from collections.abc import Iterable

from starlette.requests import Request

from shared.errors import FieldProblem, InvalidParameter
from shared.i18n import LANGS, Text

KNOWN_COMMON = frozenset({"lang"})


def _problem(name: str, message: Text) -> InvalidParameter:
    return InvalidParameter(
        Text("参数 {name} 不正确。", "The parameter {name} is not valid.").format(name=name),
        problems=[FieldProblem(f"query.{name}", "invalid_parameter", message)],
    )


def reject_unknown(request: Request, allowed: Iterable[str]) -> None:
    """Refuse parameters an endpoint does not take, and a `lang` that names no language."""
    allowed_set = set(allowed) | KNOWN_COMMON
    for name in request.query_params:
        if name not in allowed_set:
            raise _problem(name, Text("不支持此参数。", "This parameter is not supported here."))
    choice_param(request, "lang", LANGS)


def int_param(request: Request, name: str, default: int, minimum: int, maximum: int) -> int:
    raw = request.query_params.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise _problem(name, Text("请填写整数。", "Must be a whole number.")) from None
    if not minimum <= value <= maximum:
        raise _problem(
            name,
            Text("须在 {lo} 到 {hi} 之间。", "Must be between {lo} and {hi}.").format(lo=minimum, hi=maximum),
        )
    return value


def choice_param(request: Request, name: str, choices: Iterable[str]) -> str | None:
    raw = request.query_params.get(name)
    if raw is None:
        return None
    options = list(choices)
    if raw not in options:
        raise _problem(
            name,
            Text("可选值：{values}。", "Allowed values: {values}.").format(values=", ".join(options)),
        )
    return raw


def text_param(request: Request, name: str, max_length: int = 100) -> str | None:
    raw = request.query_params.get(name)
    if raw is None:
        return None
    raw = raw.strip()
    if len(raw) > max_length:
        raise _problem(name, Text("最多 {n} 个字。", "At most {n} characters.").format(n=max_length))
    return raw or None
