"""codes masked: stored mail whose approval codes were masked once spent (R76)

Revision ID: e5a7c0d2b915
Revises: 5e0c7f1a9b21
Create Date: 2026-12-04 06:20:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = 'e5a7c0d2b915'
down_revision = '5e0c7f1a9b21'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.add_column(sa.Column('codes_masked', sa.Boolean(), server_default=sa.false(), nullable=False))

    with op.batch_alter_table('inbound', schema=None) as batch_op:
        batch_op.add_column(sa.Column('codes_masked', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('inbound', schema=None) as batch_op:
        batch_op.drop_column('codes_masked')

    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_column('codes_masked')
