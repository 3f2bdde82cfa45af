//! Generated tenants for migration tests and benchmarks.

use attain_db::{control::tenants::Tenant, migrations, schema::control::tenants};
use attain_domain::{SchemaName, TenantRef};
use diesel::{connection::SimpleConnection, PgConnection, RunQueryDsl};
use rand::RngCore;
use uuid::Uuid;

/// Creates `count` tenants whose schemas are one migration behind, as after a
/// deploy that adds a tenant migration.
pub fn outdated_tenants(conn: &mut PgConnection, count: usize) -> anyhow::Result<Vec<TenantRef>> {
    let mut refs = Vec::with_capacity(count);
    for i in 0..count {
        let mut random = [0u8; 12];
        rand::rngs::OsRng.fill_bytes(&mut random);
        let schema = SchemaName::from_random(random);
        let tenant = Tenant {
            id: Uuid::new_v4(),
            slug: format!("tenant-{i}-{}", &Uuid::new_v4().simple().to_string()[..6]),
            name: format!("Tenant {i}"),
            industry: "software".into(),
            company_size: "1-10".into(),
            schema_name: schema.to_string(),
            created_at: chrono::Utc::now(),
        };
        diesel::insert_into(tenants::table)
            .values(&tenant)
            .execute(conn)?;
        conn.batch_execute(&format!("CREATE SCHEMA {schema}"))?;
        let tenant_ref = TenantRef {
            id: tenant.id,
            schema,
        };
        migrations::migrate_tenant_one_step(conn, &tenant_ref)?;
        refs.push(tenant_ref);
    }
    Ok(refs)
}
