-- Peer benchmarks. A company takes part only when it opts in. Outside the
-- tenant schemas only aggregates are kept: per run, each cohort's
-- percentiles (or why it was withheld) and how many companies took part;
-- never a company's own figures or who is in a cohort. Each run replaces
-- the previous run of its period.
ALTER TABLE control.tenants
    ADD COLUMN benchmark_opt_in boolean NOT NULL DEFAULT false;

CREATE TABLE control.benchmark_runs (
    id uuid PRIMARY KEY,
    period text NOT NULL,
    started_at timestamptz NOT NULL,
    finished_at timestamptz NOT NULL DEFAULT now(),
    companies integer NOT NULL,
    cohorts_published integer NOT NULL,
    cohorts_withheld integer NOT NULL
);
CREATE INDEX benchmark_runs_period ON control.benchmark_runs (period, finished_at DESC);

CREATE TABLE control.benchmark_cohorts (
    id bigserial PRIMARY KEY,
    run_id uuid NOT NULL REFERENCES control.benchmark_runs (id) ON DELETE CASCADE,
    industry text,
    size_band text,
    published boolean NOT NULL,
    -- Shown only when published.
    companies integer,
    -- Per metric: p25, p50, p75, p90, or why that metric is withheld.
    metrics jsonb NOT NULL,
    note text
);
CREATE INDEX benchmark_cohorts_run ON control.benchmark_cohorts (run_id);
