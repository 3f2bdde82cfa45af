//! `DELETE /api/v1/tokens/{token_id}`: revokes a token; it stops working at once.

use crate::{auth::Principal, error::ApiError, state::AppState};
use actix_web::{delete, web, HttpResponse};
use attain_db::control::{audit, tokens};
use attain_domain::Capability;
use diesel::Connection;
use uuid::Uuid;

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
