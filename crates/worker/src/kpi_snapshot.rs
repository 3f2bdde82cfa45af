//! Recomputes a tenant's company KPI snapshot (won amount, open pipeline, win
//! rate, deal counts) when one of its deals changes, with the scorecards and
//! the alignment snapshots, stores them in the tenant schema, caches them in
//! Redis and announces them on the tenant's channel.

use crate::{scorecards::Touched, WorkerContext};
use attain_db::{
    control::{inbox, tenants},
    tenant::{deals, kpi_snapshots},
    DbError, TenantConn,
};
use attain_domain::kpi::KpiFigures;
use attain_jobs::{
    consumer::{Handler, HandlerError},
    envelope::{kinds, ActivityLogged, DealChanged},
    topology::KPI_QUEUE,
    Envelope,
};
use diesel::Connection;
use futures_util::FutureExt;
use std::sync::Arc;

pub fn handler(ctx: WorkerContext) -> Handler {
    Arc::new(move |envelope| {
        let ctx = ctx.clone();
        async move { recompute(&ctx, envelope).await }.boxed()
    })
}

enum Failure {
    Permanent(String),
    Db(DbError),
}

impl From<DbError> for Failure {
    fn from(e: DbError) -> Self {
        Failure::Db(e)
    }
}

impl From<diesel::result::Error> for Failure {
    fn from(e: diesel::result::Error) -> Self {
        Failure::Db(e.into())
    }
}

async fn recompute(ctx: &WorkerContext, envelope: Envelope) -> Result<(), HandlerError> {
    let touched = match envelope.kind.as_str() {
        kinds::DEAL_CHANGED => {
            let change = serde_json::from_value::<DealChanged>(envelope.payload.clone())
                .map_err(|e| HandlerError::Permanent(format!("bad deal.changed payload: {e}")))?;
            if matches!(change.change.as_str(), "demo" | "import") {
                Touched::Everyone
            } else {
                Touched::Deal(change.deal_id)
            }
        }
        kinds::TARGETS_CHANGED => Touched::Targets,
        kinds::ACTIVITY_LOGGED => {
            let logged = serde_json::from_value::<ActivityLogged>(envelope.payload.clone())
                .map_err(|e| HandlerError::Permanent(format!("bad activity payload: {e}")))?;
            Touched::Person(logged.person_id, logged.occurred_on)
        }
        other => return Err(HandlerError::Permanent(format!("unexpected kind {other}"))),
    };

    let tenant_id = envelope.tenant_id;
    let message_id = envelope.message_id;
    let (row, scorecards) = ctx
        .db
        .run(
            move |conn| -> Result<(kpi_snapshots::KpiSnapshotRow, Vec<(String, serde_json::Value)>), Failure> {
                let tenant = tenants::find(conn, tenant_id)?
                    .ok_or_else(|| Failure::Permanent(format!("no tenant {tenant_id}")))?;
                let tenant_ref = tenant.tenant_ref()?;
                conn.transaction(|conn| {
                let first_delivery = inbox::claim(conn, KPI_QUEUE, message_id, Some(tenant_id))?;
                TenantConn::transaction(conn, &tenant_ref, |t| -> Result<_, Failure> {
                    if first_delivery {
                        kpi_snapshots::lock_for_recompute(t)?;
                        let figures = KpiFigures::from_aggregates(&deals::aggregates(t)?);
                        let json = serde_json::to_value(&figures)
                            .map_err(|e| Failure::Permanent(e.to_string()))?;
                        let company = kpi_snapshots::upsert_applying_event(
                            t,
                            kpi_snapshots::COMPANY_SCOPE,
                            json,
                            message_id,
                        )?;
                        let today = chrono::Utc::now().date_naive();
                        let facts = crate::scorecards::load_facts(t, today)?;
                        let mut scorecards =
                            crate::scorecards::refresh(t, &facts, today, touched, message_id)?;
                        scorecards.extend(crate::alignment::refresh(t, &facts, today, message_id)?);
                        Ok((company, scorecards))
                    } else {
                        tracing::info!(%message_id, "already applied; refreshing the cache only");
                        let company = kpi_snapshots::find(t, kpi_snapshots::COMPANY_SCOPE)?.ok_or_else(|| {
                            Failure::Db(DbError::Corrupt("inbox row without a snapshot".into()))
                        })?;
                        Ok((company, Vec::new()))
                    }
                })
            })
            },
        )
        .await
        .map_err(|failure| match failure {
            Failure::Permanent(reason) => HandlerError::Permanent(reason),
            Failure::Db(e) => HandlerError::Transient(e.to_string()),
        })?;

    ctx.cache
        .put_snapshot(tenant_id, kpi_snapshots::COMPANY_SCOPE, &row.view())
        .await
        .map_err(|e| HandlerError::Transient(e.to_string()))?;
    for (key, view) in &scorecards {
        ctx.cache
            .put_snapshot(tenant_id, key, view)
            .await
            .map_err(|e| HandlerError::Transient(e.to_string()))?;
    }
    tracing::info!(%tenant_id, events_applied = row.events_applied, scorecards = scorecards.len(), "KPI snapshots updated");
    Ok(())
}
