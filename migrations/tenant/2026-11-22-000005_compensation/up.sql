-- Incentive compensation: plans and their versions, assignments, quotas,
-- exchange rates, statements with their workflow, adjustments, disputes and
-- background runs (full recalculations, scenarios).

-- Refunds and churn (for clawbacks), and contract length (for ARR plans).
ALTER TABLE deals
    ADD COLUMN reversed_on date,
    ADD COLUMN term_months integer CHECK (term_months IS NULL OR term_months BETWEEN 1 AND 120),
    ADD CONSTRAINT deals_reversed_after_close CHECK (reversed_on IS NULL OR closed_date IS NULL OR reversed_on >= closed_date);

-- One row: how long a statement period is for this company.
CREATE TABLE comp_settings (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    period_kind text NOT NULL DEFAULT 'month' CHECK (period_kind IN ('month', 'quarter')),
    version integer NOT NULL DEFAULT 1
);
INSERT INTO comp_settings DEFAULT VALUES;

CREATE TABLE comp_plans (
    id uuid PRIMARY KEY,
    name text NOT NULL,
    description text NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX comp_plans_unique_name ON comp_plans (lower(name));

-- Drafts are edited freely; a published version is never changed again.
CREATE TABLE comp_plan_versions (
    plan_id uuid NOT NULL REFERENCES comp_plans (id) ON DELETE CASCADE,
    version integer NOT NULL CHECK (version > 0),
    status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published')),
    effective_from date NOT NULL,
    rules jsonb NOT NULL,
    created_by uuid,
    created_at timestamptz NOT NULL DEFAULT now(),
    published_at timestamptz,
    PRIMARY KEY (plan_id, version)
);

CREATE TABLE comp_assignments (
    id uuid PRIMARY KEY,
    plan_id uuid NOT NULL REFERENCES comp_plans (id) ON DELETE RESTRICT,
    person_id uuid REFERENCES people (id) ON DELETE CASCADE,
    role text CHECK (role IN ('hunter', 'farmer', 'sdr', 'ae', 'am', 'manager')),
    starts_on date NOT NULL,
    ends_on date,
    created_at timestamptz NOT NULL DEFAULT now(),
    CHECK ((person_id IS NULL) <> (role IS NULL)),
    CHECK (ends_on IS NULL OR ends_on >= starts_on)
);
CREATE INDEX comp_assignments_by_person ON comp_assignments (person_id);

CREATE TABLE comp_quotas (
    person_id uuid NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    period_kind text NOT NULL CHECK (period_kind IN ('month', 'quarter')),
    period_start date NOT NULL,
    amount numeric(18, 2) NOT NULL CHECK (amount >= 0),
    PRIMARY KEY (person_id, period_kind, period_start)
);

-- 1 from_currency = rate to_currency during the period.
CREATE TABLE fx_rates (
    period_kind text NOT NULL CHECK (period_kind IN ('month', 'quarter')),
    period_start date NOT NULL,
    from_currency char(3) NOT NULL,
    to_currency char(3) NOT NULL,
    rate numeric(20, 10) NOT NULL CHECK (rate > 0),
    PRIMARY KEY (period_kind, period_start, from_currency, to_currency),
    CHECK (from_currency <> to_currency)
);

-- The engine's statement (body) per person and period. Once paid, the paid
-- body is kept and later recalculations become adjustments elsewhere.
CREATE TABLE comp_statements (
    person_id uuid NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    period_kind text NOT NULL CHECK (period_kind IN ('month', 'quarter')),
    period_start date NOT NULL,
    status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'approved', 'paid')),
    currency char(3) NOT NULL,
    payout numeric(18, 2) NOT NULL,
    attainment_pct numeric(12, 2),
    body jsonb NOT NULL,
    recalculated_body jsonb,
    version integer NOT NULL DEFAULT 1,
    computed_at timestamptz NOT NULL DEFAULT now(),
    approved_by uuid,
    approved_at timestamptz,
    paid_by uuid,
    paid_at timestamptz,
    PRIMARY KEY (person_id, period_kind, period_start)
);
CREATE INDEX comp_statements_by_period ON comp_statements (period_kind, period_start);

CREATE TABLE comp_adjustments (
    id uuid PRIMARY KEY,
    person_id uuid NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    period_kind text NOT NULL CHECK (period_kind IN ('month', 'quarter')),
    period_start date NOT NULL,
    amount numeric(18, 2) NOT NULL,
    reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
    -- Set when a recalculation of a paid period carried its difference here.
    carried_from date,
    created_by uuid,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX comp_adjustments_by_statement ON comp_adjustments (person_id, period_kind, period_start);
CREATE UNIQUE INDEX comp_adjustments_one_carry ON comp_adjustments (person_id, period_kind, carried_from)
    WHERE carried_from IS NOT NULL;

CREATE TABLE comp_disputes (
    id uuid PRIMARY KEY,
    person_id uuid NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    period_kind text NOT NULL,
    period_start date NOT NULL,
    line_index integer NOT NULL CHECK (line_index >= 0),
    -- The line as it stood when disputed.
    line jsonb NOT NULL,
    status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved', 'rejected')),
    resolution text,
    opened_by uuid NOT NULL,
    opened_at timestamptz NOT NULL DEFAULT now(),
    resolved_by uuid,
    resolved_at timestamptz,
    version integer NOT NULL DEFAULT 1
);
CREATE INDEX comp_disputes_by_person ON comp_disputes (person_id, status);

CREATE TABLE comp_dispute_messages (
    id bigserial PRIMARY KEY,
    dispute_id uuid NOT NULL REFERENCES comp_disputes (id) ON DELETE CASCADE,
    author_user_id uuid NOT NULL,
    body text NOT NULL CHECK (length(body) BETWEEN 1 AND 4000),
    at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX comp_dispute_messages_by_dispute ON comp_dispute_messages (dispute_id, id);

-- Background work with progress: full recalculations and scenarios.
CREATE TABLE comp_runs (
    id uuid PRIMARY KEY,
    kind text NOT NULL CHECK (kind IN ('recalculation', 'scenario')),
    period_kind text NOT NULL,
    period_start date NOT NULL,
    plan_id uuid REFERENCES comp_plans (id) ON DELETE CASCADE,
    plan_version integer,
    status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed')),
    done integer NOT NULL DEFAULT 0,
    total integer NOT NULL DEFAULT 0,
    result jsonb,
    error text,
    requested_by uuid,
    created_at timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz,
    CHECK ((kind = 'scenario') = (plan_id IS NOT NULL AND plan_version IS NOT NULL))
);
CREATE INDEX comp_runs_recent ON comp_runs (created_at DESC);
