//! `PATCH /api/v1/deals/{deal_id}`: changes a deal. The body carries the
//! `version` the client last saw; if the deal changed since, the answer is 409
//! and nothing is written. A new `stage_id` records a milestone, sets the
//! status from the stage's kind and the closed date when it closes. The
//! `deal.changed` event is written in the same transaction.

use super::{
    amount_from_json, ensure_active_person, ensure_may_edit, lines_for, lines_total, resolve_stage,
    splits_for, visible_deal, DealView, LineInput, SplitInput,
};
use crate::{auth::Principal, error::ApiError, json::Json, state::AppState};
use actix_web::{patch, web, HttpResponse};
use attain_db::{
    control::audit,
    tenant::{accounts, deals},
    DbError,
};
use attain_domain::{
    deal::{parse_deal_name, Currency, DealStatus, DealType},
    validation::bounded_text,
    Capability, FieldError,
};
use attain_jobs::envelope::{enqueue, kinds, DealChanged};
use chrono::{NaiveDate, Utc};
use serde::Deserialize;
use uuid::Uuid;

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateDeal {
    /// The version last read (409 `version_conflict` when it changed since).
    pub version: i32,
    pub name: Option<String>,
    #[schema(value_type = Option<crate::openapi::DecimalInput>)]
    pub amount: Option<serde_json::Value>,
    pub currency: Option<String>,
    pub stage_id: Option<Uuid>,
    /// open, won or lost: moves the deal to the first stage of that kind.
    pub status: Option<String>,
    pub deal_type: Option<String>,
    pub account_id: Option<Uuid>,
    pub expected_close_date: Option<NaiveDate>,
    pub closed_date: Option<NaiveDate>,
    pub loss_reason: Option<String>,
    pub owner_id: Option<Uuid>,
    /// Replaces every split.
    pub splits: Option<Vec<SplitInput>>,
    /// Replaces every product line.
    pub lines: Option<Vec<LineInput>>,
}

#[utoipa::path(
    patch,
    path = "/api/v1/deals/{deal_id}",
    tag = "deals",
    operation_id = "deals_update",
    summary = "Change a deal.",
    description = "Changes the fields given; moving it to another stage records a milestone. Carries the `version` last read.",
    params(("deal_id" = uuid::Uuid, Path, description = "The deal's id.")),
    request_body = UpdateDeal,
    responses(
        (status = 200, description = "The deal as changed.", body = crate::routes::deals::DealView),
        (status = 400, description = "The body is not valid JSON or could not be read.", body = crate::openapi::ErrorBody),
        (status = 401, description = "Not signed in, or the API token is unknown or revoked.", body = crate::openapi::ErrorBody),
        (status = 403, description = "The caller's role does not allow this, or a cookie session sent no valid `X-CSRF-Token`.", body = crate::openapi::ErrorBody),
        (status = 404, description = "No such deal, or not one the caller may see.", body = crate::openapi::ErrorBody),
        (status = 409, description = "`version` is stale: the record changed since it was read (`version_conflict`).", body = crate::openapi::ErrorBody),
        (status = 413, description = "The body is larger than 64 KiB.", body = crate::openapi::ErrorBody),
        (status = 415, description = "The body is not sent as `application/json`.", body = crate::openapi::ErrorBody),
        (status = 422, description = "A field is missing, unknown or invalid; `field` names it.", body = crate::openapi::ErrorBody),
    ),
    security(("session" = [], "csrf" = []), ("bearer" = [])),
)]
#[patch("/deals/{deal_id}")]
pub async fn handler(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<Uuid>,
    body: Json<UpdateDeal>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(run(&state, &principal, path.into_inner(), body.0).await?))
}

