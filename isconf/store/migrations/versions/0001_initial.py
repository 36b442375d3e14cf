"""initial schema: cases and their findings

Revision ID: 0001
Revises: 
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa

from alembic import op


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    
    op.create_table('case_record',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('mrn', sa.String(length=40), nullable=False),
    sa.Column('family_name', sa.String(length=100), nullable=True),
    sa.Column('given_name', sa.String(length=100), nullable=True),
    sa.Column('date_of_birth', sa.Date(), nullable=True),
    sa.Column('sex', sa.String(length=20), nullable=True),
    sa.Column('referring_center', sa.String(length=200), nullable=True),
    sa.Column('spasm_onset_date', sa.Date(), nullable=True),
    sa.Column('spasms_ongoing', sa.Boolean(), nullable=True),
    sa.Column('spasm_last_seen_date', sa.Date(), nullable=True),
    sa.Column('spasm_clusters_per_day', sa.Float(), nullable=True),
    sa.Column('spasm_hypsarrhythmia', sa.String(length=20), nullable=True),
    sa.Column('etiology_category', sa.String(length=20), nullable=True),
    sa.Column('etiology_also', sa.JSON(), nullable=False),
    sa.Column('etiology_diagnosis', sa.String(length=300), nullable=True),
    sa.Column('metabolic_workup', sa.String(length=20), nullable=True),
    sa.Column('degenerative_condition', sa.Boolean(), nullable=True),
    sa.Column('development_assessed_on', sa.Date(), nullable=True),
    sa.Column('development_status', sa.String(length=20), nullable=True),
    sa.Column('developmental_quotient', sa.Float(), nullable=True),
    sa.Column('baseline_hemiparesis', sa.String(length=20), nullable=True),
    sa.Column('baseline_visual_field', sa.String(length=20), nullable=True),
    sa.Column('proposed_procedure', sa.String(length=40), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('case_record', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_record_mrn'), ['mrn'], unique=True)

    op.create_table('eeg_study',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('date', sa.Date(), nullable=True),
    sa.Column('hypsarrhythmia', sa.String(length=20), nullable=True),
    sa.Column('lateralization', sa.String(length=20), nullable=True),
    sa.Column('based_score', sa.Integer(), nullable=True),
    sa.Column('note', sa.String(length=2000), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['case_record.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('eeg_study', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_eeg_study_case_id'), ['case_id'], unique=False)

    op.create_table('mri_study',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('date', sa.Date(), nullable=True),
    sa.Column('field_strength_t', sa.Float(), nullable=True),
    sa.Column('finding', sa.String(length=20), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['case_record.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('mri_study', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mri_study_case_id'), ['case_id'], unique=False)

    op.create_table('pet_study',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('date', sa.Date(), nullable=True),
    sa.Column('finding', sa.String(length=20), nullable=True),
    sa.Column('side', sa.String(length=20), nullable=True),
    sa.Column('lobes', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['case_record.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('pet_study', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pet_study_case_id'), ['case_id'], unique=False)

    op.create_table('tradeoff_assessment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('procedure', sa.String(length=40), nullable=False),
    sa.Column('deficit', sa.String(length=30), nullable=False),
    sa.Column('likelihood', sa.String(length=20), nullable=True),
    sa.Column('already_present', sa.Boolean(), nullable=True),
    sa.Column('rating', sa.String(length=20), nullable=True),
    sa.Column('rated_by', sa.String(length=60), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['case_record.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('tradeoff_assessment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tradeoff_assessment_case_id'), ['case_id'], unique=False)

    op.create_table('treatment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('agent', sa.String(length=30), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=True),
    sa.Column('dose', sa.Float(), nullable=True),
    sa.Column('dose_unit', sa.String(length=20), nullable=True),
    sa.Column('start_date', sa.Date(), nullable=True),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('outcome', sa.String(length=30), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['case_record.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('treatment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_treatment_case_id'), ['case_id'], unique=False)

    op.create_table('mri_lesion',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('mri_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('type', sa.String(length=30), nullable=True),
    sa.Column('side', sa.String(length=20), nullable=True),
    sa.Column('lobes', sa.JSON(), nullable=False),
    sa.Column('extent', sa.String(length=20), nullable=True),
    sa.Column('epileptogenic', sa.Boolean(), nullable=True),
    sa.ForeignKeyConstraint(['mri_id'], ['mri_study.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('mri_lesion', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mri_lesion_mri_id'), ['mri_id'], unique=False)

    


def downgrade() -> None:
    
    with op.batch_alter_table('mri_lesion', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mri_lesion_mri_id'))

    op.drop_table('mri_lesion')
    with op.batch_alter_table('treatment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_treatment_case_id'))

    op.drop_table('treatment')
    with op.batch_alter_table('tradeoff_assessment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tradeoff_assessment_case_id'))

    op.drop_table('tradeoff_assessment')
    with op.batch_alter_table('pet_study', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pet_study_case_id'))

    op.drop_table('pet_study')
    with op.batch_alter_table('mri_study', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mri_study_case_id'))

    op.drop_table('mri_study')
    with op.batch_alter_table('eeg_study', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_eeg_study_case_id'))

    op.drop_table('eeg_study')
    with op.batch_alter_table('case_record', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_record_mrn'))

    op.drop_table('case_record')
    
