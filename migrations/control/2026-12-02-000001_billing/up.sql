-- Billing follows Stripe's webhooks: the subscription row keeps what the
-- last applied state said, and the Stripe time of that state, so an older
-- event delivered late cannot move it backwards.
ALTER TABLE control.subscriptions
    ADD COLUMN billing_interval text NOT NULL DEFAULT 'monthly',
    ADD COLUMN past_due_since timestamptz,
    ADD COLUMN current_period_end timestamptz,
    ADD COLUMN cancel_at_period_end boolean NOT NULL DEFAULT false,
    ADD COLUMN stripe_state_at timestamptz;

-- Every verified webhook event, stored before it is answered, processed
-- once by the worker (processed_at set in the same transaction as its
-- effect). An event nobody's customer matches keeps tenant_id NULL and says
-- so in outcome.
CREATE TABLE control.billing_events (
    id bigserial PRIMARY KEY,
    stripe_event_id text NOT NULL UNIQUE,
    event_type text NOT NULL,
    stripe_created_at timestamptz NOT NULL,
    payload jsonb NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    processed_at timestamptz,
    tenant_id uuid REFERENCES control.tenants (id) ON DELETE SET NULL,
    outcome text,
    error text
);
CREATE INDEX billing_events_tenant ON control.billing_events (tenant_id, received_at);
