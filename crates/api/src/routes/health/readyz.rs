//! `GET /readyz`: PostgreSQL, Redis and RabbitMQ are all reachable. Answers
//! 503 naming each one that is not.

use crate::state::AppState;
use actix_web::{get, web, HttpResponse};
use std::time::Duration;

const CHECK_TIMEOUT: Duration = Duration::from_secs(2);

#[utoipa::path(
    get,
    path = "/readyz",
    tag = "health",
    operation_id = "readyz",
    summary = "Readiness probe.",
    description = "PostgreSQL, Redis and RabbitMQ are all reachable; a 503 names each one that is not.",
    responses(
        (status = 200, description = "Every dependency is reachable.", body = crate::openapi::Readiness),
        (status = 503, description = "A dependency is unreachable or timed out.", body = crate::openapi::Readiness),
    ),
)]
#[get("/readyz")]
pub async fn handler(state: web::Data<AppState>) -> HttpResponse {
    let postgres = async {
        let db = state.db.clone();
        let check = db.run(|conn| -> Result<(), attain_db::DbError> {
            use diesel::RunQueryDsl;
            diesel::sql_query("SELECT 1").execute(conn)?;
            Ok(())
        });
        outcome(tokio::time::timeout(CHECK_TIMEOUT, check).await)
    };
    let redis = async { outcome(tokio::time::timeout(CHECK_TIMEOUT, state.cache.ping()).await) };
    let rabbitmq = async {
        outcome(
            tokio::time::timeout(
                CHECK_TIMEOUT,
                attain_jobs::check_broker(state.settings.amqp_url.expose(), CHECK_TIMEOUT),
            )
            .await,
        )
    };
    let (postgres, redis, rabbitmq) = tokio::join!(postgres, redis, rabbitmq);
    let ready = [postgres, redis, rabbitmq].iter().all(|s| *s == "ok");
    let body = serde_json::json!({
        "status": if ready { "ready" } else { "unavailable" },
        "checks": { "postgres": postgres, "redis": redis, "rabbitmq": rabbitmq },
    });
    if ready {
        HttpResponse::Ok().json(body)
    } else {
        tracing::warn!(%body, "not ready");
        HttpResponse::ServiceUnavailable().json(body)
    }
}

fn outcome<E: std::fmt::Display>(
    result: Result<Result<(), E>, tokio::time::error::Elapsed>,
) -> &'static str {
    match result {
        Ok(Ok(())) => "ok",
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "readiness check failed");
            "unreachable"
        }
        Err(_) => "timeout",
    }
}
