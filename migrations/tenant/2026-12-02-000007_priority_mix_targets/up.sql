-- The company's target mix of product priorities: the share of pipeline
-- and bookings it wants from strategic, standard and loss-leader products.
-- No rows: no target set, and the alignment score leaves the mix part out.
CREATE TABLE priority_mix_targets (
    priority text PRIMARY KEY CHECK (priority IN ('strategic', 'standard', 'loss_leader')),
    share numeric(5, 2) NOT NULL CHECK (share >= 0 AND share <= 100),
    updated_at timestamptz NOT NULL DEFAULT now()
);
