//! `attain migrate` over 200 tenant schemas: all reach the latest version in
//! parallel, a re-run changes nothing, and a broken schema is reported while
//! the others migrate.

use attain_db::{
    control::tenants::Tenant,
    migrations::{self, migrate_all_tenants},
    schema::control::tenants,
};
use attain_domain::{SchemaName, TenantRef};
use attain_test_support::TestDatabase;
use diesel::{connection::SimpleConnection, RunQueryDsl};
use rand::RngCore;
use std::time::Instant;
use uuid::Uuid;

const TENANTS: usize = 200;

#[test]
fn migrate_brings_200_schemas_current_reports_a_broken_one_and_is_idempotent() {
    let database = TestDatabase::create().unwrap_or_else(|e| panic!("{e}"));
    let mut conn = database.connect().unwrap_or_else(|e| panic!("{e}"));
    let mut refs = Vec::new();
    for i in 0..TENANTS {
        let mut random = [0u8; 12];
        rand::rngs::OsRng.fill_bytes(&mut random);
        let schema = SchemaName::from_random(random);
        let tenant = Tenant {
            id: Uuid::new_v4(),
            slug: format!("tenant-{i}"),
            name: format!("Tenant {i}"),
            industry: "software".into(),
            company_size: "1-10".into(),
            schema_name: schema.to_string(),
            created_at: chrono::Utc::now(),
        };
        diesel::insert_into(tenants::table)
            .values(&tenant)
            .execute(&mut conn)
            .unwrap_or_else(|e| panic!("{e}"));
        conn.batch_execute(&format!("CREATE SCHEMA {schema}"))
            .unwrap_or_else(|e| panic!("{e}"));
        let tenant_ref = TenantRef {
            id: tenant.id,
            schema,
        };
        // Schemas one version behind, as after a deploy that adds a migration.
        migrations::migrate_tenant_one_step(&mut conn, &tenant_ref)
            .unwrap_or_else(|e| panic!("{e}"));
        refs.push(tenant_ref);
    }
    // One schema already holds the table the next migration creates: it must fail alone.
    let broken = refs[57].schema.clone();
    conn.batch_execute(&format!("CREATE TABLE {broken}.kpi_snapshots (x int)"))
        .unwrap_or_else(|e| panic!("{e}"));

    let started = Instant::now();
    let first = migrate_all_tenants(&database.url, 4, |_| {}).unwrap_or_else(|e| panic!("{e}"));
    let first_elapsed = started.elapsed();
    assert_eq!(first.total, TENANTS);
    assert_eq!(first.migrated, TENANTS - 1);
    assert_eq!(first.failed.len(), 1);
    assert_eq!(first.failed[0].0, broken.to_string());
    assert!(
        first.failed[0].1.contains("kpi_snapshots"),
        "{}",
        first.failed[0].1
    );

    let latest = Some(migrations::latest_tenant_version());
    for tenant in &refs {
        let version =
            migrations::tenant_version(&mut conn, &tenant.schema).unwrap_or_else(|e| panic!("{e}"));
        if tenant.schema == broken {
            assert_ne!(version, latest, "the broken schema stays where it was");
        } else {
            assert_eq!(version, latest);
        }
    }

    let started = Instant::now();
    let second = migrate_all_tenants(&database.url, 4, |_| {}).unwrap_or_else(|e| panic!("{e}"));
    let second_elapsed = started.elapsed();
    assert_eq!(second.migrated, 0, "a re-run does nothing");
    assert_eq!(second.already_current, TENANTS - 1);
    assert_eq!(second.failed.len(), 1);

    // Mend the broken schema: the next run picks it up.
    conn.batch_execute(&format!("DROP TABLE {broken}.kpi_snapshots"))
        .unwrap_or_else(|e| panic!("{e}"));
    let third = migrate_all_tenants(&database.url, 4, |_| {}).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        (third.migrated, third.already_current, third.failed.len()),
        (1, TENANTS - 1, 0)
    );
    println!(
        "migrate {TENANTS} tenant schemas: first run {:.2} s, re-run {:.2} s",
        first_elapsed.as_secs_f64(),
        second_elapsed.as_secs_f64()
    );
}
