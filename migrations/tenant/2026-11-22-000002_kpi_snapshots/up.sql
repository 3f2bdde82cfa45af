-- Written by the worker from deal events; served by the API (through Redis).
CREATE TABLE kpi_snapshots (
    scope text PRIMARY KEY,
    figures jsonb NOT NULL,
    events_applied bigint NOT NULL DEFAULT 0,
    last_message_id uuid,
    computed_at timestamptz NOT NULL
);
