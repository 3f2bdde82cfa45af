-- Teams as a tree (regions and teams); the sales-data capability adds
-- territories and people's places in it.
CREATE TABLE teams (
    id uuid PRIMARY KEY,
    name text NOT NULL,
    parent_id uuid REFERENCES teams (id) ON DELETE RESTRICT,
    manager_user_id uuid,
    version integer NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    CHECK (parent_id IS NULL OR parent_id <> id)
);
-- Sibling teams have distinct names.
CREATE UNIQUE INDEX teams_unique_name_per_parent
    ON teams (coalesce(parent_id, '00000000-0000-0000-0000-000000000000'::uuid), lower(name));
CREATE INDEX teams_by_parent ON teams (parent_id);
