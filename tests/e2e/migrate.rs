//! `attain migrate` over 200 tenant schemas: all reach the latest version in
//! parallel, a re-run changes nothing, and a broken schema is reported while
//! the others migrate.

use attain_db::migrations::{self, migrate_all_tenants};
use attain_test_support::TestDatabase;
use diesel::connection::SimpleConnection;
use std::time::Instant;

const TENANTS: usize = 200;

#[test]
fn migrate_brings_200_schemas_current_reports_a_broken_one_and_is_idempotent() {
    let database = TestDatabase::create().unwrap_or_else(|e| panic!("{e}"));
    let mut conn = database.connect().unwrap_or_else(|e| panic!("{e}"));
    let refs = attain_test_support::seed::outdated_tenants(&mut conn, TENANTS)
        .unwrap_or_else(|e| panic!("{e}"));
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
