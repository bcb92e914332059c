"""Querysets compiled to SQL once per process, then run with new values each time.

Django turns a queryset into SQL every time it runs it. For the queries every
signed-in request makes (loading its user, with the partner and the unread count
the navigation shows; whom a worker covers today), compiling cost ten times what
running them did: 1.5 ms against 0.14 ms on the benchmark machine
(bench/breakdown.py). A PreparedQuery keeps the ORM as the one place the query is
written, compiles it once per database with placeholder values, and afterwards
only swaps the values in, runs the SQL and builds the instances as the ORM's own
iterator does (select_related objects and annotations included).

The values are, by default, an id and, optionally, a date; each may appear in the
SQL any number of times. A query may instead say what it takes (`takes`), in
order, any of:

- ID: an id; DATE: a date;
- IDS: a tuple of ids, such as a worker and the colleagues they cover
  (accounts.cover.held_by_ids), which the ORM writes `IN (%s, %s, ...)`: the
  query is compiled once per length, and each id swapped in;
- KEY: a hashable passed to `build` as it is, such as a role, for a query whose
  shape depends on it: compiled once per value. Keep their number small.

With `plan_once`, PostgreSQL also keeps the statement (PREPARE, once per database
connection) and runs it with each request's values (EXECUTE): after five runs it
plans it once for any values, instead of on every request. For a page's joined
lists that planned in 0.6-0.9 ms and ran in 0.1 ms (Today). The statement names
its values' types (bigint, date); every other parameter is written into it as
the driver would have sent it.

Only for querysets whose SQL depends on nothing but those values: no "now", no
settings read at build time, nothing that changes between calls. Each id or date
must reach the SQL as it was passed: a value computed from a placeholder (the
day after it, an id plus one) is refused when compiling, so pass it as a value of
its own.
"""

from __future__ import annotations

import datetime
import itertools
import threading
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections, router
from django.db.models import Model, QuerySet
from django.db.models.query import get_related_populators

# Values no real row has: negative primary keys are never issued, and the
# programme has no records from 1901. The n-th id of a query is PLACEHOLDER less
# n steps, its n-th date DATE_PLACEHOLDER plus n steps: far enough apart that a
# value computed from one (a day later, four weeks later) is not another.
PLACEHOLDER = -918_273_645
DATE_PLACEHOLDER = datetime.date(1901, 2, 3)
_ID_STEP = 1009
_DATE_STEP = datetime.timedelta(days=397)
# A parameter this close to a placeholder, and not one, was computed from one.
_NEAR_ID = 10_000_000
_NEAR_DATE = datetime.timedelta(days=15_000)

ID, DATE, IDS, KEY = "id", "date", "ids", "key"


@dataclass(frozen=True)
class _Statement:
    """A PostgreSQL statement to prepare once per connection: its SQL, its
    values written $1, $2..., and their types."""

    sql: str
    types: tuple[str, ...]

    def run(self, cursor, connection, values: list) -> None:
        """Run the statement with `values` on `cursor`.

        On a connection that has not prepared it, it is prepared and run in one
        round trip (one statement to count, like any other run). PREPARE outlives
        a failed transaction, so a run that fails may leave it prepared: the next
        attempt prepares it under a name of its own, never one in use.
        """
        prepared = _PREPARED_ON.setdefault(connection.connection, {})
        arguments = f" ({', '.join(['%s'] * len(values))})" if values else ""
        name = prepared.get(self)
        if name is not None:
            cursor.execute(f"EXECUTE {name}{arguments}", values)
            return
        name = f"keywork_prepared_{next(_statement_numbers)}"
        types = f" ({', '.join(self.types)})" if self.types else ""
        # The statement's own text holds no parameter: its % signs are literal.
        prepare = f"PREPARE {name}{types} AS {self.sql}".replace("%", "%%")
        cursor.execute(f"{prepare}; EXECUTE {name}{arguments}", values)
        prepared[self] = name


def statement(sql: str, types: tuple[str, ...]) -> _Statement:
    """Return a hand-written PostgreSQL statement, its values $1, $2... of
    `types`, to be prepared once per connection and run as `run` says.

    For a statement every request sends that the ORM does not build, such as
    reading the session (accounts/sessions.py).
    """
    return _Statement(sql=sql, types=tuple(types))


@dataclass(frozen=True)
class _Compiled:
    sql: str
    params: tuple
    slots: tuple[tuple[int, int], ...]  # (parameter position, value index)
    init_list: list[str]
    model_slice: slice
    converters: list[tuple[int, list, Any]]
    related_populators: list
    annotations: dict[str, int]
    statement: _Statement | None


