//! `/v1/events`: the event log, newest first, as Stripe keeps it (handy to
//! replay what a webhook endpoint missed).

use super::{page, read};
use crate::error::StandinError;
use crate::Shared;
use actix_web::web::{self, Data, Path};
use actix_web::{HttpRequest, HttpResponse};

pub(super) fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/events", web::get().to(list))
        .route("/events/{id}", web::get().to(retrieve));
}

async fn retrieve(shared: Data<Shared>, req: HttpRequest, id: Path<String>) -> HttpResponse {
    read(&shared, &req, |store, _| {
        store
            .events
            .iter()
            .find(|event| event.id == *id)
            .map(|event| event.to_json())
            .ok_or_else(|| StandinError::not_found("event", id.as_str()))
    })
}

async fn list(shared: Data<Shared>, req: HttpRequest) -> HttpResponse {
    read(&shared, &req, |store, query| {
        let kind = query.str("type");
        let events = store
            .events
            .iter()
            .filter(|event| kind.is_none() || Some(event.kind.as_str()) == kind)
            .map(|event| event.to_json())
            .collect();
        Ok(page(events, query, "/v1/events"))
    })
}
