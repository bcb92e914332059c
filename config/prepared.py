"""Querysets compiled to SQL once per process, then run with a new value each time.

Django turns a queryset into SQL every time it runs it. For the one query every
signed-in request makes (loading its user, with the partner and the unread count
the navigation shows), compiling cost ten times what running it did: 1.5 ms against
0.14 ms on the benchmark machine (bench/breakdown.py). A PreparedQuery keeps the ORM
as the one place the query is written, compiles it once per database with a
placeholder value, and afterwards only swaps the value in, runs the
SQL and builds the instances as the ORM's own iterator does (select_related objects
and annotations included).

Only for querysets whose SQL depends on nothing but the one value: no "now", no
settings read at build time, nothing that changes between calls.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import connections, router
from django.db.models import Model, QuerySet
from django.db.models.query import get_related_populators

# A value no real row has: negative primary keys are never issued.
PLACEHOLDER = -918_273_645


@dataclass(frozen=True)
class _Compiled:
    sql: str
    params: tuple
    position: int
    init_list: list[str]
    model_slice: slice
    converters: list[tuple[int, list, Any]]
    related_populators: list
    annotations: dict[str, int]


class PreparedQuery:
    """Run `build(value)` for many values while compiling it only once.

    `build` takes the value (a primary key, say) and returns a queryset; it is
    called once with PLACEHOLDER, which must reach the SQL as exactly one
    parameter.
    """

    def __init__(self, build: Callable[[int], QuerySet]) -> None:
        self.build = build
        self._compiled: dict[str, _Compiled] = {}
        self._lock = threading.Lock()

    def first(self, value: int) -> Model | None:
        """Return the first instance for `value`, or None."""
        model = self._model()
        using = router.db_for_read(model)
        compiled = self._compiled.get(using) or self._compile(using)
        params = list(compiled.params)
        params[compiled.position] = value
        connection = connections[using]
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, params)
            row = cursor.fetchone()
        if row is None:
            return None
        return self._instance(compiled, list(row), using, connection)

    def _model(self) -> type[Model]:
        if not hasattr(self, "_model_class"):
            self._model_class = self.build(PLACEHOLDER).model
        return self._model_class

    def _compile(self, using: str) -> _Compiled:
        with self._lock:
            if using in self._compiled:
                return self._compiled[using]
            queryset = self.build(PLACEHOLDER)[:1]
            compiler = queryset.query.get_compiler(using=using)
            sql, params = compiler.as_sql()
            positions = [i for i, p in enumerate(params) if p == PLACEHOLDER]
            if len(positions) != 1:
                raise ValueError(
                    f"the placeholder reached the SQL {len(positions)} times, not once"
                )
            select, klass_info = compiler.select, compiler.klass_info
            fields = klass_info["select_fields"]
            model_slice = slice(fields[0], fields[-1] + 1)
            converters = compiler.get_converters(
                [column for column, _, _ in select[: compiler.col_count]]
            )
            compiled = _Compiled(
                sql=sql,
                params=tuple(params),
                position=positions[0],
                init_list=[
                    column.target.attname for column, _, _ in select[model_slice]
                ],
                model_slice=model_slice,
                converters=[
                    (pos, convs, expr) for pos, (convs, expr) in converters.items()
                ],
                related_populators=get_related_populators(klass_info, select, using),
                annotations=dict(compiler.annotation_col_map or {}),
            )
            self._compiled[using] = compiled
            return compiled

    def _instance(self, compiled: _Compiled, row: list, using: str, connection):
        for position, converters, expression in compiled.converters:
            value = row[position]
            for converter in converters:
                value = converter(value, expression, connection)
            row[position] = value
        instance = self._model().from_db(
            using, compiled.init_list, row[compiled.model_slice]
        )
        for populator in compiled.related_populators:
            populator.populate(row, instance)
        for name, position in compiled.annotations.items():
            setattr(instance, name, row[position])
        return instance
