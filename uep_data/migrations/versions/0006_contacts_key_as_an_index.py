"""The contacts key kept unique by a unique index instead of a table constraint (SQLite can
drop an index for a bulk load and build it again after; the rule is the same)

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30
"""

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

KEY = ("person_id", "date", "contact_with", "mode", "topic", "occurrence")


def upgrade() -> None:
    # on SQLite, batch mode copies the table without the constraint (its rows are kept)
    with op.batch_alter_table("contacts") as batch:
        batch.drop_constraint("uq_contacts_key", type_="unique")
    op.create_index("uq_contacts_key", "contacts", list(KEY), unique=True)


def downgrade() -> None:
    op.drop_index("uq_contacts_key", table_name="contacts")
    with op.batch_alter_table("contacts") as batch:
        batch.create_unique_constraint("uq_contacts_key", list(KEY))
