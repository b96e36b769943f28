-- Jobs of the PostgreSQL store (jobs.store=postgres).
-- IDs come from their own sequence, so that a batch of submissions can take its IDs before the insert.
CREATE SEQUENCE job_id_seq AS bigint START WITH 1;

CREATE TABLE jobs (
    id               bigint      PRIMARY KEY,
    -- UTF-8 bytes rather than text, because text cannot contain the NUL character that JSON allows.
    payload          bytea       NOT NULL,
    status           text        NOT NULL DEFAULT 'pending'
                                 CHECK (status IN ('pending', 'processing', 'completed', 'failed')),
    attempts         integer     NOT NULL DEFAULT 0,
    -- Replica that holds the job while it is processing, and until when; both null otherwise.
    claimed_by       text,
    lease_expires_at timestamptz,
    created_at       timestamptz NOT NULL DEFAULT now(),
    started_at       timestamptz,
    finished_at      timestamptz,
    error            text
);

-- Claiming takes the oldest pending jobs.
CREATE INDEX jobs_pending_idx ON jobs (id) WHERE status = 'pending';
-- Finding expired leases and renewing a replica's own.
CREATE INDEX jobs_processing_idx ON jobs (lease_expires_at) WHERE status = 'processing';
-- Retention deletes finished jobs by age.
CREATE INDEX jobs_finished_idx ON jobs (finished_at) WHERE finished_at IS NOT NULL;
