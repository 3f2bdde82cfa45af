DROP TABLE control.benchmark_cohorts;
DROP TABLE control.benchmark_runs;
ALTER TABLE control.tenants DROP COLUMN benchmark_opt_in;
