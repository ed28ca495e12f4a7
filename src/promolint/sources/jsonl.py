"""JSON Lines exports: each line holds one JSON object (or string); one field holds the copy.

Which field (``--field PATH`` overrides; PATH is dotted for nested objects, e.g.
``ad.body``, and a number indexes a list, e.g. ``variants.0.text``): a top-level key
named like a text field (see ``tabular.TEXT_NAMES``), else the string field (nested
ones included) that is mostly Chinese and clearly longest on average, else an error
asking for ``--field``. A line holding a JSON string is the copy itself.

Records are named ``line 3, field text`` or, with ``--id-field``,
``line 3 (id A-17), field text``; line and column of a finding count inside the
field's decoded string. An invalid line (bad JSON, not an object, no such field,
a value that is not a string) is an error for that line; the other lines are linted.
Blank lines are skipped.
"""

from __future__ import annotations

import json

from promolint.sources.base import Document, ReadResult
from promolint.sources.decode import SourceError, decode_text
from promolint.sources.tabular import GUESS_SAMPLE, guess_text_key

_MISSING = object()
# Nesting followed when collecting candidate fields for the guess.
MAX_GUESS_DEPTH = 4


def lookup(obj, path: str):
    """The value at dotted ``path`` in ``obj`` (``_MISSING`` when absent)."""
    cur = obj
    for part in path.split("."):
        if isinstance(cur, dict):
            if part not in cur:
                return _MISSING
            cur = cur[part]
        elif isinstance(cur, list) and part.lstrip("-").isdigit():
            i = int(part)
            if not -len(cur) <= i < len(cur):
                return _MISSING
            cur = cur[i]
        else:
            return _MISSING
    return cur


def _string_leaves(obj, prefix: str = "", depth: int = 0):
    if not isinstance(obj, dict) or depth > MAX_GUESS_DEPTH:
        return
    for k, v in obj.items():
        path = f"{prefix}{k}"
        if isinstance(v, str):
            yield path, v
        elif isinstance(v, dict):
            yield from _string_leaves(v, path + ".", depth + 1)


def _show(value) -> str:
    if isinstance(value, str):
        return value.strip()
    return json.dumps(value, ensure_ascii=False)


def read(data: bytes, path: str, encoding: str | None = None, options=None) -> list[Document]:
    enc = encoding or (options.encoding if options else None)
    text, used = decode_text(data, enc)
    result = ReadResult(encoding=used)
    records: list[tuple[int, object]] = []
    for n, line in enumerate(text.split("\n"), 1):
        line = line.strip()
        if not line:
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            result.errors.append(f"line {n}: 不是有效的 JSON（第 {exc.colno} 列附近出错），未检查")
            continue
        except RecursionError:
            result.errors.append(f"line {n}: JSON 嵌套过深，未检查")
            continue
        if not isinstance(obj, (dict, str)):
            result.errors.append(f"line {n}: 不是 JSON 对象或字符串，未检查")
            continue
        records.append((n, obj))
    if not records:
        return result

    field = options.field if options else None
    id_field = options.id_field if options else None
    objects = [obj for _, obj in records if isinstance(obj, dict)]
    if not field and objects:
        samples: dict[str, list[str]] = {}
        keys: list[str] = []
        for obj in objects[:GUESS_SAMPLE]:
            for key, value in _string_leaves(obj):
                if key not in samples:
                    samples[key] = []
                    keys.append(key)
                samples[key].append(value)
        if not keys:
            raise SourceError("JSONL 记录中没有字符串字段；请用 --field 指定")
        field = guess_text_key(keys, samples, "字段", "--field")

    for n, obj in records:
        ident = ""
        if isinstance(obj, str):
            name, value = f"line {n}", obj
        else:
            if id_field:
                ident_value = lookup(obj, id_field)
                if ident_value is not _MISSING and ident_value is not None and _show(ident_value):
                    ident = f" (id {_show(ident_value)})"
            value = lookup(obj, field)
            name = f"line {n}{ident}, field {field}"
            if value is _MISSING:
                result.errors.append(f"line {n}{ident}: 没有字段 {field}，未检查")
                continue
            if value is None:
                continue
            if not isinstance(value, str):
                result.errors.append(f"line {n}{ident}: 字段 {field} 不是字符串，未检查")
                continue
        result.append(Document(path=path, source=value, text=value, record=name, encoding=used))
    return result
