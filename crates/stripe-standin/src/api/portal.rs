//! `/v1/billing_portal/sessions`: a session whose `url` serves the
//! stand-in's portal page (subscriptions, invoices, cancellation).

use super::mutate;
use crate::Shared;
use actix_web::web::{self, Bytes, Data};
use actix_web::{HttpRequest, HttpResponse};

pub(super) fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/billing_portal/sessions", web::post().to(create));
}

async fn create(shared: Data<Shared>, req: HttpRequest, body: Bytes) -> HttpResponse {
    mutate(&shared, &req, &body, |store, form| {
        store.create_portal_session(form)
    })
}
