//! The pages Stripe would host, in minimal HTML so a browser test or a
//! local user can go through them: Checkout (`/checkout/{id}`, a "Pay"
//! button that completes the session and redirects to its success URL),
//! the customer portal (`/portal/{id}`: subscriptions, invoices, pay,
//! cancel, return) and a hosted invoice (`/invoices/{id}`).

use crate::error::StandinError;
use crate::model::{InvoiceStatus, SessionStatus};
use crate::Shared;
use actix_web::http::header;
use actix_web::web::{self, Data, Path};
use actix_web::HttpResponse;
use attain_billing::SubscriptionStatus;
use std::fmt::Write as _;

pub(crate) fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/checkout/{id}", web::get().to(checkout_page))
        .route("/checkout/{id}/pay", web::post().to(checkout_pay))
        .route("/portal/{id}", web::get().to(portal_page))
        .route(
            "/portal/{id}/subscriptions/{subscription}/cancel",
            web::post().to(portal_cancel),
        )
        .route(
            "/portal/{id}/invoices/{invoice}/pay",
            web::post().to(portal_pay),
        )
        .route("/invoices/{id}", web::get().to(invoice_page));
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

fn dollars(cents: i64) -> String {
    format!("${}.{:02}", cents / 100, (cents % 100).abs())
}

