//! `POST /api/v1/deals`: creates a deal and, in the same transaction, the
//! `deal.changed` event that updates the KPI snapshot.

use super::amount_from_json;
use crate::{auth::Principal, error::ApiError, json::Json, state::AppState};
use actix_web::{post, web, HttpResponse};
use attain_db::{
    control::{audit, memberships},
    tenant::deals,
    DbError,
};
use attain_domain::{
    deal::{parse_deal_name, Currency, DealStatus},
    Capability, FieldError,
};
use attain_jobs::envelope::{enqueue, kinds, DealChanged};
use chrono::{NaiveDate, Utc};
use serde::Deserialize;
use uuid::Uuid;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateDeal {
    pub name: String,
    pub amount: serde_json::Value,
    pub currency: String,
    pub status: Option<String>,
    pub close_date: Option<NaiveDate>,
    /// Defaults to the caller. Only managers, admins and owners may set another owner.
    pub owner_user_id: Option<Uuid>,
}

#[post("/deals")]
pub async fn handler(
    state: web::Data<AppState>,
    principal: Principal,
    body: Json<CreateDeal>,
) -> Result<HttpResponse, ApiError> {
    principal.require(Capability::EditOwnDeals)?;
    let body = body.0;
    let name = parse_deal_name(&body.name)?;
    let amount = amount_from_json(&body.amount)?;
    let currency = Currency::parse(&body.currency)?;
    let status: DealStatus = body.status.as_deref().unwrap_or("open").parse()?;
    let owner = body.owner_user_id.unwrap_or(principal.user_id);
    if owner != principal.user_id {
        principal.require(Capability::EditAnyDeal)?;
    }
    let now = Utc::now();
    let deal = deals::Deal {
        id: Uuid::new_v4(),
        name,
        owner_user_id: owner,
        amount,
        currency: currency.as_str().to_owned(),
        status: status.as_str().to_owned(),
        close_date: body.close_date,
        version: 1,
        created_at: now,
        updated_at: now,
    };
    let stored = deal.clone();
    let actor = principal.clone();
    state
        .db
        .in_tenant(principal.tenant.clone(), move |t| -> Result<(), ApiError> {
            let tenant_id = t.tenant_id();
            let owner_active = memberships::find(t.conn(), tenant_id, stored.owner_user_id)?
                .is_some_and(|m| m.active);
            if !owner_active {
                return Err(FieldError::new(
                    "owner_user_id",
                    "must be an active member of your company",
                )
                .into());
            }
            deals::insert(t, &stored)?;
            enqueue(
                t.conn(),
                tenant_id,
                kinds::DEAL_CHANGED,
                DealChanged {
                    deal_id: stored.id,
                    change: "created".into(),
                },
            )?;
            audit::record(
                t.conn(),
                &actor.audit(
                    "deal.created",
                    "deal",
                    stored.id,
                    None,
                    Some(
                        serde_json::to_value(&stored)
                            .map_err(|e| DbError::Corrupt(e.to_string()))?,
                    ),
                ),
            )?;
            Ok(())
        })
        .await?;
    Ok(HttpResponse::Created().json(deal))
}
