"""How an application's JSON columns (answers, sources, correction, event detail) are
written: compact, keys sorted, Chinese unescaped, and exact for any integer."""

from __future__ import annotations

import json

from shared.applications.repository import _dump


def test_json_columns_are_compact_sorted_and_unescaped() -> None:
    value = {"b": 1, "a": "王晓明", "c": [1.5, None, True], "d": {"z": 1, "y": "x"}}
    assert _dump(value) == '{"a":"王晓明","b":1,"c":[1.5,null,true],"d":{"y":"x","z":1}}'
    assert _dump(value) == json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def test_an_integer_beyond_64_bits_is_written_exactly() -> None:
    # orjson refuses it; the fallback must not turn it into a float or drop it.
    big = 10**30 + 7
    assert json.loads(_dump({"n": big, "list": [big]})) == {"n": big, "list": [big]}
