//! `/v1/customers`: create, retrieve, update and list (by email).

use super::{mutate, page, read};
use crate::Shared;
use actix_web::web::{self, Bytes, Data, Path};
use actix_web::{HttpRequest, HttpResponse};

pub(super) fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/customers", web::post().to(create))
        .route("/customers", web::get().to(list))
        .route("/customers/{id}", web::get().to(retrieve))
        .route("/customers/{id}", web::post().to(update));
}

async fn create(shared: Data<Shared>, req: HttpRequest, body: Bytes) -> HttpResponse {
    mutate(&shared, &req, &body, |store, form| {
        Ok(store.create_customer(form))
    })
}

async fn retrieve(shared: Data<Shared>, req: HttpRequest, id: Path<String>) -> HttpResponse {
    read(&shared, &req, |store, _| Ok(store.customer(&id)?.to_json()))
}

async fn update(
    shared: Data<Shared>,
    req: HttpRequest,
    id: Path<String>,
    body: Bytes,
) -> HttpResponse {
    mutate(&shared, &req, &body, |store, form| {
        store.update_customer(&id, form)
    })
}

async fn list(shared: Data<Shared>, req: HttpRequest) -> HttpResponse {
    read(&shared, &req, |store, query| {
        let email = query.str("email");
        let customers = store
            .customers
            .iter()
            .filter(|customer| email.is_none() || customer.email.as_deref() == email)
            .map(|customer| customer.to_json())
            .collect();
        Ok(page(customers, query, "/v1/customers"))
    })
}
