-- Runs with search_path set to one tenant's schema: names are unqualified.
CREATE TABLE deals (
    id uuid PRIMARY KEY,
    name text NOT NULL,
    owner_user_id uuid NOT NULL,
    amount numeric(18, 2) NOT NULL CHECK (amount >= 0),
    currency char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    status text NOT NULL CHECK (status IN ('open', 'won', 'lost')),
    close_date date,
    version integer NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX deals_by_owner ON deals (owner_user_id);
CREATE INDEX deals_by_status ON deals (status, currency);
