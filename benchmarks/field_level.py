"""The nesting level of the GraphQL field whose resolver is running, for counting upstream requests per level.

Measuring aid only (the product keeps no per-field state): `create_app(..., extensions=[FieldLevel])` runs each async
resolver with `FIELD_LEVEL` set to its field's level (list indices not counted); upstream requests inherit it, since a
resolver's awaits and the DataLoader batches it schedules run in its context. The test harness counts requests per
level with it (the batching bound), and benchmarks/run.py groups a cold query's requests into dependent waves.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from typing import Any

from strawberry.extensions import SchemaExtension

__all__ = ["FIELD_LEVEL", "FieldLevel"]

FIELD_LEVEL: ContextVar[int] = ContextVar("kllgraph_measured_field_level", default=0)


class FieldLevel(SchemaExtension):
    def resolve(self, _next: Callable[..., Any], root: Any, info: Any, *args: Any, **kwargs: Any) -> Any:
        result = _next(root, info, *args, **kwargs)
        if not inspect.isawaitable(result):
            return result
        level, path = 0, info.path
        while path is not None:
            level += isinstance(path.key, str)
            path = path.prev
        return _at_level(result, level)


async def _at_level(result: Awaitable[Any], level: int) -> Any:
    token = FIELD_LEVEL.set(level)
    try:
        return await result
    finally:
        FIELD_LEVEL.reset(token)
