"""Single sign-on: the identity provider's subject for each staff account, and the day of its last sign-in

Revision ID: 0015_single_sign_on
Revises: 0014_two_factor
Create Date: 2026-11-30

``oidc_subject`` is kept at a person's first sign-in through the council's OpenID
Connect provider; later sign-ins match on it. ``last_sign_in_on`` (a date) lets an
account nobody has used for ``staff_accounts.disable_after_days`` be disabled;
existing accounts start empty and count from when they were created.
"""
import sqlalchemy as sa
from alembic import op

revision = '0015_single_sign_on'
down_revision = '0014_two_factor'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('staff_users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('oidc_subject', sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column('last_sign_in_on', sa.Date(), nullable=True))
        batch_op.create_unique_constraint('uq_staff_users_oidc_subject', ['oidc_subject'])


def downgrade():
    with op.batch_alter_table('staff_users', schema=None) as batch_op:
        batch_op.drop_constraint('uq_staff_users_oidc_subject', type_='unique')
        batch_op.drop_column('last_sign_in_on')
        batch_op.drop_column('oidc_subject')
