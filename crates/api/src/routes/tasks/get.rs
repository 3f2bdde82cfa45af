//! `GET /api/v1/tasks/{task_id}`: the task with its to-do items and its
//! history, newest last.

use super::{view, visible_task, TaskView};
use crate::{auth::Principal, error::ApiError, state::AppState};
use actix_web::{get, web, HttpResponse};
use attain_domain::Capability;
use uuid::Uuid;

#[get("/tasks/{task_id}")]
pub async fn handler(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(run(&state, &principal, path.into_inner()).await?))
}

pub async fn run(
    state: &AppState,
    principal: &Principal,
    task_id: Uuid,
) -> Result<TaskView, ApiError> {
    principal.require(Capability::ViewDeals)?;
    let principal = principal.clone();
    state
        .db
        .in_tenant(
            principal.tenant.clone(),
            move |t| -> Result<TaskView, ApiError> {
                let task = visible_task(t, &principal, task_id, false)?;
                view(t, task)
            },
        )
        .await
}
