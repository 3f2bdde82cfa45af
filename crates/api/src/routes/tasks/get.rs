//! `GET /api/v1/tasks/{task_id}`: the task with its to-do items and its
//! history, newest last.

use super::{view, visible_task, TaskView};
use crate::{auth::Principal, error::ApiError, state::AppState};
use actix_web::{get, web, HttpResponse};
use attain_domain::Capability;
use uuid::Uuid;

#[utoipa::path(
    get,
    path = "/api/v1/tasks/{task_id}",
    tag = "tasks",
    operation_id = "tasks_get",
    summary = "Get a task.",
    description = "The task with its to-do items and its history, newest last.",
    params(("task_id" = uuid::Uuid, Path, description = "The task's id.")),
    responses(
        (status = 200, description = "The task.", body = crate::routes::tasks::TaskView),
        (status = 401, description = "Not signed in, or the API token is unknown or revoked.", body = crate::openapi::ErrorBody),
        (status = 403, description = "The caller's role does not allow this.", body = crate::openapi::ErrorBody),
        (status = 404, description = "No such task, or not one the caller may see.", body = crate::openapi::ErrorBody),
    ),
    security(("session" = []), ("bearer" = [])),
)]
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
