-- The sales data everything else is computed from. Runs with search_path set
-- to one tenant's schema: names are unqualified.

-- Regions and teams share one tree; a region is a team of kind 'region'.
ALTER TABLE teams ADD COLUMN kind text NOT NULL DEFAULT 'team' CHECK (kind IN ('region', 'team'));

-- Everyone who sells or manages, whether or not they log in. Members get a
-- person whose id is their user id; imported people may be linked later.
CREATE TABLE people (
    id uuid PRIMARY KEY,
    user_id uuid UNIQUE,
    external_id text UNIQUE,
    name text NOT NULL,
    email text,
    team_id uuid REFERENCES teams (id) ON DELETE SET NULL,
    manager_id uuid REFERENCES people (id) ON DELETE SET NULL,
    sales_role text NOT NULL DEFAULT 'ae'
        CHECK (sales_role IN ('hunter', 'farmer', 'sdr', 'ae', 'am', 'manager')),
    active boolean NOT NULL DEFAULT true,
    version integer NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    CHECK (manager_id IS NULL OR manager_id <> id)
);
CREATE UNIQUE INDEX people_unique_email ON people (lower(email)) WHERE email IS NOT NULL;
CREATE INDEX people_by_name ON people (lower(name));
CREATE INDEX people_by_team ON people (team_id);
CREATE INDEX people_by_manager ON people (manager_id);

INSERT INTO people (id, user_id, name, email, sales_role)
SELECT u.id, u.id, u.name, u.email, CASE WHEN m.role = 'manager' THEN 'manager' ELSE 'ae' END
FROM control.memberships m
JOIN control.users u ON u.id = m.user_id
JOIN control.tenants t ON t.id = m.tenant_id
WHERE t.schema_name = current_schema();

