//! The r2d2 pool of synchronous diesel connections and [`Db`], which runs
//! blocking database work off the async runtime.

use crate::{tenant_conn::TenantConn, DbError};
use attain_domain::TenantRef;
use diesel::{
    connection::SimpleConnection,
    r2d2::{ConnectionManager, CustomizeConnection, Pool},
    PgConnection,
};
use std::time::Duration;

pub type PgPool = Pool<ConnectionManager<PgConnection>>;

/// The empty schema that every connection starts in (and the app role defaults to).
pub const EMPTY_SCHEMA: &str = "attain_empty";

#[derive(Debug)]
struct FailClosedSearchPath;

impl CustomizeConnection<PgConnection, diesel::r2d2::Error> for FailClosedSearchPath {
    fn on_acquire(&self, conn: &mut PgConnection) -> Result<(), diesel::r2d2::Error> {
        // Belt and braces with the role default: even under another role, a
        // connection that has not entered a tenant sees no tenant tables.
        conn.batch_execute("SET search_path TO attain_empty")
            .map_err(diesel::r2d2::Error::QueryError)
    }
}

pub fn build_pool(database_url: &str, max_size: u32) -> Result<PgPool, DbError> {
    Ok(Pool::builder()
        .max_size(max_size)
        .min_idle(Some(1))
        .connection_timeout(Duration::from_secs(5))
        .connection_customizer(Box::new(FailClosedSearchPath))
        .build(ConnectionManager::<PgConnection>::new(database_url))?)
}

/// Cloneable handle used by async code.
#[derive(Clone)]
pub struct Db {
    pool: PgPool,
}

impl Db {
    pub fn new(pool: PgPool) -> Self {
        Self { pool }
    }

    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    /// Runs control-plane work on a blocking thread.
    pub async fn run<T, E, F>(&self, work: F) -> Result<T, E>
    where
        F: FnOnce(&mut PgConnection) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<DbError> + Send + 'static,
    {
        let pool = self.pool.clone();
        tokio::task::spawn_blocking(move || {
            let mut conn = pool.get().map_err(DbError::from)?;
            work(&mut conn)
        })
        .await
        .map_err(|e| DbError::Join(e.to_string()))?
    }

    /// Runs tenant work in one transaction entered into `tenant`'s schema.
    pub async fn in_tenant<T, E, F>(&self, tenant: TenantRef, work: F) -> Result<T, E>
    where
        F: FnOnce(&mut TenantConn<'_>) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<DbError> + From<diesel::result::Error> + Send + 'static,
    {
        self.run(move |conn| TenantConn::transaction(conn, &tenant, work))
            .await
    }
}
