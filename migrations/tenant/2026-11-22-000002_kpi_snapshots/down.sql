DROP TABLE kpi_snapshots;
