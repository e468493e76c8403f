"""conversation reading: the request a thread is about (issue 14)

Revision ID: 5e0c2f7a9d41
Revises: e5a7c0d2b915
Create Date: 2026-12-04 06:40:00.000000
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '5e0c2f7a9d41'
down_revision = 'e5a7c0d2b915'
branch_labels = None
depends_on = None

COLUMNS = ('reading_intent', 'reading_problem', 'reading_requests', 'reading_order_id')


def upgrade() -> None:
    with op.batch_alter_table('conversations', schema=None) as batch_op:
        for name in COLUMNS:
            batch_op.add_column(sa.Column(name, sqlmodel.sql.sqltypes.AutoString(), server_default='', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('conversations', schema=None) as batch_op:
        for name in reversed(COLUMNS):
            batch_op.drop_column(name)
