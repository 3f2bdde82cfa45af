//! Customers, and the portal sessions opened for them.

use super::{merge_metadata, Store};
use crate::error::StandinError;
use crate::form::Form;
use crate::model::{new_id, now, Customer, PortalSession};
use serde_json::Value;

impl Store {
    pub fn create_customer(&mut self, form: &Form) -> Value {
        let customer = Customer {
            id: new_id("cus"),
            created: now(),
            email: form.str("email").map(str::to_owned),
            name: form.str("name").map(str::to_owned),
            metadata: form.strings("metadata"),
        };
        let json = customer.to_json();
        self.customers.push(customer);
        json
    }

    /// The customer Checkout creates when the session named none.
    pub(super) fn checkout_customer(&mut self, email: Option<String>) -> String {
        let customer = Customer {
            id: new_id("cus"),
            created: now(),
            email,
            name: None,
            metadata: Default::default(),
        };
        let id = customer.id.clone();
        self.customers.push(customer);
        id
    }

    pub fn update_customer(&mut self, id: &str, form: &Form) -> Result<Value, StandinError> {
        let customer = self
            .customers
            .iter_mut()
            .find(|customer| customer.id == id)
            .ok_or_else(|| StandinError::not_found("customer", id))?;
        if let Some(email) = form.str("email") {
            customer.email = Some(email.to_owned());
        }
        if let Some(name) = form.str("name") {
            customer.name = Some(name.to_owned());
        }
        merge_metadata(&mut customer.metadata, form);
        Ok(customer.to_json())
    }

    pub fn create_portal_session(&mut self, form: &Form) -> Result<Value, StandinError> {
        let customer = form
            .str("customer")
            .ok_or_else(|| StandinError::missing("customer"))?;
        self.customer(customer)?;
        let id = new_id("bps");
        let session = PortalSession {
            url: format!("{}/portal/{id}", self.public_url),
            id,
            created: now(),
            customer: customer.to_owned(),
            return_url: form.str("return_url").map(str::to_owned),
        };
        let json = session.to_json();
        self.portal_sessions.push(session);
        Ok(json)
    }
}
