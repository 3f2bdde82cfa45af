//! `attain demo`: a demo company with one login per role and a spread of deals
//! (written with their events, so the worker computes the KPI snapshot).
//! Re-running it keeps the existing demo company and prints its logins.

use attain_api::passwords;
use attain_config::Settings;
use attain_db::{
    control::{memberships, tenants, users},
    provisioning::{provision_tenant, NewTenant, Owner},
    tenant::{deals, people, stages},
    TenantConn,
};
use attain_domain::{Role, SchemaName};
use attain_jobs::envelope::{enqueue, kinds, DealChanged};
use chrono::{Days, Utc};
use diesel::Connection;
use rand::{rngs::StdRng, Rng, RngCore, SeedableRng};
use rust_decimal::Decimal;
use uuid::Uuid;

pub const DEMO_SLUG: &str = "demo";
pub const DEMO_PASSWORD: &str = "attain-demo-2026";

const PEOPLE: [(Role, &str, &str); 9] = [
    (Role::Owner, "Olivia Owner", "owner"),
    (Role::Admin, "Adam Admin", "admin"),
    (Role::Executive, "Erin Executive", "exec"),
    (Role::Manager, "Max Manager", "manager"),
    (Role::Rep, "Ava Thompson", "ava"),
    (Role::Rep, "Jonas Berg", "jonas"),
    (Role::Rep, "Liam Ortiz", "liam"),
    (Role::Rep, "Mia Chen", "mia"),
    (Role::BillingAdmin, "Bill Payer", "billing"),
];

const ACCOUNTS: [&str; 12] = [
    "Northwind Traders",
    "Tailspin Toys",
    "Contoso Health",
    "Coho Vineyard",
    "Fabrikam",
    "Adventure Works",
    "Wide World Importers",
    "Litware",
    "Proseware",
    "Wingtip Toys",
    "Fourth Coffee",
    "Alpine Ski House",
];

pub fn email(handle: &str) -> String {
    format!("{handle}@demo.attain.test")
}

pub async fn run(settings: &Settings) -> anyhow::Result<()> {
    let url = settings.database_url.expose().to_owned();
    let hash = passwords::hash(DEMO_PASSWORD.to_owned())
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let created = tokio::task::spawn_blocking(move || create(&url, &hash)).await??;
    println!(
        "{} demo company '{DEMO_SLUG}'. Logins (password {DEMO_PASSWORD}):",
        if created {
            "Created the"
        } else {
            "Kept the existing"
        }
    );
    for (role, name, handle) in PEOPLE {
        println!("  {:<14} {:<28} {name}", role.as_str(), email(handle));
    }
    Ok(())
}

fn create(url: &str, password_hash: &str) -> anyhow::Result<bool> {
    let mut conn = diesel::PgConnection::establish(url)?;
    if tenants::find_by_slug(&mut conn, DEMO_SLUG)?.is_some() {
        return Ok(false);
    }
    let mut random = [0u8; 12];
    rand::rngs::OsRng.fill_bytes(&mut random);
    let owner = PEOPLE[0];
    let provisioned = provision_tenant(
        &mut conn,
        NewTenant {
            slug: DEMO_SLUG.into(),
            name: "Acme Analytics (demo)".into(),
            industry: "software".into(),
            company_size: "51-200".into(),
            schema: SchemaName::from_random(random),
        },
        Owner::New {
            email: email(owner.2),
            name: owner.1.into(),
            password_hash: password_hash.into(),
        },
        &|_| true,
    )?;
    let tenant = provisioned.tenant_ref;
    let mut sellers = vec![provisioned.owner_id];
    conn.transaction(|conn| -> anyhow::Result<()> {
        for (role, name, handle) in &PEOPLE[1..] {
            let user = users::User {
                id: Uuid::new_v4(),
                email: email(handle),
                name: (*name).into(),
                password_hash: password_hash.into(),
                created_at: Utc::now(),
            };
            users::insert(conn, &user)?;
            memberships::insert(
                conn,
                &memberships::Membership {
                    tenant_id: tenant.id,
                    user_id: user.id,
                    role: role.as_str().into(),
                    active: true,
                    created_at: Utc::now(),
                },
            )?;
            people::ensure_for_user(conn, &tenant, user.id, *role == Role::Manager)?;
            if matches!(role, Role::Rep | Role::Manager) {
                sellers.push(user.id);
            }
        }
        Ok(())
    })?;
    sellers.remove(0);

    // Seeded, so every demo shows the same believable spread.
    let mut rng = StdRng::seed_from_u64(2026);
    TenantConn::transaction(&mut conn, &tenant, |t| -> anyhow::Result<()> {
        let pipeline = stages::all(t)?;
        let stage_of = |kind: &str| pipeline.iter().find(|s| s.kind == kind).map(|s| s.id);
        for i in 0..60 {
            let status = match rng.gen_range(0..10) {
                0..=4 => "open",
                5..=7 => "won",
                _ => "lost",
            };
            let account = ACCOUNTS[i % ACCOUNTS.len()];
            let amount = Decimal::new(rng.gen_range(24..=960) * 50_00, 2);
            let created_at = Utc::now() - chrono::Duration::days(rng.gen_range(5..200));
            let deal = deals::Deal {
                id: Uuid::new_v4(),
                name: format!("{account} - Platform {}", 2025 + (i % 2)),
                owner_id: sellers[i % sellers.len()],
                amount,
                currency: if i % 7 == 0 { "EUR" } else { "USD" }.into(),
                status: status.into(),
                expected_close_date: Utc::now()
                    .date_naive()
                    .checked_add_days(Days::new(rng.gen_range(0..120))),
                version: 1,
                created_at,
                updated_at: created_at,
                external_id: None,
                account_id: None,
                stage_id: stage_of(status).ok_or_else(|| anyhow::anyhow!("no {status} stage"))?,
                deal_type: "new_business".into(),
                closed_date: (status != "open").then(|| created_at.date_naive()),
                loss_reason: None,
                stage_entered_at: created_at,
            };
            deals::insert(t, &deal)?;
            enqueue(
                t.conn(),
                tenant.id,
                kinds::DEAL_CHANGED,
                DealChanged {
                    deal_id: deal.id,
                    change: "created".into(),
                },
            )?;
        }
        Ok(())
    })?;
    Ok(true)
}