# Each database connection (the driver's) maps the statements it has prepared to
# the names it prepared them under, unique in the process; a new one prepares
# them again.
_statement_numbers = itertools.count(1)
_PREPARED_ON: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


# A query the ORM knows matches nothing (an empty IN list): never sent.
_NOTHING = object()


class PreparedQuery:
    """Run `build(id)` (or `build(id, day)`, or what `takes` says) for many values,
    compiling it once.

    `build` returns a queryset; it is called once with the placeholders, and
    each must reach the SQL as a parameter at least once.
    """

    def __init__(
        self,
        build: Callable[..., QuerySet],
        *,
        with_date: bool = False,
        takes: tuple[str, ...] | None = None,
        plan_once: bool = False,
    ) -> None:
        if takes is None:
            takes = (ID, DATE) if with_date else (ID,)
        unknown = set(takes) - {ID, DATE, IDS, KEY}
        if unknown:
            raise ValueError(f"unknown kinds of value: {sorted(unknown)}")
        self.build = build
        self.takes = tuple(takes)
        self.plan_once = plan_once
        self._compiled: dict[tuple, _Compiled | object] = {}
        self._models: dict[tuple, type[Model]] = {}
        self._lock = threading.Lock()

    def first(self, *values: Any) -> Model | None:
        """Return the first instance for `values`, or None."""
        rows = self._run(values, limit=True)
        return rows[0] if rows else None

    def all(self, *values: Any) -> list[Model]:
        """Return every instance for `values`."""
        return self._run(values, limit=False)

    def rows(self, *values: Any) -> list[list]:
        """Return every row for `values`, for a values_list() queryset: lists of
        the converted values, with no instance built, in the SQL's order (its
        fields, then its annotations)."""
        return self._run(values, limit=False, as_rows=True)

    def _run(self, values: tuple, *, limit: bool, as_rows: bool = False) -> list:
        if len(values) != len(self.takes):
            raise TypeError(f"expected {len(self.takes)} values")
        shape = self._shape_of(values)
        model = self._model(shape)
        using = router.db_for_read(model)
        key = (using, limit, shape)
        compiled = self._compiled.get(key) or self._compile(key)
        if compiled is _NOTHING:
            return []
        connection = connections[using]
        adapted = [_adapt(value, connection) for value in self._flat(values)]
        params = list(compiled.params)
        for position, index in compiled.slots:
            params[position] = adapted[index]
        with connection.cursor() as cursor:
            statement = compiled.statement
            if statement is None:
                cursor.execute(compiled.sql, params)
            else:
                statement.run(cursor, connection, adapted)
            rows = cursor.fetchall()
        if as_rows:
            return [self._converted(compiled, list(row), connection) for row in rows]
        return [
            self._instance(compiled, model, list(row), using, connection)
            for row in rows
        ]

    def _shape_of(self, values: tuple) -> tuple:
        """What the SQL's shape depends on: each tuple's length and each key."""
        return tuple(
            len(value) if kind == IDS else value
            for kind, value in zip(self.takes, values, strict=True)
            if kind in (IDS, KEY)
        )

    def _flat(self, values: tuple) -> list:
        """Return the ids and dates among `values`, tuples spread, in order."""
        flat = []
        for kind, value in zip(self.takes, values, strict=True):
            if kind == IDS:
                flat.extend(value)
            elif kind != KEY:
                flat.append(value)
        return flat

    def _placeholders(self, shape: tuple) -> tuple[tuple, list]:
        """Return the arguments for `build` for `shape`, and the ids and dates
        among them as _flat() lists the values."""
        ids = (PLACEHOLDER - n * _ID_STEP for n in range(5000))
        days = (DATE_PLACEHOLDER + n * _DATE_STEP for n in range(30))
        shaped = iter(shape)
        arguments, flat = [], []
        for kind in self.takes:
            if kind == ID:
                flat.append(next(ids))
                arguments.append(flat[-1])
            elif kind == DATE:
                flat.append(next(days))
                arguments.append(flat[-1])
            elif kind == IDS:
                several = tuple(next(ids) for _ in range(next(shaped)))
                flat.extend(several)
                arguments.append(several)
            else:
                arguments.append(next(shaped))
        return tuple(arguments), flat

    def _model(self, shape: tuple) -> type[Model]:
        model = self._models.get(shape)
        if model is None:
            model = self.build(*self._placeholders(shape)[0]).model
            self._models[shape] = model
        return model

    def _compile(self, key: tuple) -> _Compiled | object:
        using, limit, shape = key
        with self._lock:
            if key in self._compiled:
                return self._compiled[key]
            arguments, placeholders = self._placeholders(shape)
            queryset = self.build(*arguments)
            if limit:
                queryset = queryset[:1]
            compiler = queryset.query.get_compiler(using=using)
            try:
                sql, params = compiler.as_sql()
            except EmptyResultSet:
                self._compiled[key] = _NOTHING
                return _NOTHING
            connection = connections[using]
            wanted = [_adapt(value, connection) for value in placeholders]
            slots = tuple(
                (position, wanted.index(param))
                for position, param in enumerate(params)
                if _is_value(param, connection) and param in wanted
            )
            for index, value in enumerate(placeholders):
                if index not in {i for _, i in slots}:
                    raise ValueError(f"the placeholder {value!r} did not reach the SQL")
            for param in params:
                if _derived(param, connection) and param not in wanted:
                    raise ValueError(
                        f"{param!r}, computed from a placeholder, reached the SQL: "
                        "pass it as a value of its own"
                    )
            select, klass_info = compiler.select, compiler.klass_info
            # A values_list() queryset selects no instance: only rows() runs it.
            fields = klass_info["select_fields"] if klass_info else [0, -1]
            model_slice = slice(fields[0], fields[-1] + 1)
            converters = compiler.get_converters(
                [column for column, _, _ in select[: compiler.col_count]]
            )
            compiled = _Compiled(
                sql=sql,
                params=tuple(params),
                slots=slots,
                init_list=[
                    column.target.attname for column, _, _ in select[model_slice]
                ],
                model_slice=model_slice,
                converters=[
                    (pos, convs, expr) for pos, (convs, expr) in converters.items()
                ],
                related_populators=(
                    get_related_populators(klass_info, select, using)
                    if klass_info
                    else []
                ),
                annotations=dict(compiler.annotation_col_map or {}),
                statement=(
                    _statement(sql, params, slots, placeholders, connection)
                    if self.plan_once and connection.vendor == "postgresql"
                    else None
                ),
            )
            self._compiled[key] = compiled
            return compiled

    def _converted(self, compiled: _Compiled, row: list, connection) -> list:
        for position, converters, expression in compiled.converters:
            value = row[position]
            for converter in converters:
                value = converter(value, expression, connection)
            row[position] = value
        return row

    def _instance(self, compiled: _Compiled, model, row: list, using, connection):
        row = self._converted(compiled, row, connection)
        instance = model.from_db(using, compiled.init_list, row[compiled.model_slice])
        for populator in compiled.related_populators:
            populator.populate(row, instance)
        for name, position in compiled.annotations.items():
            setattr(instance, name, row[position])
        return instance