CREATE TABLE products (
    id uuid PRIMARY KEY,
    name text NOT NULL,
    category text NOT NULL DEFAULT '',
    list_price numeric(18, 2) NOT NULL CHECK (list_price >= 0),
    currency char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    priority text NOT NULL DEFAULT 'standard' CHECK (priority IN ('strategic', 'standard', 'loss_leader')),
    active boolean NOT NULL DEFAULT true,
    version integer NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX products_unique_name ON products (lower(name));

CREATE TABLE territories (
    id uuid PRIMARY KEY,
    name text NOT NULL,
    region_id uuid REFERENCES teams (id) ON DELETE SET NULL,
    segment text NOT NULL DEFAULT 'all' CHECK (segment IN ('all', 'smb', 'mid_market', 'enterprise')),
    owner_id uuid REFERENCES people (id) ON DELETE SET NULL,
    version integer NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX territories_unique_name ON territories (lower(name));

CREATE TABLE accounts (
    id uuid PRIMARY KEY,
    external_id text UNIQUE,
    name text NOT NULL,
    industry text NOT NULL DEFAULT '',
    employees integer CHECK (employees IS NULL OR employees >= 0),
    segment text NOT NULL DEFAULT 'smb' CHECK (segment IN ('smb', 'mid_market', 'enterprise')),
    region_id uuid REFERENCES teams (id) ON DELETE SET NULL,
    territory_id uuid REFERENCES territories (id) ON DELETE SET NULL,
    owner_id uuid REFERENCES people (id) ON DELETE SET NULL,
    icp_score integer NOT NULL DEFAULT 0 CHECK (icp_score BETWEEN 0 AND 100),
    version integer NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX accounts_unique_name ON accounts (lower(name));
CREATE INDEX accounts_by_score ON accounts (icp_score DESC, id);

-- The ideal customer profile: weighted criteria the admin edits.
CREATE TABLE icp_criteria (
    id uuid PRIMARY KEY,
    attribute text NOT NULL CHECK (attribute IN ('industry', 'segment', 'region', 'employees_min', 'employees_max')),
    value text NOT NULL,
    weight integer NOT NULL CHECK (weight BETWEEN 1 AND 100),
    position integer NOT NULL
);

-- Ordered pipeline stages; `kind` says whether a deal in it is open, won or lost.
CREATE TABLE stages (
    id uuid PRIMARY KEY,
    key text NOT NULL UNIQUE CHECK (key ~ '^[a-z][a-z0-9_]{0,39}$'),
    name text NOT NULL,
    position integer NOT NULL,
    probability integer NOT NULL CHECK (probability BETWEEN 0 AND 100),
    kind text NOT NULL CHECK (kind IN ('open', 'won', 'lost')),
    pipeline text NOT NULL DEFAULT 'new_business' CHECK (pipeline IN ('new_business', 'retention')),
    active boolean NOT NULL DEFAULT true,
    version integer NOT NULL DEFAULT 1
);

-- A general pipeline until the tenant picks a sales model at onboarding.
INSERT INTO stages (id, key, name, position, probability, kind, pipeline) VALUES
    (gen_random_uuid(), 'lead', 'Lead', 1, 5, 'open', 'new_business'),
    (gen_random_uuid(), 'qualified', 'Qualified', 2, 15, 'open', 'new_business'),
    (gen_random_uuid(), 'meeting', 'Meeting', 3, 30, 'open', 'new_business'),
    (gen_random_uuid(), 'proposal', 'Proposal', 4, 55, 'open', 'new_business'),
    (gen_random_uuid(), 'negotiation', 'Negotiation', 5, 75, 'open', 'new_business'),
    (gen_random_uuid(), 'closed_won', 'Closed won', 6, 100, 'won', 'new_business'),
    (gen_random_uuid(), 'closed_lost', 'Closed lost', 7, 0, 'lost', 'new_business'),
    (gen_random_uuid(), 'renewal_due', 'Renewal due', 8, 70, 'open', 'retention'),
    (gen_random_uuid(), 'upsell_proposed', 'Upsell or cross-sell proposed', 9, 40, 'open', 'retention');

-- Which sales model the tenant started from, and what it set up besides stages.
CREATE TABLE sales_model (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    template text NOT NULL,
    kpis jsonb NOT NULL,
    chosen_at timestamptz NOT NULL DEFAULT now(),
    version integer NOT NULL DEFAULT 1
);

ALTER TABLE deals RENAME COLUMN owner_user_id TO owner_id;
ALTER TABLE deals RENAME COLUMN close_date TO expected_close_date;
ALTER TABLE deals
    ADD COLUMN external_id text UNIQUE,
    ADD COLUMN account_id uuid REFERENCES accounts (id) ON DELETE SET NULL,
    ADD COLUMN stage_id uuid REFERENCES stages (id),
    ADD COLUMN deal_type text NOT NULL DEFAULT 'new_business'
        CHECK (deal_type IN ('new_business', 'expansion', 'renewal')),
    ADD COLUMN closed_date date,
    ADD COLUMN loss_reason text,
    ADD COLUMN stage_entered_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE deals ADD CONSTRAINT deals_owner_is_a_person FOREIGN KEY (owner_id) REFERENCES people (id);
DROP INDEX deals_by_owner;
CREATE INDEX deals_by_owner ON deals (owner_id, status);
UPDATE deals SET stage_id = (SELECT id FROM stages WHERE key = CASE deals.status
    WHEN 'won' THEN 'closed_won' WHEN 'lost' THEN 'closed_lost' ELSE 'qualified' END),
    closed_date = CASE WHEN status <> 'open' THEN coalesce(expected_close_date, updated_at::date) END;
ALTER TABLE deals ALTER COLUMN stage_id SET NOT NULL;
CREATE INDEX deals_by_stage ON deals (stage_id);
CREATE INDEX deals_by_account ON deals (account_id);
CREATE INDEX deals_by_closed_date ON deals (closed_date) WHERE closed_date IS NOT NULL;
CREATE INDEX deals_by_created ON deals (created_at);

-- Credit shares between reps; shares total 100 when present.
CREATE TABLE deal_splits (
    deal_id uuid NOT NULL REFERENCES deals (id) ON DELETE CASCADE,
    person_id uuid NOT NULL REFERENCES people (id),
    share numeric(5, 2) NOT NULL CHECK (share > 0 AND share <= 100),
    PRIMARY KEY (deal_id, person_id)
);
CREATE INDEX deal_splits_by_person ON deal_splits (person_id);

CREATE TABLE deal_lines (
    id uuid PRIMARY KEY,
    deal_id uuid NOT NULL REFERENCES deals (id) ON DELETE CASCADE,
    product_id uuid NOT NULL REFERENCES products (id),
    quantity numeric(12, 2) NOT NULL CHECK (quantity > 0),
    unit_price numeric(18, 2) NOT NULL CHECK (unit_price >= 0),
    position integer NOT NULL
);
CREATE INDEX deal_lines_by_deal ON deal_lines (deal_id);
CREATE INDEX deal_lines_by_product ON deal_lines (product_id);

-- Transitional milestones: every stage change, when and by whom.
CREATE TABLE deal_milestones (
    id bigserial PRIMARY KEY,
    deal_id uuid NOT NULL REFERENCES deals (id) ON DELETE CASCADE,
    from_stage_id uuid REFERENCES stages (id),
    to_stage_id uuid NOT NULL REFERENCES stages (id),
    at timestamptz NOT NULL,
    by_user_id uuid,
    source text NOT NULL DEFAULT 'app' CHECK (source IN ('app', 'import', 'demo'))
);
CREATE INDEX deal_milestones_by_deal ON deal_milestones (deal_id, at);
CREATE INDEX deal_milestones_by_stage ON deal_milestones (to_stage_id, at);

CREATE TABLE activities (
    id uuid PRIMARY KEY,
    external_id text UNIQUE,
    kind text NOT NULL CHECK (kind IN ('call', 'meeting', 'demo', 'email')),
    person_id uuid NOT NULL REFERENCES people (id),
    deal_id uuid REFERENCES deals (id) ON DELETE SET NULL,
    account_id uuid REFERENCES accounts (id) ON DELETE SET NULL,
    occurred_at timestamptz NOT NULL,
    subject text NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX activities_by_person ON activities (person_id, occurred_at);
CREATE INDEX activities_by_time ON activities (occurred_at);

-- Weekly activity targets per sales role.
CREATE TABLE activity_targets (
    sales_role text NOT NULL CHECK (sales_role IN ('hunter', 'farmer', 'sdr', 'ae', 'am', 'manager')),
    kind text NOT NULL CHECK (kind IN ('call', 'meeting', 'demo', 'email')),
    per_week integer NOT NULL CHECK (per_week BETWEEN 0 AND 1000),
    PRIMARY KEY (sales_role, kind)
);

CREATE TABLE tasks (
    id uuid PRIMARY KEY,
    title text NOT NULL,
    owner_id uuid NOT NULL REFERENCES people (id),
    due_date date NOT NULL,
    remind_at timestamptz,
    deal_id uuid REFERENCES deals (id) ON DELETE SET NULL,
    account_id uuid REFERENCES accounts (id) ON DELETE SET NULL,
    resources text NOT NULL DEFAULT '',
    expected_result text NOT NULL DEFAULT '',
    measured_result text,
    status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'cancelled')),
    completed_at timestamptz,
    created_by uuid,
    version integer NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX tasks_by_owner ON tasks (owner_id, status, due_date);
CREATE INDEX tasks_open_by_due ON tasks (due_date) WHERE status = 'open';

CREATE TABLE task_items (
    id uuid PRIMARY KEY,
    task_id uuid NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    text text NOT NULL,
    done boolean NOT NULL DEFAULT false,
    position integer NOT NULL
);
CREATE INDEX task_items_by_task ON task_items (task_id, position);

CREATE TABLE task_events (
    id bigserial PRIMARY KEY,
    task_id uuid NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    at timestamptz NOT NULL DEFAULT now(),
    by_user_id uuid,
    action text NOT NULL,
    detail jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX task_events_by_task ON task_events (task_id, at);

-- Goals per period, linked to their parent (the cascade).
CREATE TABLE goals (
    id uuid PRIMARY KEY,
    period_kind text NOT NULL CHECK (period_kind IN ('month', 'quarter', 'year')),
    period_start date NOT NULL,
    scope_kind text NOT NULL CHECK (scope_kind IN ('company', 'region', 'team', 'rep')),
    scope_id uuid,
    metric text NOT NULL CHECK (metric IN ('revenue', 'new_logos', 'pipeline_created', 'activities')),
    target numeric(18, 2) NOT NULL CHECK (target >= 0),
    currency char(3),
    parent_id uuid REFERENCES goals (id) ON DELETE RESTRICT,
    version integer NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    CHECK ((scope_kind = 'company') = (scope_id IS NULL)),
    CHECK ((metric = 'revenue' OR metric = 'pipeline_created') = (currency IS NOT NULL))
);
CREATE UNIQUE INDEX goals_unique_scope_period_metric
    ON goals (period_kind, period_start, scope_kind, coalesce(scope_id, '00000000-0000-0000-0000-000000000000'::uuid), metric);
CREATE INDEX goals_by_parent ON goals (parent_id);

-- CSV imports: the file is kept so nothing a user uploaded is lost.
CREATE TABLE imports (
    id uuid PRIMARY KEY,
    kind text NOT NULL CHECK (kind IN ('people', 'accounts', 'deals', 'activities')),
    source text NOT NULL,
    file_name text NOT NULL,
    content bytea NOT NULL,
    mapping jsonb NOT NULL,
    stage_mapping jsonb NOT NULL DEFAULT '{}',
    status text NOT NULL CHECK (status IN ('previewed', 'queued', 'running', 'done', 'failed')),
    total_rows integer NOT NULL DEFAULT 0,
    processed_rows integer NOT NULL DEFAULT 0,
    created_rows integer NOT NULL DEFAULT 0,
    updated_rows integer NOT NULL DEFAULT 0,
    rejected_rows integer NOT NULL DEFAULT 0,
    error text,
    created_by uuid,
    version integer NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz
);

CREATE TABLE import_rejections (
    import_id uuid NOT NULL REFERENCES imports (id) ON DELETE CASCADE,
    line bigint NOT NULL,
    column_name text NOT NULL,
    reason text NOT NULL,
    PRIMARY KEY (import_id, line, column_name)
);