fn html(title: &str, body: &str) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(format!(
            "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
             <title>{title} · Stripe stand-in</title>\
             <style>body{{font-family:sans-serif;max-width:40rem;margin:2rem auto}}\
             table{{border-collapse:collapse}}td,th{{padding:.3rem .6rem;border-bottom:1px solid #ddd}}\
             .error{{color:#b00}}</style></head>\
             <body><p><small>Stripe stand-in (test mode)</small></p><h1>{title}</h1>{body}</body></html>",
            title = escape(title)
        ))
}

fn not_found(error: &StandinError) -> HttpResponse {
    HttpResponse::NotFound()
        .content_type("text/html; charset=utf-8")
        .body(escape(&error.to_string()))
}

fn see_other(location: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, location))
        .finish()
}

async fn checkout_page(shared: Data<Shared>, id: Path<String>) -> HttpResponse {
    render_checkout(&shared, &id, None)
}

fn render_checkout(shared: &Shared, id: &str, error: Option<&str>) -> HttpResponse {
    let page = shared.with(|store| {
        let session = store.session(id)?;
        let mut body = String::from("<table><tr><th>Price</th><th>Seats</th><th>Amount</th></tr>");
        let mut total = 0;
        for item in &session.line_items {
            let price = store.price(&item.price, "price")?;
            let amount = price.unit_amount * item.quantity as i64;
            total += amount;
            let _ = write!(
                body,
                "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                escape(&price.nickname),
                item.quantity,
                dollars(amount)
            );
        }
        let _ = write!(
            body,
            "<tr><th colspan=\"2\">Due today</th><th id=\"total\">{}</th></tr></table>",
            dollars(total)
        );
        if let Some(error) = error {
            let _ = write!(
                body,
                "<p class=\"error\" role=\"alert\">{}</p>",
                escape(error)
            );
        }
        if session.status == SessionStatus::Open {
            let _ = write!(
                body,
                "<form method=\"post\" action=\"/checkout/{id}/pay\">\
                 <button type=\"submit\" id=\"pay\">Pay</button></form>",
                id = escape(id)
            );
            if let Some(cancel) = &session.cancel_url {
                let _ = write!(
                    body,
                    "<p><a id=\"cancel\" href=\"{}\">Cancel</a></p>",
                    escape(cancel)
                );
            }
        } else {
            let _ = write!(body, "<p>This session is {}.</p>", session.status.as_str());
        }
        Ok::<_, StandinError>(body)
    });
    match page {
        Ok(body) => html("Checkout", &body),
        Err(error) => not_found(&error),
    }
}

async fn checkout_pay(shared: Data<Shared>, id: Path<String>) -> HttpResponse {
    let result = shared.with(|store| {
        store.complete_session(&id)?;
        Ok::<_, StandinError>(
            store
                .session(&id)?
                .success_url
                .replace("{CHECKOUT_SESSION_ID}", &id),
        )
    });
    match result {
        Ok(success_url) => see_other(&success_url),
        Err(error @ StandinError::NotFound { .. }) => not_found(&error),
        Err(error) => render_checkout(&shared, &id, Some(&error.to_string())),
    }
}

async fn portal_page(shared: Data<Shared>, id: Path<String>) -> HttpResponse {
    let page = shared.with(|store| {
        let session = store.portal_session(&id)?;
        let id = escape(&id);
        let mut body = String::from("<h2>Subscriptions</h2><ul>");
        for subscription in store
            .subscriptions
            .iter()
            .filter(|subscription| subscription.customer == session.customer)
        {
            let seats: u64 = subscription.items.iter().map(|item| item.quantity).sum();
            let _ = write!(
                body,
                "<li data-subscription=\"{sub}\">{sub}: <span class=\"status\">{status}</span>, {seats} seats",
                sub = escape(&subscription.id),
                status = subscription.status.as_str(),
            );
            if subscription.status != SubscriptionStatus::Canceled {
                let _ = write!(
                    body,
                    " <form method=\"post\" action=\"/portal/{id}/subscriptions/{sub}/cancel\">\
                     <button type=\"submit\">Cancel subscription</button></form>",
                    sub = escape(&subscription.id)
                );
            }
            body.push_str("</li>");
        }
        body.push_str("</ul><h2>Invoices</h2><ul>");
        for invoice in store
            .invoices
            .iter()
            .filter(|invoice| invoice.customer == session.customer)
        {
            let _ = write!(
                body,
                "<li>{number}: {amount}, {status}",
                number = escape(&invoice.number),
                amount = dollars(invoice.amount_due()),
                status = invoice.status.as_str(),
            );
            if invoice.status == InvoiceStatus::Open {
                let _ = write!(
                    body,
                    " <form method=\"post\" action=\"/portal/{id}/invoices/{invoice}/pay\">\
                     <button type=\"submit\">Pay</button></form>",
                    invoice = escape(&invoice.id)
                );
            }
            body.push_str("</li>");
        }
        body.push_str("</ul>");
        if let Some(return_url) = &session.return_url {
            let _ = write!(body, "<p><a id=\"return\" href=\"{}\">Return</a></p>", escape(return_url));
        }
        Ok::<_, StandinError>(body)
    });
    match page {
        Ok(body) => html("Billing portal", &body),
        Err(error) => not_found(&error),
    }
}

/// Only objects of the portal session's customer can be touched.
fn portal_action(
    shared: &Shared,
    portal: &str,
    action: impl FnOnce(&mut crate::store::Store, &str) -> Result<(), StandinError>,
) -> HttpResponse {
    let result = shared.with(|store| {
        let customer = store.portal_session(portal)?.customer.clone();
        action(store, &customer)
    });
    match result {
        Ok(()) => see_other(&format!("/portal/{portal}")),
        Err(error) => not_found(&error),
    }
}

async fn portal_cancel(shared: Data<Shared>, path: Path<(String, String)>) -> HttpResponse {
    let (portal, subscription) = path.into_inner();
    portal_action(&shared, &portal, |store, customer| {
        if store.subscription(&subscription)?.customer != customer {
            return Err(StandinError::not_found(
                "subscription",
                subscription.as_str(),
            ));
        }
        store.cancel_subscription(&subscription).map(drop)
    })
}

async fn portal_pay(shared: Data<Shared>, path: Path<(String, String)>) -> HttpResponse {
    let (portal, invoice) = path.into_inner();
    portal_action(&shared, &portal, |store, customer| {
        if store.invoice(&invoice)?.customer != customer {
            return Err(StandinError::not_found("invoice", invoice.as_str()));
        }
        store.pay_invoice(&invoice).map(drop)
    })
}

async fn invoice_page(shared: Data<Shared>, id: Path<String>) -> HttpResponse {
    let page = shared.with(|store| {
        let invoice = store.invoice(&id)?;
        let mut body = String::from("<table>");
        for line in &invoice.lines {
            let _ = write!(
                body,
                "<tr><td>{}</td><td>{}</td></tr>",
                escape(&line.description),
                dollars(line.amount)
            );
        }
        let _ = write!(
            body,
            "<tr><th>Amount due</th><th>{}</th></tr></table><p>Status: {}</p>",
            dollars(invoice.amount_due()),
            invoice.status.as_str()
        );
        Ok::<_, StandinError>((invoice.number.clone(), body))
    });
    match page {
        Ok((number, body)) => html(&format!("Invoice {number}"), &body),
        Err(error) => not_found(&error),
    }
}
