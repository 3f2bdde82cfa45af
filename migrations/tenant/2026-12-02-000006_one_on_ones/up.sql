-- One-on-one notes a manager keeps about a rep: when they met, what was
-- said, and what the rep does next. Never deleted by the product: a note
-- is part of the coaching record.
CREATE TABLE one_on_one_notes (
    id uuid PRIMARY KEY,
    person_id uuid NOT NULL REFERENCES people (id),
    author_user_id uuid NOT NULL,
    author_name text NOT NULL,
    held_on date NOT NULL,
    notes text NOT NULL CHECK (length(notes) BETWEEN 1 AND 10000),
    next_steps text NOT NULL DEFAULT '' CHECK (length(next_steps) <= 4000),
    focus_stage text,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX one_on_one_notes_person ON one_on_one_notes (person_id, held_on DESC);
