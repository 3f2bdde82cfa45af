//! `/v1/checkout/sessions`: create (subscription mode), retrieve, list and
//! expire. Paying happens on the session's page or through the controls.

use super::{mutate, page, read};
use crate::Shared;
use actix_web::web::{self, Bytes, Data, Path};
use actix_web::{HttpRequest, HttpResponse};

pub(super) fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/checkout/sessions", web::post().to(create))
        .route("/checkout/sessions", web::get().to(list))
        .route("/checkout/sessions/{id}", web::get().to(retrieve))
        .route("/checkout/sessions/{id}/expire", web::post().to(expire));
}

async fn create(shared: Data<Shared>, req: HttpRequest, body: Bytes) -> HttpResponse {
    mutate(&shared, &req, &body, |store, form| {
        store.create_session(form)
    })
}

async fn retrieve(shared: Data<Shared>, req: HttpRequest, id: Path<String>) -> HttpResponse {
    read(&shared, &req, |store, _| {
        Ok(store.session_json(store.session(&id)?))
    })
}

async fn expire(
    shared: Data<Shared>,
    req: HttpRequest,
    id: Path<String>,
    body: Bytes,
) -> HttpResponse {
    mutate(&shared, &req, &body, |store, _| store.expire_session(&id))
}

async fn list(shared: Data<Shared>, req: HttpRequest) -> HttpResponse {
    read(&shared, &req, |store, query| {
        let customer = query.str("customer");
        let subscription = query.str("subscription");
        let sessions = store
            .sessions
            .iter()
            .filter(|session| customer.is_none() || session.customer.as_deref() == customer)
            .filter(|session| {
                subscription.is_none() || session.subscription.as_deref() == subscription
            })
            .map(|session| store.session_json(session))
            .collect();
        Ok(page(sessions, query, "/v1/checkout/sessions"))
    })
}
