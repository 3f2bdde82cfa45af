//! `POST /api/v1/disputes/{id}/messages`: adds to a dispute's thread.

use super::{text, visible_dispute, DisputeView};
use crate::{auth::Principal, error::ApiError, json::Json, state::AppState};
use actix_web::{post, web, HttpResponse};
use attain_db::{control::audit, tenant::comp_statements};
use serde::Deserialize;
use uuid::Uuid;

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewMessage {
    pub body: String,
}

#[utoipa::path(
    post,
    path = "/api/v1/disputes/{id}/messages",
    tag = "disputes",
    operation_id = "disputes_reply",
    summary = "Reply in a dispute's thread.",
    description = "Adds a message while the dispute is open; 409 once it is closed.",
    params(("id" = Uuid, Path, description = "The dispute.")),
    request_body = NewMessage,
    responses(
        (status = 201, description = "The dispute with its thread.", body = crate::routes::disputes::DisputeView),
        (status = 400, description = "The body is not valid JSON or could not be read.", body = crate::openapi::ErrorBody),
        (status = 401, description = "Not signed in, or the API token is unknown or revoked.", body = crate::openapi::ErrorBody),
        (status = 403, description = "The caller's role does not allow this, or a cookie session sent no valid `X-CSRF-Token`.", body = crate::openapi::ErrorBody),
        (status = 404, description = "No such dispute the caller may see.", body = crate::openapi::ErrorBody),
        (status = 409, description = "The dispute is closed (`dispute_closed`).", body = crate::openapi::ErrorBody),
        (status = 413, description = "The body is larger than 64 KiB.", body = crate::openapi::ErrorBody),
        (status = 415, description = "The body is not sent as `application/json`.", body = crate::openapi::ErrorBody),
        (status = 422, description = "A field is missing or invalid; `field` names it.", body = crate::openapi::ErrorBody),
    ),
    security(("session" = [], "csrf" = []), ("bearer" = [])),
)]
#[post("/disputes/{id}/messages")]
pub async fn handler(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<Uuid>,
    body: Json<NewMessage>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Created().json(run(&state, &principal, path.into_inner(), body.0).await?))
}

pub async fn run(
    state: &AppState,
    principal: &Principal,
    id: Uuid,
    body: NewMessage,
) -> Result<DisputeView, ApiError> {
    let message = text("body", &body.body)?;
    let principal_c = principal.clone();
    state
        .db
        .in_tenant(
            principal.tenant.clone(),
            move |t| -> Result<DisputeView, ApiError> {
                let current = visible_dispute(t, &principal_c, id)?;
                if current.dispute.status != "open" {
                    return Err(ApiError::conflict(
                        "dispute_closed",
                        format!(
                            "This dispute was {}; open a new one if the line is still wrong.",
                            current.dispute.status
                        ),
                    ));
                }
                let added = comp_statements::add_message(t, id, principal_c.user_id, &message)?;
                audit::record(
                    t.conn(),
                    &principal_c.audit(
                        "dispute.replied",
                        "dispute",
                        id,
                        None,
                        Some(serde_json::json!({ "message_id": added.id, "body": added.body })),
                    ),
                )?;
                visible_dispute(t, &principal_c, id)
            },
        )
        .await
}
