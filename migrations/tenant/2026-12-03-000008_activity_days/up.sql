-- Activities counted per person, kind and day (UTC), kept current by the
-- statement-level triggers below, so every scorecard and alignment refresh
-- reads counts instead of grouping every activity again (on the demo's
-- 300,000 activities that grouping was most of the refresh's read).
CREATE TABLE activity_days (
    on_day date NOT NULL,
    person_id uuid NOT NULL,
    kind text NOT NULL,
    count bigint NOT NULL,
    PRIMARY KEY (on_day, person_id, kind)
);

INSERT INTO activity_days (on_day, person_id, kind, count)
SELECT (occurred_at AT TIME ZONE 'UTC')::date, person_id, kind, count(*)
FROM activities GROUP BY 1, 2, 3;

CREATE FUNCTION activity_days_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO activity_days (on_day, person_id, kind, count)
    SELECT (occurred_at AT TIME ZONE 'UTC')::date, person_id, kind, count(*)
    FROM added GROUP BY 1, 2, 3
    ON CONFLICT (on_day, person_id, kind)
    DO UPDATE SET count = activity_days.count + excluded.count;
    RETURN NULL;
END $$;

CREATE FUNCTION activity_days_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO activity_days (on_day, person_id, kind, count)
    SELECT (occurred_at AT TIME ZONE 'UTC')::date, person_id, kind, -count(*)
    FROM removed GROUP BY 1, 2, 3
    ON CONFLICT (on_day, person_id, kind)
    DO UPDATE SET count = activity_days.count + excluded.count;
    DELETE FROM activity_days WHERE count <= 0
      AND (on_day, person_id, kind) IN
          (SELECT (occurred_at AT TIME ZONE 'UTC')::date, person_id, kind FROM removed);
    RETURN NULL;
END $$;

CREATE FUNCTION activity_days_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO activity_days (on_day, person_id, kind, count)
    SELECT on_day, person_id, kind, sum(n)
    FROM (SELECT (occurred_at AT TIME ZONE 'UTC')::date AS on_day, person_id, kind, 1 AS n FROM added
          UNION ALL
          SELECT (occurred_at AT TIME ZONE 'UTC')::date, person_id, kind, -1 FROM removed) moved
    GROUP BY 1, 2, 3 HAVING sum(n) <> 0
    ON CONFLICT (on_day, person_id, kind)
    DO UPDATE SET count = activity_days.count + excluded.count;
    DELETE FROM activity_days WHERE count <= 0
      AND (on_day, person_id, kind) IN
          (SELECT (occurred_at AT TIME ZONE 'UTC')::date, person_id, kind FROM removed);
    RETURN NULL;
END $$;

CREATE TRIGGER activity_days_on_insert AFTER INSERT ON activities
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION activity_days_insert();
CREATE TRIGGER activity_days_on_delete AFTER DELETE ON activities
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION activity_days_delete();
CREATE TRIGGER activity_days_on_update AFTER UPDATE ON activities
    REFERENCING OLD TABLE AS removed NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION activity_days_update();
