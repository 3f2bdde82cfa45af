//! PostgreSQL access: the diesel schema, the pool, the tenant connection guard,
//! migrations of the control schema and of every tenant schema, provisioning,
//! and one repository module per table.

pub mod control;
pub mod migrations;
pub mod pool;
pub mod provisioning;
pub mod schema;
pub mod tenant;
mod tenant_conn;

pub use pool::{Db, PgPool};
pub use tenant_conn::TenantConn;

/// The db layer's one error type.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("database query failed: {0}")]
    Query(#[from] diesel::result::Error),
    #[error("could not get a database connection: {0}")]
    Pool(#[from] diesel::r2d2::PoolError),
    #[error("could not connect to the database: {0}")]
    Connect(#[from] diesel::ConnectionError),
    #[error("migration failed: {0}")]
    Migration(String),
    #[error("stored data is inconsistent: {0}")]
    Corrupt(String),
    #[error("the blocking database task failed: {0}")]
    Join(String),
}

impl DbError {
    /// True when the error is a unique-constraint violation on `constraint`.
    pub fn is_unique_violation(&self, constraint: &str) -> bool {
        use diesel::result::{DatabaseErrorKind, Error};
        matches!(self, DbError::Query(Error::DatabaseError(DatabaseErrorKind::UniqueViolation, info))
            if info.constraint_name() == Some(constraint))
    }
}
