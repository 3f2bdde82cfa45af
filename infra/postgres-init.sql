-- Run once by the postgres image (/docker-entrypoint-initdb.d) as the superuser,
-- on an empty data directory. POSTGRES_DB is `postgres`; the app database is created here.

DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'attain') THEN
        CREATE ROLE attain LOGIN PASSWORD 'attain' CREATEDB;
    END IF;
END
$$;

-- CREATE DATABASE cannot run inside a DO block (or any transaction block).
SELECT 'CREATE DATABASE attain OWNER attain'
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'attain')\gexec

-- Tenant isolation: the app role starts in an empty schema, so a query that did
-- not enter a tenant finds no tables. The schema is created by the app's control
-- migrations (`attain migrate`); until then Postgres only notes it is missing.
ALTER ROLE attain SET search_path TO attain_empty;
