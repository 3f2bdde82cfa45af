//! `/v1/invoices`: retrieve, list (by customer, subscription, status), pay
//! and void.

use super::{mutate, page, read};
use crate::Shared;
use actix_web::web::{self, Bytes, Data, Path};
use actix_web::{HttpRequest, HttpResponse};

pub(super) fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/invoices", web::get().to(list))
        .route("/invoices/{id}", web::get().to(retrieve))
        .route("/invoices/{id}/pay", web::post().to(pay))
        .route("/invoices/{id}/void", web::post().to(void));
}

async fn retrieve(shared: Data<Shared>, req: HttpRequest, id: Path<String>) -> HttpResponse {
    read(&shared, &req, |store, _| {
        Ok(store.invoice_json(store.invoice(&id)?))
    })
}

async fn pay(
    shared: Data<Shared>,
    req: HttpRequest,
    id: Path<String>,
    body: Bytes,
) -> HttpResponse {
    mutate(&shared, &req, &body, |store, _| store.pay_invoice(&id))
}

async fn void(
    shared: Data<Shared>,
    req: HttpRequest,
    id: Path<String>,
    body: Bytes,
) -> HttpResponse {
    mutate(&shared, &req, &body, |store, _| store.void_invoice(&id))
}

async fn list(shared: Data<Shared>, req: HttpRequest) -> HttpResponse {
    read(&shared, &req, |store, query| {
        let customer = query.str("customer");
        let subscription = query.str("subscription");
        let status = query.str("status");
        let invoices = store
            .invoices
            .iter()
            .filter(|invoice| customer.is_none() || Some(invoice.customer.as_str()) == customer)
            .filter(|invoice| {
                subscription.is_none() || invoice.subscription.as_deref() == subscription
            })
            .filter(|invoice| status.is_none() || Some(invoice.status.as_str()) == status)
            .map(|invoice| store.invoice_json(invoice))
            .collect();
        Ok(page(invoices, query, "/v1/invoices"))
    })
}
