"""A response keeps only the context the threat model allows: no meeting month, teams from the list

Revision ID: 0008_card_context
Revises: 0007_response_choice_codes
Create Date: 2026-11-30

``responses.meeting_month`` held the month of the card's meeting: beyond what a response
keeps (its own date only; the month stays with the batch). Teams were once typed freely
("Or another team name"), so any ``responses.team`` or ``invitation_batches.team`` that
is not one of the deployment's configured teams is set to NULL: typed text may name a
family. The downgrade adds the column back, empty; the cleared teams do not come back.
"""
import os

import sqlalchemy as sa
from alembic import op

revision = '0008_card_context'
down_revision = '0007_response_choice_codes'
branch_labels = None
depends_on = None


def upgrade():
    teams = _configured_teams()
    connection = op.get_bind()
    for table in ('responses', 'invitation_batches'):
        if teams:
            connection.execute(sa.text(f"UPDATE {table} SET team = NULL WHERE team NOT IN :teams")
                               .bindparams(sa.bindparam('teams', expanding=True)), {"teams": teams})
        else:
            connection.execute(sa.text(f"UPDATE {table} SET team = NULL"))
    with op.batch_alter_table('responses', schema=None) as batch_op:
        batch_op.drop_column('meeting_month')


def downgrade():
    with op.batch_alter_table('responses', schema=None) as batch_op:
        batch_op.add_column(sa.Column('meeting_month', sa.String(length=7), nullable=True))


def _configured_teams() -> list[str]:
    """The deployment's teams: the running app's when there is one, else FEEDBACK_CONFIG's."""
    try:
        from flask import current_app

        deployment = current_app.config["DEPLOYMENT"]
    except RuntimeError:  # no app context: a bare alembic run
        from feedback_app.config import load_deployment

        deployment = load_deployment(os.environ.get("FEEDBACK_CONFIG"))
    return [str(team) for team in deployment.get("teams") or []]