pub async fn run(
    state: &AppState,
    principal: &Principal,
    deal_id: Uuid,
    body: UpdateDeal,
) -> Result<DealView, ApiError> {
    ensure_may_edit(principal)?;
    let name = body.name.as_deref().map(parse_deal_name).transpose()?;
    let amount = body.amount.as_ref().map(amount_from_json).transpose()?;
    let currency = body.currency.as_deref().map(Currency::parse).transpose()?;
    let status: Option<DealStatus> = body.status.as_deref().map(str::parse).transpose()?;
    let deal_type: Option<DealType> = body.deal_type.as_deref().map(str::parse).transpose()?;
    let loss_reason = body
        .loss_reason
        .as_deref()
        .map(|r| bounded_text("loss_reason", r, 1, 300))
        .transpose()?;
    if body.owner_id.is_some() {
        principal.require(Capability::EditAnyDeal)?;
    }
    let actor = principal.clone();
    state
        .db
        .in_tenant(principal.tenant.clone(), move |t| -> Result<DealView, ApiError> {
            let before = visible_deal(t, &actor, deal_id, true)?;
            if before.version != body.version {
                return Err(ApiError::conflict(
                    "version_conflict",
                    format!("This deal was changed by someone else (now version {}). Reload it and apply your change again.", before.version),
                )
                .with_field("version"));
            }
            let before_view = DealView {
                splits: deals::splits(t, deal_id)?,
                lines: deals::lines(t, deal_id)?,
                deal: before.clone(),
            };
            let mut after = before.clone();
            let now = Utc::now();
            if let Some(name) = name { after.name = name; }
            if let Some(currency) = &currency { after.currency = currency.as_str().to_owned(); }
            if let Some(deal_type) = deal_type { after.deal_type = deal_type.as_str().to_owned(); }
            if body.expected_close_date.is_some() { after.expected_close_date = body.expected_close_date; }
            if let Some(owner) = body.owner_id {
                ensure_active_person(t, "owner_id", owner)?;
                after.owner_id = owner;
            }
            if let Some(account) = body.account_id {
                if accounts::find(t, account)?.is_none() {
                    return Err(FieldError::new("account_id", "is not an account of your company").into());
                }
                after.account_id = Some(account);
            }
            let mut milestone = None;
            if body.stage_id.is_some() || status.is_some() {
                let stage = match (body.stage_id, status) {
                    (None, Some(status)) if status.as_str() == before.status => {
                        deals_stage(t, before.stage_id)?
                    }
                    (stage_id, status) => resolve_stage(t, stage_id, status)?,
                };
                if stage.id != before.stage_id {
                    milestone = Some(deals::NewMilestone {
                        deal_id,
                        from_stage_id: Some(before.stage_id),
                        to_stage_id: stage.id,
                        at: now,
                        by_user_id: Some(actor.user_id),
                        source: "app".into(),
                    });
                    after.stage_id = stage.id;
                    after.stage_entered_at = now;
                }
                after.status = stage.kind.clone();
            }
            if after.status == "open" {
                after.closed_date = None;
                after.loss_reason = None;
            } else {
                after.closed_date = body.closed_date.or(after.closed_date).or(Some(now.date_naive()));
            }
            if after.status == "lost" && loss_reason.is_some() {
                after.loss_reason = loss_reason;
            }
            let lines = match &body.lines {
                Some(inputs) => {
                    let lines = lines_for(t, deal_id, &after.currency, inputs)?;
                    deals::replace_lines(t, deal_id, &lines)?;
                    lines
                }
                None => before_view.lines.clone(),
            };
            match (amount, lines.is_empty()) {
                (Some(amount), true) => after.amount = amount,
                (_, false) if body.lines.is_some() || amount.is_some() => {
                    let total = lines_total(&lines);
                    if amount.is_some_and(|a| a != total) {
                        return Err(FieldError::new("amount", format!("must equal the product lines' total ({total}) or be left out")).into());
                    }
                    after.amount = total;
                }
                _ => {}
            }
            if currency.is_some() && body.lines.is_none() && !lines.is_empty() {
                return Err(FieldError::new("currency", "send the product lines again in the new currency").into());
            }
            let splits = match &body.splits {
                Some(inputs) => {
                    let splits = splits_for(t, deal_id, inputs)?;
                    deals::replace_splits(t, deal_id, &splits)?;
                    splits
                }
                None => before_view.splits.clone(),
            };
            after.version += 1;
            after.updated_at = now;
            deals::save(t, &after)?;
            if let Some(milestone) = milestone {
                deals::record_milestones(t, &[milestone])?;
            }
            let tenant_id = t.tenant_id();
            enqueue(t.conn(), tenant_id, kinds::DEAL_CHANGED, DealChanged { deal_id, change: "updated".into() })?;
            let after_view = DealView { deal: after, splits, lines };
            let json = |d: &DealView| serde_json::to_value(d).map_err(|e| DbError::Corrupt(e.to_string()));
            audit::record(t.conn(), &actor.audit("deal.updated", "deal", deal_id, Some(json(&before_view)?), Some(json(&after_view)?)))?;
            Ok(after_view)
        })
        .await
}

fn deals_stage(
    t: &mut attain_db::TenantConn<'_>,
    stage_id: Uuid,
) -> Result<attain_db::tenant::stages::Stage, ApiError> {
    attain_db::tenant::stages::find(t, stage_id)?
        .ok_or_else(|| ApiError::internal("deal in an unknown stage"))
}
