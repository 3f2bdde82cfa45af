DROP TABLE control.billing_events;
ALTER TABLE control.subscriptions
    DROP COLUMN billing_interval,
    DROP COLUMN past_due_since,
    DROP COLUMN current_period_end,
    DROP COLUMN cancel_at_period_end,
    DROP COLUMN stripe_state_at;
