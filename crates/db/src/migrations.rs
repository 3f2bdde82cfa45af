//! Migrations of the control schema and of every tenant schema. Tenant
//! migrations run with the tenant's `search_path` set on the connection (never
//! inside the SQL), one transaction per schema, so an interrupted run leaves
//! each schema either fully migrated or untouched, and a re-run is safe.

use crate::{control::tenants, tenant_conn::TenantConn, DbError};
use attain_domain::{SchemaName, TenantRef};
use diesel::migration::MigrationSource;
use diesel::{
    connection::SimpleConnection, sql_types::Text, Connection, PgConnection, RunQueryDsl,
};
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};
use std::{
    collections::VecDeque,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

pub const CONTROL_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../../migrations/control");
pub const TENANT_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../../migrations/tenant");

fn migration_error(e: impl std::fmt::Display) -> DbError {
    DbError::Migration(e.to_string())
}

/// Brings the control schema to the latest version; returns how many migrations ran.
pub fn migrate_control(conn: &mut PgConnection) -> Result<usize, DbError> {
    conn.transaction(|conn| {
        conn.batch_execute("CREATE SCHEMA IF NOT EXISTS control")?;
        // Serialises concurrent `attain migrate` runs.
        conn.batch_execute("SELECT pg_advisory_xact_lock(hashtext('attain.migrate.control'))")?;
        diesel::sql_query("SELECT set_config('search_path', 'control', true)").execute(conn)?;
        let applied = conn
            .run_pending_migrations(CONTROL_MIGRATIONS)
            .map_err(migration_error)?;
        Ok(applied.len())
    })
}

/// Applies pending tenant migrations to the schema the transaction is in.
/// Used by provisioning, inside the signup transaction.
pub fn migrate_current_tenant(tenant: &mut TenantConn<'_>) -> Result<usize, DbError> {
    let applied = tenant
        .conn()
        .run_pending_migrations(TENANT_MIGRATIONS)
        .map_err(migration_error)?;
    Ok(applied.len())
}

/// Applies only the oldest pending tenant migration (tests build older schemas with it).
pub fn migrate_tenant_one_step(conn: &mut PgConnection, tenant: &TenantRef) -> Result<(), DbError> {
    TenantConn::transaction(conn, tenant, |t| {
        t.conn()
            .run_next_migration(TENANT_MIGRATIONS)
            .map(|_| ())
            .map_err(migration_error)
    })
}

pub fn latest_tenant_version() -> String {
    MigrationSource::<diesel::pg::Pg>::migrations(&TENANT_MIGRATIONS)
        .ok()
        .and_then(|all| all.last().map(|m| m.name().version().to_string()))
        .unwrap_or_default()
}

/// What happened to one tenant schema in a migrate run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TenantOutcome {
    AlreadyCurrent,
    Migrated { applied: usize },
    Failed { error: String },
}

#[derive(Debug, Clone)]
pub struct TenantProgress {
    pub done: usize,
    pub total: usize,
    pub schema: String,
    pub outcome: TenantOutcome,
    pub elapsed: Duration,
}

#[derive(Debug, Default, Clone)]
pub struct MigrateReport {
    pub total: usize,
    pub migrated: usize,
    pub already_current: usize,
    pub failed: Vec<(String, String)>,
    pub elapsed: Duration,
}

