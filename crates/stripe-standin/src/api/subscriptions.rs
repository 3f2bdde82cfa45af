//! `/v1/subscriptions`: retrieve, list (by customer, price, status; the
//! canceled ones only with `status=canceled` or `all`), update (seats,
//! price, proration) and cancel.

use super::{mutate, page, read};
use crate::Shared;
use actix_web::web::{self, Bytes, Data, Path};
use actix_web::{HttpRequest, HttpResponse};
use attain_billing::SubscriptionStatus;

pub(super) fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/subscriptions", web::get().to(list))
        .route("/subscriptions/{id}", web::get().to(retrieve))
        .route("/subscriptions/{id}", web::post().to(update))
        .route("/subscriptions/{id}", web::delete().to(cancel));
}

async fn retrieve(shared: Data<Shared>, req: HttpRequest, id: Path<String>) -> HttpResponse {
    read(&shared, &req, |store, _| {
        Ok(store.subscription_json(store.subscription(&id)?))
    })
}

async fn update(
    shared: Data<Shared>,
    req: HttpRequest,
    id: Path<String>,
    body: Bytes,
) -> HttpResponse {
    mutate(&shared, &req, &body, |store, form| {
        store.update_subscription(&id, form)
    })
}

async fn cancel(
    shared: Data<Shared>,
    req: HttpRequest,
    id: Path<String>,
    body: Bytes,
) -> HttpResponse {
    mutate(&shared, &req, &body, |store, _| {
        store.cancel_subscription(&id)
    })
}

async fn list(shared: Data<Shared>, req: HttpRequest) -> HttpResponse {
    read(&shared, &req, |store, query| {
        let customer = query.str("customer");
        let price = query.str("price");
        let status = query.str("status");
        let subscriptions = store
            .subscriptions
            .iter()
            .filter(|subscription| {
                customer.is_none() || Some(subscription.customer.as_str()) == customer
            })
            .filter(|subscription| {
                price.is_none()
                    || subscription
                        .items
                        .iter()
                        .any(|item| Some(item.price.as_str()) == price)
            })
            .filter(|subscription| match status {
                Some("all") => true,
                Some(status) => subscription.status.as_str() == status,
                None => subscription.status != SubscriptionStatus::Canceled,
            })
            .map(|subscription| store.subscription_json(subscription))
            .collect();
        Ok(page(subscriptions, query, "/v1/subscriptions"))
    })
}
