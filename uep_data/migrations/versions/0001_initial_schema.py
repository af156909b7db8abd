"""initial schema: a table per sheet and import bookkeeping

Revision ID: 0001
Revises: 
Create Date: 2026-11-23
"""

from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('actions',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('import_id', sa.Integer(), nullable=True),
    sa.Column('action_id', sa.Text(), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('target_id', sa.Text(), nullable=True),
    sa.Column('owner', sa.Text(), nullable=True),
    sa.Column('due_date', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=40), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_actions')),
    sa.UniqueConstraint('action_id', name='uq_actions_key')
    )
    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('who', sa.Text(), nullable=False),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('details', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log'))
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_log_action'), ['action'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_log_at'), ['at'], unique=False)

    op.create_table('contacts',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('import_id', sa.Integer(), nullable=True),
    sa.Column('person_id', sa.Text(), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('mode', sa.String(length=40), nullable=False),
    sa.Column('contact_with', sa.String(length=40), nullable=False),
    sa.Column('topic', sa.String(length=40), nullable=False),
    sa.Column('minutes', sa.Integer(), nullable=True),
    sa.Column('occurrence', sa.Integer(), server_default='1', nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contacts')),
    sa.UniqueConstraint('person_id', 'date', 'contact_with', 'mode', 'topic', 'occurrence', name='uq_contacts_key')
    )
    with op.batch_alter_table('contacts', schema=None) as batch_op:
        batch_op.create_index('ix_contacts_date_mode_topic_contact_with_person_id', ['date', 'mode', 'topic', 'contact_with', 'person_id'], unique=False)

    op.create_table('directorates',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('import_id', sa.Integer(), nullable=True),
    sa.Column('directorate', sa.Text(), nullable=False),
    sa.Column('directorate_type', sa.String(length=40), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_directorates')),
    sa.UniqueConstraint('directorate', name='uq_directorates_key')
    )
    op.create_table('employments',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('import_id', sa.Integer(), nullable=True),
    sa.Column('person_id', sa.Text(), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('directorate', sa.Text(), nullable=False),
    sa.Column('profession', sa.Text(), nullable=False),
    sa.Column('pay_band', sa.String(length=40), nullable=True),
    sa.Column('management_role', sa.Boolean(), nullable=False),
    sa.Column('hours', sa.String(length=40), nullable=False),
    sa.Column('lived_experience_post', sa.Boolean(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('end_reason', sa.String(length=40), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_employments')),
    sa.UniqueConstraint('person_id', 'start_date', name='uq_employments_key')
    )
    with op.batch_alter_table('employments', schema=None) as batch_op:
        batch_op.create_index('ix_employments_directorate_profession', ['directorate', 'profession'], unique=False)
        batch_op.create_index('ix_employments_end_date', ['end_date'], unique=False)
        batch_op.create_index('ix_employments_start_date', ['start_date'], unique=False)

    op.create_table('funding',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('import_id', sa.Integer(), nullable=True),
    sa.Column('stream', sa.Text(), nullable=False),
    sa.Column('funder', sa.Text(), nullable=True),
    sa.Column('funding_type', sa.String(length=40), nullable=False),
    sa.Column('financial_year', sa.String(length=7), nullable=False),
    sa.Column('awarded', sa.Numeric(precision=14, scale=2, asdecimal=False), nullable=False),
    sa.Column('spent', sa.Numeric(precision=14, scale=2, asdecimal=False), nullable=True),
    sa.Column('purpose', sa.String(length=40), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_funding')),
    sa.UniqueConstraint('stream', 'financial_year', name='uq_funding_key')
    )
    with op.batch_alter_table('funding', schema=None) as batch_op:
        batch_op.create_index('ix_funding_financial_year', ['financial_year'], unique=False)

    op.create_table('import_changes',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('import_id', sa.Integer(), nullable=False),
    sa.Column('sheet', sa.String(length=40), nullable=False),
    sa.Column('row_id', sa.Integer(), nullable=False),
    sa.Column('action', sa.String(length=10), nullable=False),
    sa.Column('person_id', sa.Text(), nullable=True),
    sa.Column('before', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_import_changes'))
    )
    with op.batch_alter_table('import_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_import_changes_import_id'), ['import_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_import_changes_person_id'), ['person_id'], unique=False)

    op.create_table('import_sheets',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('import_id', sa.Integer(), nullable=False),
    sa.Column('sheet', sa.String(length=40), nullable=False),
    sa.Column('replaced', sa.Boolean(), nullable=False),
    sa.Column('inserted', sa.Integer(), nullable=False),
    sa.Column('updated', sa.Integer(), nullable=False),
    sa.Column('unchanged', sa.Integer(), nullable=False),
    sa.Column('deleted', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_import_sheets'))
    )
    with op.batch_alter_table('import_sheets', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_import_sheets_import_id'), ['import_id'], unique=False)

    op.create_table('imports',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('imported_at', sa.DateTime(), nullable=False),
    sa.Column('imported_by', sa.Text(), nullable=False),
    sa.Column('file_names', sa.Text(), nullable=False),
    sa.Column('file_hash', sa.String(length=64), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('undone_at', sa.DateTime(), nullable=True),
    sa.Column('undone_by', sa.Text(), nullable=True),
    sa.Column('warnings', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_imports'))
    )
    op.create_table('people',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('import_id', sa.Integer(), nullable=True),
    sa.Column('person_id', sa.Text(), nullable=False),
    sa.Column('referral_date', sa.Date(), nullable=True),
    sa.Column('referral_source', sa.String(length=40), nullable=True),
    sa.Column('route', sa.String(length=40), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_people')),
    sa.UniqueConstraint('person_id', name='uq_people_key')
    )
    op.create_table('professions',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('import_id', sa.Integer(), nullable=True),
    sa.Column('profession', sa.Text(), nullable=False),
    sa.Column('clinical', sa.Boolean(), nullable=False),
    sa.Column('professionally_qualified', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_professions')),
    sa.UniqueConstraint('profession', name='uq_professions_key')
    )
    op.create_table('recruitment',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('import_id', sa.Integer(), nullable=True),
    sa.Column('period', sa.Date(), nullable=False),
    sa.Column('directorate', sa.Text(), server_default='', nullable=False),
    sa.Column('profession', sa.Text(), server_default='', nullable=False),
    sa.Column('recruits', sa.Integer(), nullable=False),
    sa.Column('recruits_lived_experience', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recruitment')),
    sa.UniqueConstraint('period', 'directorate', 'profession', name='uq_recruitment_key')
    )
    op.create_table('settings',
    sa.Column('key', sa.String(length=80), nullable=False),
    sa.Column('value', sa.JSON(), nullable=False),
    sa.Column('changed_at', sa.DateTime(), nullable=False),
    sa.Column('changed_by', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_settings'))
    )
    op.create_table('stages',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('import_id', sa.Integer(), nullable=True),
    sa.Column('person_id', sa.Text(), nullable=False),
    sa.Column('stage', sa.String(length=40), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stages')),
    sa.UniqueConstraint('person_id', 'stage', 'date', name='uq_stages_key')
    )
    with op.batch_alter_table('stages', schema=None) as batch_op:
        batch_op.create_index('ix_stages_stage_date', ['stage', 'date'], unique=False)

    op.create_table('targets',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('import_id', sa.Integer(), nullable=True),
    sa.Column('target_id', sa.Text(), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('metric', sa.String(length=40), nullable=False),
    sa.Column('level', sa.String(length=40), nullable=False),
    sa.Column('value', sa.Float(), nullable=False),
    sa.Column('comparison', sa.String(length=40), nullable=False),
    sa.Column('financial_year', sa.String(length=7), nullable=True),
    sa.Column('period_start', sa.Date(), nullable=True),
    sa.Column('period_end', sa.Date(), nullable=True),
    sa.Column('directorate', sa.Text(), nullable=True),
    sa.Column('profession', sa.Text(), nullable=True),
    sa.Column('parent_target_id', sa.Text(), nullable=True),
    sa.Column('owner', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_targets')),
    sa.UniqueConstraint('target_id', name='uq_targets_key')
    )
    with op.batch_alter_table('targets', schema=None) as batch_op:
        batch_op.create_index('ix_targets_metric', ['metric'], unique=False)

    op.create_table('training',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('import_id', sa.Integer(), nullable=True),
    sa.Column('person_id', sa.Text(), nullable=False),
    sa.Column('programme', sa.String(length=40), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=40), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_training')),
    sa.UniqueConstraint('person_id', 'programme', 'start_date', name='uq_training_key')
    )
    with op.batch_alter_table('training', schema=None) as batch_op:
        batch_op.create_index('ix_training_start_date', ['start_date'], unique=False)

    op.create_table('wellbeing_plans',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('import_id', sa.Integer(), nullable=True),
    sa.Column('person_id', sa.Text(), nullable=False),
    sa.Column('agreed_date', sa.Date(), nullable=False),
    sa.Column('last_reviewed', sa.Date(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_wellbeing_plans')),
    sa.UniqueConstraint('person_id', 'agreed_date', name='uq_wellbeing_plans_key')
    )
    op.create_table('work_preparation',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('import_id', sa.Integer(), nullable=True),
    sa.Column('person_id', sa.Text(), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('cohort', sa.Text(), nullable=True),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('completed', sa.Boolean(), nullable=True),
    sa.Column('outcome', sa.String(length=40), nullable=True),
    sa.Column('outcome_date', sa.Date(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_work_preparation')),
    sa.UniqueConstraint('person_id', 'start_date', name='uq_work_preparation_key')
    )
    with op.batch_alter_table('work_preparation', schema=None) as batch_op:
        batch_op.create_index('ix_work_preparation_start_date', ['start_date'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('work_preparation', schema=None) as batch_op:
        batch_op.drop_index('ix_work_preparation_start_date')

    op.drop_table('work_preparation')
    op.drop_table('wellbeing_plans')
    with op.batch_alter_table('training', schema=None) as batch_op:
        batch_op.drop_index('ix_training_start_date')

    op.drop_table('training')
    with op.batch_alter_table('targets', schema=None) as batch_op:
        batch_op.drop_index('ix_targets_metric')

    op.drop_table('targets')
    with op.batch_alter_table('stages', schema=None) as batch_op:
        batch_op.drop_index('ix_stages_stage_date')

    op.drop_table('stages')
    op.drop_table('settings')
    op.drop_table('recruitment')
    op.drop_table('professions')
    op.drop_table('people')
    op.drop_table('imports')
    with op.batch_alter_table('import_sheets', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_import_sheets_import_id'))

    op.drop_table('import_sheets')
    with op.batch_alter_table('import_changes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_import_changes_person_id'))
        batch_op.drop_index(batch_op.f('ix_import_changes_import_id'))

    op.drop_table('import_changes')
    with op.batch_alter_table('funding', schema=None) as batch_op:
        batch_op.drop_index('ix_funding_financial_year')

    op.drop_table('funding')
    with op.batch_alter_table('employments', schema=None) as batch_op:
        batch_op.drop_index('ix_employments_start_date')
        batch_op.drop_index('ix_employments_end_date')
        batch_op.drop_index('ix_employments_directorate_profession')

    op.drop_table('employments')
    op.drop_table('directorates')
    with op.batch_alter_table('contacts', schema=None) as batch_op:
        batch_op.drop_index('ix_contacts_date_mode_topic_contact_with_person_id')

    op.drop_table('contacts')
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_log_at'))
        batch_op.drop_index(batch_op.f('ix_audit_log_action'))

    op.drop_table('audit_log')
    op.drop_table('actions')