/// Migrates every tenant schema listed in `control.tenants`, `concurrency` at a
/// time, each worker on its own connection. A failing schema is reported and
/// the others go on.
pub fn migrate_all_tenants(
    database_url: &str,
    concurrency: usize,
    on_progress: impl Fn(&TenantProgress) + Send + Sync,
) -> Result<MigrateReport, DbError> {
    let started = Instant::now();
    let mut conn = PgConnection::establish(database_url)?;
    let tenants = tenants::all_refs(&mut conn)?;
    drop(conn);
    let total = tenants.len();
    let queue = Arc::new(Mutex::new(VecDeque::from(tenants)));
    let report = Mutex::new(MigrateReport {
        total,
        ..MigrateReport::default()
    });
    let workers = concurrency.clamp(1, 32).min(total.max(1));
    std::thread::scope(|scope| -> Result<(), DbError> {
        let mut handles = Vec::new();
        for _ in 0..workers {
            let queue = Arc::clone(&queue);
            let report = &report;
            let on_progress = &on_progress;
            handles.push(scope.spawn(move || -> Result<(), DbError> {
                let mut conn = PgConnection::establish(database_url)?;
                loop {
                    let next = queue
                        .lock()
                        .map_err(|_| DbError::Join("queue poisoned".into()))?
                        .pop_front();
                    let Some(tenant) = next else { return Ok(()) };
                    let tenant_started = Instant::now();
                    let outcome = migrate_one_tenant(&mut conn, &tenant);
                    if matches!(outcome, TenantOutcome::Failed { .. }) {
                        // A failure may have left the connection unusable; start afresh.
                        conn = PgConnection::establish(database_url)?;
                    }
                    let done = {
                        let mut r = report
                            .lock()
                            .map_err(|_| DbError::Join("report poisoned".into()))?;
                        match &outcome {
                            TenantOutcome::AlreadyCurrent => r.already_current += 1,
                            TenantOutcome::Migrated { .. } => r.migrated += 1,
                            TenantOutcome::Failed { error } => {
                                r.failed.push((tenant.schema.to_string(), error.clone()))
                            }
                        }
                        r.migrated + r.already_current + r.failed.len()
                    };
                    on_progress(&TenantProgress {
                        done,
                        total,
                        schema: tenant.schema.to_string(),
                        outcome,
                        elapsed: tenant_started.elapsed(),
                    });
                }
            }));
        }
        for handle in handles {
            handle
                .join()
                .map_err(|_| DbError::Join("a migration worker panicked".into()))??;
        }
        Ok(())
    })?;
    let mut report = report
        .into_inner()
        .map_err(|_| DbError::Join("report poisoned".into()))?;
    report.failed.sort();
    report.elapsed = started.elapsed();
    Ok(report)
}

fn migrate_one_tenant(conn: &mut PgConnection, tenant: &TenantRef) -> TenantOutcome {
    let result = TenantConn::transaction(conn, tenant, |t| -> Result<TenantOutcome, DbError> {
        // Two concurrent migrate runs never work on the same schema at once.
        diesel::sql_query("SELECT pg_advisory_xact_lock(hashtext($1))")
            .bind::<Text, _>(format!("attain.migrate.{}", tenant.schema))
            .execute(t.conn())?;
        let schema_exists: bool = diesel::select(diesel::dsl::sql::<diesel::sql_types::Bool>(
            "EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = current_schema())",
        ))
        .get_result(t.conn())?;
        if !schema_exists {
            return Err(DbError::Migration(format!(
                "schema {} does not exist",
                tenant.schema
            )));
        }
        let pending = t
            .conn()
            .pending_migrations(TENANT_MIGRATIONS)
            .map_err(migration_error)?;
        if pending.is_empty() {
            return Ok(TenantOutcome::AlreadyCurrent);
        }
        let applied = migrate_current_tenant(t)?;
        Ok(TenantOutcome::Migrated { applied })
    });
    result.unwrap_or_else(|e| TenantOutcome::Failed {
        error: e.to_string(),
    })
}

/// The version of the newest migration applied to `schema`, if any.
pub fn tenant_version(
    conn: &mut PgConnection,
    schema: &SchemaName,
) -> Result<Option<String>, DbError> {
    #[derive(diesel::QueryableByName)]
    struct Version {
        #[diesel(sql_type = diesel::sql_types::Nullable<Text>)]
        version: Option<String>,
    }
    let exists: bool = diesel::select(diesel::dsl::sql::<diesel::sql_types::Bool>(&format!(
        "to_regclass('{}.__diesel_schema_migrations') IS NOT NULL",
        schema.as_str()
    )))
    .get_result(conn)?;
    if !exists {
        return Ok(None);
    }
    let row: Version = diesel::sql_query(format!(
        "SELECT max(version) AS version FROM {}.__diesel_schema_migrations",
        schema.as_str()
    ))
    .get_result(conn)?;
    Ok(row.version)
}
