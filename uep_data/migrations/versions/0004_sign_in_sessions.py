"""Sign-in sessions kept on the server, so that signing out ends every session of a person

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sign_in_sessions",
        sa.Column("session_key", sa.String(length=64), nullable=False),
        sa.Column("person_key", sa.String(length=64), nullable=False),
        sa.Column("signed_in_at", sa.DateTime(), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(), nullable=False),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
        sa.Column("ended_because", sa.String(length=20), nullable=True),
        sa.PrimaryKeyConstraint("session_key", name=op.f("pk_sign_in_sessions")),
    )
    op.create_index(
        op.f("ix_sign_in_sessions_person_key"), "sign_in_sessions", ["person_key"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_sign_in_sessions_person_key"), table_name="sign_in_sessions")
    op.drop_table("sign_in_sessions")
