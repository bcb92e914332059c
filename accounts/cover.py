"""Rows reachable through cover: "belongs to a colleague this user covers while away".

Written as `column IN (colleagues covered)` the condition joins or hashes the
colleagues per row, so an OR with the user's own rows scans a whole table
(20,000 participants on every keyworker page). On PostgreSQL it is written as
`column = ANY(ARRAY(subquery))`: the colleagues are read once, up front, and each
branch of the OR is an index scan (6 ms to 0.5 ms, bench/EXPLAIN.md).
"""

from __future__ import annotations

from django.db.models import BooleanField, F, Func, Subquery
from django.utils import timezone

from .models import User


class InColleaguesCovered(Func):
    """True when `column` (a user id) is an away colleague whom `user` covers.

    Away is marked by a manager, or dated leave that includes today.
    """

    output_field = BooleanField()
    conditional = True

    def __init__(self, column: str, user: User) -> None:
        today = timezone.localdate()
        covered = User.objects.covered_by(user, today).order_by().values("pk")
        super().__init__(F(column), Subquery(covered))

    def _parts(self, compiler, connection):
        column, covered = self.get_source_expressions()
        column_sql, column_params = compiler.compile(column)
        covered_sql, covered_params = compiler.compile(covered)
        return column_sql, covered_sql, (*column_params, *covered_params)

    def as_sql(self, compiler, connection, **extra_context):
        column_sql, covered_sql, params = self._parts(compiler, connection)
        return f"{column_sql} IN {covered_sql}", params

    def as_postgresql(self, compiler, connection, **extra_context):
        column_sql, covered_sql, params = self._parts(compiler, connection)
        return f"{column_sql} = ANY(ARRAY{covered_sql})", params
