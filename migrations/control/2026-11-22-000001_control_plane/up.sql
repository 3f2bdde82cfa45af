-- The control plane: who the tenants and users are, and the shared event tables.
-- Tenant data lives in one schema per tenant (see migrations/tenant).

-- The app role's default search_path points here. It stays empty, so a query
-- that forgot to enter a tenant fails with "relation does not exist".
CREATE SCHEMA IF NOT EXISTS attain_empty;
REVOKE CREATE ON SCHEMA attain_empty FROM PUBLIC;

CREATE TABLE control.tenants (
    id uuid PRIMARY KEY,
    slug text NOT NULL UNIQUE,
    name text NOT NULL,
    industry text NOT NULL,
    company_size text NOT NULL,
    schema_name text NOT NULL UNIQUE CHECK (schema_name ~ '^t_[a-z0-9]{12}$'),
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE control.users (
    id uuid PRIMARY KEY,
    email text NOT NULL UNIQUE CHECK (email = lower(email)),
    name text NOT NULL,
    password_hash text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE control.memberships (
    tenant_id uuid NOT NULL REFERENCES control.tenants (id) ON DELETE CASCADE,
    user_id uuid NOT NULL REFERENCES control.users (id) ON DELETE CASCADE,
    role text NOT NULL CHECK (role IN ('owner', 'admin', 'executive', 'manager', 'rep', 'billing_admin')),
    active boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, user_id)
);
CREATE INDEX memberships_by_user ON control.memberships (user_id);

CREATE TABLE control.api_tokens (
    id uuid PRIMARY KEY,
    tenant_id uuid NOT NULL REFERENCES control.tenants (id) ON DELETE CASCADE,
    created_by uuid NOT NULL REFERENCES control.users (id),
    name text NOT NULL,
    role text NOT NULL CHECK (role IN ('owner', 'admin', 'executive', 'manager', 'rep', 'billing_admin')),
    token_hash text NOT NULL UNIQUE,
    token_prefix text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    last_used_at timestamptz,
    revoked_at timestamptz
);
CREATE INDEX api_tokens_by_tenant ON control.api_tokens (tenant_id, created_at DESC);

CREATE TABLE control.invitations (
    id uuid PRIMARY KEY,
    tenant_id uuid NOT NULL REFERENCES control.tenants (id) ON DELETE CASCADE,
    email text NOT NULL,
    role text NOT NULL CHECK (role IN ('owner', 'admin', 'executive', 'manager', 'rep', 'billing_admin')),
    token_hash text NOT NULL UNIQUE,
    invited_by uuid NOT NULL REFERENCES control.users (id),
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    accepted_at timestamptz
);
CREATE INDEX invitations_by_tenant ON control.invitations (tenant_id, created_at DESC);

CREATE TABLE control.subscriptions (
    tenant_id uuid PRIMARY KEY REFERENCES control.tenants (id) ON DELETE CASCADE,
    tier text NOT NULL,
    status text NOT NULL,
    seats integer NOT NULL CHECK (seats >= 0),
    trial_ends_at timestamptz,
    stripe_customer_id text UNIQUE,
    stripe_subscription_id text UNIQUE,
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- Written in the same transaction as the change it announces; the relay
-- publishes unsent rows and stamps sent_at only after the broker confirms.
CREATE TABLE control.outbox (
    id bigserial PRIMARY KEY,
    message_id uuid NOT NULL UNIQUE,
    tenant_id uuid REFERENCES control.tenants (id) ON DELETE CASCADE,
    routing_key text NOT NULL,
    payload jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    attempts integer NOT NULL DEFAULT 0,
    last_error text,
    sent_at timestamptz
);
CREATE INDEX outbox_unsent ON control.outbox (id) WHERE sent_at IS NULL;

-- One row per message a consumer has applied, written in the same transaction
-- as the effect: a redelivered message finds its row and changes nothing.
CREATE TABLE control.inbox (
    consumer text NOT NULL,
    message_id uuid NOT NULL,
    tenant_id uuid,
    processed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, message_id)
);

CREATE TABLE control.audit_log (
    id bigserial PRIMARY KEY,
    tenant_id uuid NOT NULL REFERENCES control.tenants (id) ON DELETE CASCADE,
    actor_user_id uuid,
    actor_token_id uuid,
    action text NOT NULL,
    target_type text NOT NULL,
    target_id text,
    before jsonb,
    after jsonb,
    request_id text,
    at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_log_by_tenant ON control.audit_log (tenant_id, id DESC);