def _statement(
    sql: str, params: list, slots: tuple, placeholders: list, connection
) -> _Statement:
    """Return `sql` as a prepared statement taking the placeholders' values
    ($1, $2... in their order), its other parameters written in."""
    value_of = dict(slots)
    with connection.cursor() as cursor:
        pieces = [
            f"${value_of[position] + 1}"
            if position in value_of
            else cursor.mogrify("%s", [param]).decode()
            for position, param in enumerate(params)
        ]
    return _Statement(
        sql=sql % tuple(pieces),
        types=tuple(
            "date" if isinstance(value, datetime.date) else "bigint"
            for value in placeholders
        ),
    )


def _is_value(param: Any, connection) -> bool:
    """Whether `param` is an id or a date as this database is sent them (not a
    flag, which equals 0 or 1). SQLite is sent dates as ISO text."""
    if isinstance(param, str):
        return connection.vendor == "sqlite" and _iso_date(param) is not None
    return isinstance(param, int | datetime.date) and not isinstance(param, bool)


def _iso_date(text: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(text[:10])
    except ValueError:
        return None


def _derived(param: Any, connection) -> bool:
    """Whether `param` is near enough a placeholder to have been computed from one."""
    if not _is_value(param, connection):
        return False
    if isinstance(param, str):
        param = _iso_date(param)
    if isinstance(param, datetime.datetime):
        param = param.date()
    if isinstance(param, datetime.date):
        return abs(param - DATE_PLACEHOLDER) < _NEAR_DATE
    return abs(param - PLACEHOLDER) < _NEAR_ID


def _adapt(value: int | datetime.date, connection) -> Any:
    """Return `value` as the ORM passes it to this database."""
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return connection.ops.adapt_datefield_value(value)
    return value
