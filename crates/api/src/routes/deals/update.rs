//! `PATCH /api/v1/deals/{deal_id}`: changes a deal. The body carries the
//! `version` the client last saw; if the deal changed since, the answer is 409
//! and nothing is written. The `deal.changed` event is written in the same
//! transaction.

use super::{amount_from_json, ensure_editable};
use crate::{auth::Principal, error::ApiError, json::Json, state::AppState};
use actix_web::{patch, web, HttpResponse};
use attain_db::{control::audit, tenant::deals, DbError};
use attain_domain::{
    deal::{parse_deal_name, Currency, DealStatus},
    Capability,
};
use attain_jobs::envelope::{enqueue, kinds, DealChanged};
use chrono::{NaiveDate, Utc};
use serde::Deserialize;
use uuid::Uuid;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UpdateDeal {
    pub version: i32,
    pub name: Option<String>,
    pub amount: Option<serde_json::Value>,
    pub currency: Option<String>,
    pub status: Option<String>,
    pub close_date: Option<NaiveDate>,
}

#[patch("/deals/{deal_id}")]
pub async fn handler(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<Uuid>,
    body: Json<UpdateDeal>,
) -> Result<HttpResponse, ApiError> {
    principal.require(Capability::EditOwnDeals)?;
    let deal_id = path.into_inner();
    let body = body.0;
    let name = body.name.as_deref().map(parse_deal_name).transpose()?;
    let amount = body.amount.as_ref().map(amount_from_json).transpose()?;
    let currency = body.currency.as_deref().map(Currency::parse).transpose()?;
    let status: Option<DealStatus> = body.status.as_deref().map(str::parse).transpose()?;
    let actor = principal.clone();
    let updated = state
        .db
        .in_tenant(principal.tenant.clone(), move |t| -> Result<deals::Deal, ApiError> {
            let before = deals::find_for_update(t, deal_id)?.ok_or_else(|| ApiError::not_found("deal"))?;
            ensure_editable(&actor, &before)?;
            if before.version != body.version {
                return Err(ApiError::conflict(
                    "version_conflict",
                    format!("This deal was changed by someone else (now version {}). Reload it and apply your change again.", before.version),
                )
                .with_field("version"));
            }
            let mut after = before.clone();
            if let Some(name) = name { after.name = name; }
            if let Some(amount) = amount { after.amount = amount; }
            if let Some(currency) = currency { after.currency = currency.as_str().to_owned(); }
            if let Some(status) = status { after.status = status.as_str().to_owned(); }
            if body.close_date.is_some() { after.close_date = body.close_date; }
            after.version += 1;
            after.updated_at = Utc::now();
            deals::save(t, &after)?;
            let tenant_id = t.tenant_id();
            enqueue(t.conn(), tenant_id, kinds::DEAL_CHANGED, DealChanged { deal_id, change: "updated".into() })?;
            let json = |d: &deals::Deal| serde_json::to_value(d).map_err(|e| DbError::Corrupt(e.to_string()));
            audit::record(t.conn(), &actor.audit("deal.updated", "deal", deal_id, Some(json(&before)?), Some(json(&after)?)))?;
            Ok(after)
        })
        .await?;
    Ok(HttpResponse::Ok().json(updated))
}
