"""one case per MRN whatever its letter case: a unique index on lower(mrn)

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-26

``services._find`` looks a case up by ``lower(mrn) = lower(?)`` (SYN-0001 and
syn-0001 are one patient). Without an index on that expression every look-up read
every case (1.2 ms at 10,000 cases, import_1000_s in docs/performance.md); SQLite and
PostgreSQL both use an index on ``lower(mrn)`` for exactly that comparison.

Unique on both backends: the database itself now refuses a second case whose MRN
differs only in letter case, which before only the app's check refused (writers take
turns, so isconf's own writes pass it; an edit outside isconf did not). ``lower()`` is
the database's own on both sides of every comparison, as in ``_find``: SQLite folds
ASCII letters only, PostgreSQL follows the database's locale.

If stored MRNs already clash (possible only through edits outside isconf), the upgrade
stops before changing anything and names them; the previous isconf version opens the
database to rename one of each.

SQLAlchemy cannot reflect an expression index on SQLite: a later batch-mode
migration that rebuilds ``case_record`` must create this index again
(``isconf check`` reports it missing, see ``isconf.store.integrity``).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

INDEX = "ix_case_record_mrn_lower"


def upgrade() -> None:
    _refuse_clashing_mrns()
    op.create_index(INDEX, "case_record", [sa.text("lower(mrn)")], unique=True)


def downgrade() -> None:
    op.drop_index(INDEX, table_name="case_record")


def _refuse_clashing_mrns() -> None:
    rows = op.get_bind().execute(
        sa.text(
            "SELECT mrn FROM case_record WHERE lower(mrn) IN "
            "(SELECT lower(mrn) FROM case_record GROUP BY lower(mrn) HAVING count(*) > 1) "
            "ORDER BY lower(mrn), mrn"
        )
    )
    clashing = [row[0] for row in rows]
    if clashing:
        from isconf.store.database import MigrationRefused

        shown = ", ".join(repr(mrn) for mrn in clashing[:20])
        more = f" and {len(clashing) - 20} more" if len(clashing) > 20 else ""
        raise MigrationRefused(
            f"cannot upgrade to schema 0007: these MRNs differ only in letter case, and one MRN "
            f"must name one case: {shown}{more}; nothing was changed: rename one of each with "
            "the previous isconf version, then open the database again"
        )
