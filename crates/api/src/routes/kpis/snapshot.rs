//! `GET /api/v1/kpis/snapshot`: the company's KPI snapshot as the worker last
//! computed it, from Redis, falling back to PostgreSQL (and refilling Redis).
//! Before the first deal event it reports zero deals and `computed_at: null`.

use crate::{auth::Principal, error::ApiError, state::AppState};
use actix_web::{get, web, HttpResponse};
use attain_db::tenant::kpi_snapshots::{self, COMPANY_SCOPE};
use attain_domain::{kpi::KpiFigures, Capability};

#[utoipa::path(
    get,
    path = "/api/v1/kpis/snapshot",
    tag = "kpis",
    operation_id = "kpis_snapshot",
    summary = "The company's KPI snapshot.",
    description = "As the worker last computed it, from Redis or else PostgreSQL; before the first deal event it reports zero deals and `computed_at: null`.",
    responses(
        (status = 200, description = "The snapshot.", body = crate::openapi::KpiSnapshot, headers(("X-Attain-Source" = String, description = "cache or database: where the snapshot came from."))),
        (status = 401, description = "Not signed in, or the API token is unknown or revoked.", body = crate::openapi::ErrorBody),
        (status = 403, description = "The caller's role does not allow this.", body = crate::openapi::ErrorBody),
    ),
    security(("session" = []), ("bearer" = [])),
)]
#[get("/kpis/snapshot")]
pub async fn handler(
    state: web::Data<AppState>,
    principal: Principal,
) -> Result<HttpResponse, ApiError> {
    let (source, body) = run(&state, &principal).await?;
    Ok(HttpResponse::Ok()
        .insert_header(("X-Attain-Source", source))
        .json(body))
}

/// The snapshot JSON and where it came from (`cache` or `database`).
pub async fn run(
    state: &AppState,
    principal: &Principal,
) -> Result<(&'static str, serde_json::Value), ApiError> {
    principal.require(Capability::ViewKpis)?;
    let tenant_id = principal.tenant.id;
    if let Some(cached) = state.cache.get_snapshot(tenant_id, COMPANY_SCOPE).await? {
        return Ok(("cache", cached));
    }
    let stored = state
        .db
        .in_tenant(principal.tenant.clone(), |t| {
            kpi_snapshots::find(t, COMPANY_SCOPE)
        })
        .await?;
    let body = match stored {
        Some(row) => {
            let view = row.view();
            state
                .cache
                .put_snapshot(tenant_id, COMPANY_SCOPE, &view)
                .await?;
            view
        }
        None => serde_json::json!({
            "scope": COMPANY_SCOPE,
            "figures": KpiFigures::from_aggregates(&[]),
            "events_applied": 0,
            "last_message_id": null,
            "computed_at": null,
        }),
    };
    Ok(("database", body))
}
