"""Casework: references unique whatever their case, void, acknowledgement, owner, notes and history

Revision ID: 0012_casework
Revises: 0011_alerts
Create Date: 2026-11-30

- ``representations`` gains ``acknowledged_on``, ``owner_id`` (the investigating officer),
  ``void_reason`` and ``voided_on`` (recorded in error: kept, out of every statistic);
- ``reference_key``, the reference casefolded, unique (an index on an expression would do
  the same, but SQLite's reflection cannot read one back, so the models could not be checked
  against the schema). References that differ only in case ("26c-ux1"
  beside "26C-UX1") are made distinct first: every one after the first (by date received)
  gets "-2", "-3", ... added, so nothing is lost and an officer can void the duplicate;
- ``case_notes`` and ``case_changes`` (a case's own history, old and new values);
- compliments and comments are closed on receipt: the open ones are closed, dated the day
  they were received (the register had 220 open compliments). "New" ones (from the
  have-your-say form, not yet read) wait for an officer: the words may turn out to be a
  complaint.

The downgrade drops what was added; closed compliments stay closed and renamed references
keep their suffix.
"""
import sqlalchemy as sa
from alembic import op

revision = '0012_casework'
down_revision = '0011_alerts'
branch_labels = None
depends_on = None

representations = sa.table('representations', sa.column('id', sa.String), sa.column('reference', sa.String), sa.column('reference_key', sa.String),
                           sa.column('kind', sa.String), sa.column('status', sa.String),
                           sa.column('received_on', sa.Date), sa.column('closed_on', sa.Date))


def upgrade():
    connection = op.get_bind()
    _distinct_references(connection)
    with op.batch_alter_table('representations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reference_key', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('acknowledged_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('owner_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('void_reason', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('voided_on', sa.Date(), nullable=True))
        batch_op.create_foreign_key('fk_representations_owner_id', 'staff_users', ['owner_id'], ['id'],
                                    ondelete='SET NULL')
        batch_op.create_index('ix_representations_owner_id', ['owner_id'], unique=False)
    for rep_id, reference in connection.execute(sa.select(representations.c.id, representations.c.reference)).all():
        connection.execute(representations.update().where(representations.c.id == rep_id)
                           .values(reference_key=reference.strip().casefold()))
    with op.batch_alter_table('representations', schema=None) as batch_op:
        batch_op.alter_column('reference_key', existing_type=sa.String(length=40), nullable=False)
        batch_op.create_unique_constraint('uq_representations_reference_key', ['reference_key'])
    for name in ('case_notes', 'case_changes'):
        columns = ([sa.Column('written_at', sa.DateTime(timezone=True), nullable=False),
                    sa.Column('author', sa.String(length=254), nullable=False),
                    sa.Column('text', sa.Text(), nullable=False)] if name == 'case_notes' else
                   [sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
                    sa.Column('author', sa.String(length=254), nullable=False),
                    sa.Column('field', sa.String(length=64), nullable=False),
                    sa.Column('old', sa.Text(), nullable=True),
                    sa.Column('new', sa.Text(), nullable=True)])
        op.create_table(
            name,
            sa.Column('id', sa.String(length=32), nullable=False),
            sa.Column('representation_id', sa.String(length=32), nullable=False),
            *columns,
            sa.ForeignKeyConstraint(['representation_id'], ['representations.id'], ondelete='CASCADE'),
            sa.PrimaryKeyConstraint('id'),
        )
        op.create_index(f'ix_{name}_representation_id', name, ['representation_id'], unique=False)
    connection.execute(representations.update()
                       .where(representations.c.kind.in_(('compliment', 'comment')),
                              representations.c.status == 'open')
                       .values(status='closed', closed_on=representations.c.received_on))


def downgrade():
    op.drop_table('case_changes')
    op.drop_table('case_notes')
    with op.batch_alter_table('representations', schema=None) as batch_op:
        batch_op.drop_constraint('uq_representations_reference_key', type_='unique')
        batch_op.drop_column('reference_key')
        batch_op.drop_index('ix_representations_owner_id')
        batch_op.drop_constraint('fk_representations_owner_id', type_='foreignkey')
        batch_op.drop_column('voided_on')
        batch_op.drop_column('void_reason')
        batch_op.drop_column('owner_id')
        batch_op.drop_column('acknowledged_on')


def _distinct_references(connection) -> None:
    rows = connection.execute(sa.select(representations.c.id, representations.c.reference)
                              .order_by(representations.c.received_on, representations.c.id)).all()
    taken = {reference.casefold() for _, reference in rows}
    seen: set[str] = set()
    for rep_id, reference in rows:
        key = reference.casefold()
        if key not in seen:
            seen.add(key)
            continue
        number = 2
        while f"{reference[:37]}-{number}".casefold() in taken:
            number += 1
        renamed = f"{reference[:37]}-{number}"
        taken.add(renamed.casefold())
        seen.add(renamed.casefold())
        connection.execute(representations.update().where(representations.c.id == rep_id)
                           .values(reference=renamed))
