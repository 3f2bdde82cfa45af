//! `DELETE /api/v1/tokens/{token_id}`: revokes a token; it stops working at once.

use crate::{auth::Principal, error::ApiError, state::AppState};
use actix_web::{delete, web, HttpResponse};
use attain_db::control::{audit, tokens};
use attain_domain::Capability;
use diesel::Connection;
use uuid::Uuid;

#[utoipa::path(
    delete,
    path = "/api/v1/tokens/{token_id}",
    tag = "tokens",
    operation_id = "tokens_revoke",
    summary = "Revoke an API token.",
    description = "The token stops working at once.",
    params(("token_id" = uuid::Uuid, Path, description = "The token's id.")),
    responses(
        (status = 204, description = "Revoked."),
        (status = 401, description = "Not signed in, or the API token is unknown or revoked.", body = crate::openapi::ErrorBody),
        (status = 403, description = "The caller's role does not allow this, or a cookie session sent no valid `X-CSRF-Token`.", body = crate::openapi::ErrorBody),
        (status = 404, description = "No such API token.", body = crate::openapi::ErrorBody),
    ),
    security(("session" = [], "csrf" = []), ("bearer" = [])),
)]
#[delete("/tokens/{token_id}")]
pub async fn handler(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    run(&state, &principal, path.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}

pub async fn run(state: &AppState, principal: &Principal, token_id: Uuid) -> Result<(), ApiError> {
    principal.require(Capability::ManageApiTokens)?;
    let actor = principal.clone();
    state
        .db
        .run(move |conn| {
            conn.transaction(|conn| -> Result<(), ApiError> {
                let revoked = tokens::revoke(conn, actor.tenant.id, token_id)?
                    .ok_or_else(|| ApiError::not_found("API token"))?;
                audit::record(
                    conn,
                    &actor.audit(
                        "api_token.revoked",
                        "api_token",
                        revoked.id,
                        Some(serde_json::json!({ "name": revoked.name, "role": revoked.role })),
                        None,
                    ),
                )?;
                Ok(())
            })
        })
        .await
}
