//! `POST /api/v1/deals`: creates a deal in a stage of the pipeline, with its
//! splits and product lines, its first milestone, and (in the same
//! transaction) the `deal.changed` event that updates the KPI snapshots.

use super::{
    amount_from_json, caller_person, ensure_active_person, ensure_may_edit, lines_for, lines_total,
    resolve_stage, splits_for, DealView, LineInput, SplitInput,
};
use crate::{auth::Principal, error::ApiError, json::Json, state::AppState};
use actix_web::{post, web, HttpResponse};
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
pub struct CreateDeal {
    pub name: String,
    /// Optional when `lines` are given: then it is their total.
    #[schema(value_type = Option<crate::openapi::DecimalInput>)]
    pub amount: Option<serde_json::Value>,
    /// A three-letter ISO 4217 code such as USD.
    pub currency: String,
    pub stage_id: Option<Uuid>,
    /// open, won or lost: puts the deal in the first stage of that kind when no stage is named.
    pub status: Option<String>,
    /// new_business (default), expansion or renewal.
    pub deal_type: Option<String>,
    pub account_id: Option<Uuid>,
    pub expected_close_date: Option<NaiveDate>,
    pub closed_date: Option<NaiveDate>,
    pub loss_reason: Option<String>,
    /// Defaults to the caller. Only managers, admins and owners may name another owner.
    pub owner_id: Option<Uuid>,
    #[serde(default)]
    pub splits: Vec<SplitInput>,
    #[serde(default)]
    pub lines: Vec<LineInput>,
}

#[utoipa::path(
    post,
    path = "/api/v1/deals",
    tag = "deals",
    operation_id = "deals_create",
    summary = "Create a deal.",
    description = "Creates a deal in a pipeline stage with its splits, product lines and first milestone, and the event that updates the KPI snapshots.",
    request_body = CreateDeal,
    responses(
        (status = 201, description = "The deal.", body = crate::routes::deals::DealView),
        (status = 400, description = "The body is not valid JSON or could not be read.", body = crate::openapi::ErrorBody),
        (status = 401, description = "Not signed in, or the API token is unknown or revoked.", body = crate::openapi::ErrorBody),
        (status = 403, description = "The caller's role does not allow this, or a cookie session sent no valid `X-CSRF-Token`.", body = crate::openapi::ErrorBody),
        (status = 413, description = "The body is larger than 64 KiB.", body = crate::openapi::ErrorBody),
        (status = 415, description = "The body is not sent as `application/json`.", body = crate::openapi::ErrorBody),
        (status = 422, description = "A field is missing, unknown or invalid; `field` names it.", body = crate::openapi::ErrorBody),
    ),
    security(("session" = [], "csrf" = []), ("bearer" = [])),
)]
#[post("/deals")]
pub async fn handler(
    state: web::Data<AppState>,
    principal: Principal,
    body: Json<CreateDeal>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Created().json(run(&state, &principal, body.0).await?))
}

pub async fn run(
    state: &AppState,
    principal: &Principal,
    body: CreateDeal,
) -> Result<DealView, ApiError> {
    ensure_may_edit(principal)?;
    let name = parse_deal_name(&body.name)?;
    let amount = body.amount.as_ref().map(amount_from_json).transpose()?;
    let currency = Currency::parse(&body.currency)?;
    let status: Option<DealStatus> = body.status.as_deref().map(str::parse).transpose()?;
    let deal_type: DealType = body
        .deal_type
        .as_deref()
        .unwrap_or("new_business")
        .parse()?;
    let loss_reason = body
        .loss_reason
        .as_deref()
        .map(|r| bounded_text("loss_reason", r, 1, 300))
        .transpose()?;
    let actor = principal.clone();
    state
        .db
        .in_tenant(
            principal.tenant.clone(),
            move |t| -> Result<DealView, ApiError> {
                let me = caller_person(t, &actor)?;
                let owner = match (body.owner_id, me) {
                    (Some(owner), me) => {
                        if me != Some(owner) {
                            actor.require(Capability::EditAnyDeal)?;
                        }
                        owner
                    }
                    (None, Some(me)) => me,
                    (None, None) => {
                        return Err(FieldError::new(
                            "owner_id",
                            "you are not in this company's sales organisation; name an owner",
                        )
                        .into())
                    }
                };
                ensure_active_person(t, "owner_id", owner)?;
                if let Some(account) = body.account_id {
                    if accounts::find(t, account)?.is_none() {
                        return Err(FieldError::new(
                            "account_id",
                            "is not an account of your company",
                        )
                        .into());
                    }
                }
                let stage = resolve_stage(t, body.stage_id, status)?;
                let id = Uuid::new_v4();
                let lines = lines_for(t, id, currency.as_str(), &body.lines)?;
                let amount = match (amount, lines.is_empty()) {
                    (Some(amount), true) => amount,
                    (None, true) => {
                        return Err(FieldError::new(
                            "amount",
                            "is required (or give product lines)",
                        )
                        .into())
                    }
                    (None, false) => lines_total(&lines),
                    (Some(amount), false) if amount == lines_total(&lines) => amount,
                    (Some(_), false) => {
                        return Err(FieldError::new(
                            "amount",
                            format!(
                                "must equal the product lines' total ({}) or be left out",
                                lines_total(&lines)
                            ),
                        )
                        .into())
                    }
                };
                let splits = splits_for(t, id, &body.splits)?;
                let now = Utc::now();
                let closed = stage.kind != "open";
                let deal = deals::Deal {
                    id,
                    name,
                    owner_id: owner,
                    amount,
                    currency: currency.as_str().to_owned(),
                    status: stage.kind.clone(),
                    expected_close_date: body.expected_close_date,
                    version: 1,
                    created_at: now,
                    updated_at: now,
                    external_id: None,
                    account_id: body.account_id,
                    stage_id: stage.id,
                    deal_type: deal_type.as_str().to_owned(),
                    closed_date: closed
                        .then(|| body.closed_date.unwrap_or_else(|| now.date_naive())),
                    loss_reason: if stage.kind == "lost" {
                        loss_reason
                    } else {
                        None
                    },
                    stage_entered_at: now,
                };
                deals::insert(t, &deal)?;
                deals::replace_splits(t, id, &splits)?;
                deals::replace_lines(t, id, &lines)?;
                deals::record_milestones(
                    t,
                    &[deals::NewMilestone {
                        deal_id: id,
                        from_stage_id: None,
                        to_stage_id: stage.id,
                        at: now,
                        by_user_id: Some(actor.user_id),
                        source: "app".into(),
                    }],
                )?;
                let tenant_id = t.tenant_id();
                enqueue(
                    t.conn(),
                    tenant_id,
                    kinds::DEAL_CHANGED,
                    DealChanged {
                        deal_id: id,
                        change: "created".into(),
                    },
                )?;
                let view = DealView {
                    deal,
                    splits,
                    lines,
                };
                let after =
                    serde_json::to_value(&view).map_err(|e| DbError::Corrupt(e.to_string()))?;
                audit::record(
                    t.conn(),
                    &actor.audit("deal.created", "deal", id, None, Some(after)),
                )?;
                Ok(view)
            },
        )
        .await
}
