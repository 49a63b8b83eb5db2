"""A used card is kept apart from its batch: used_cards, and invitation_codes without its used flag

Revision ID: 0010_used_cards_apart
Revises: 0009_staff_sessions
Create Date: 2026-11-30

Using a card flipped ``invitation_codes.used`` on a row that names its batch, so anyone
with the database or a backup could see which batch (which meeting, so which family) had
answered, and, between two copies, when. Now the batch and code rows are never updated
after a batch is made, and a used card is a row of ``used_cards`` keyed by a second keyed
hash of the code, with only its batch's team and financial quarter (response rates need
no more).

That key is made from the plain code, which this migration does not have, so the codes
used before it cannot be moved over as they are. Instead:

- each used code's row is deleted from ``invitation_codes``: a code that is not there is
  "unknown", so it still cannot be used again;
- for each one, ``used_cards`` gets a row with a random key (64 hex characters, like the
  real ones) and the team and quarter of its batch, inserted in random order, so the
  response rates of past quarters stay right.

Deleted rows can linger in the database file's free pages (SQLite) or as dead tuples
(PostgreSQL) until ``VACUUM``: docs/decisions/0007-invitation-codes.md says to run it
after this upgrade. Backups taken before it still hold the flags.

The downgrade adds ``used`` back as false on every code row left and drops ``used_cards``:
what it held is lost, so a code used after the upgrade (its row still there) would work
again, and the deleted codes stay unknown.
"""
import secrets
from datetime import date

import sqlalchemy as sa
from alembic import op

revision = '0010_used_cards_apart'
down_revision = '0009_staff_sessions'
branch_labels = None
depends_on = None

batches = sa.table('invitation_batches', sa.column('id', sa.String), sa.column('team', sa.String),
                   sa.column('created_on', sa.Date))
codes = sa.table('invitation_codes', sa.column('code_hash', sa.String), sa.column('batch_id', sa.String),
                 sa.column('used', sa.Boolean))
used_cards = sa.table('used_cards', sa.column('card_hash', sa.String), sa.column('team', sa.String),
                      sa.column('quarter', sa.String))


def upgrade():
    op.create_table(
        'used_cards',
        sa.Column('card_hash', sa.String(length=64), nullable=False),
        sa.Column('team', sa.String(length=64), nullable=True),
        sa.Column('quarter', sa.String(length=6), nullable=False),
        sa.PrimaryKeyConstraint('card_hash'),
        sqlite_with_rowid=False,
    )
    connection = op.get_bind()
    used = connection.execute(
        sa.select(batches.c.team, batches.c.created_on)
        .select_from(codes.join(batches, codes.c.batch_id == batches.c.id))
        .where(codes.c.used.is_(True))).all()
    rows = [{"card_hash": secrets.token_hex(32), "team": team, "quarter": _financial_quarter(created_on)}
            for team, created_on in used]
    secrets.SystemRandom().shuffle(rows)  # no trace of which rows came from one batch (PostgreSQL keeps insert order)
    if rows:
        connection.execute(used_cards.insert(), rows)
    connection.execute(codes.delete().where(codes.c.used.is_(True)))
    with op.batch_alter_table('invitation_codes', schema=None) as batch_op:
        batch_op.drop_column('used')


def downgrade():
    with op.batch_alter_table('invitation_codes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('used', sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table('invitation_codes', schema=None) as batch_op:
        batch_op.alter_column('used', server_default=None)
    op.drop_table('used_cards')


def _financial_quarter(day: date) -> str:
    """Like feedback_app.invitations.quarters.Quarter.of(day).key ("2026Q3" is October to
    December 2026), written out here so this migration never changes with the app's code."""
    year = day.year if day.month >= 4 else day.year - 1
    return f"{year}Q{(day.month - 4) % 12 // 3 + 1}"
