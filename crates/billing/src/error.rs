//! The crate's error for calls to Stripe; signature checks keep their own
//! small [`crate::signature::SignatureError`], which
//! converts into it.

use crate::signature::SignatureError;

#[derive(Debug, thiserror::Error)]
pub enum BillingError {
    #[error("the Stripe client is misconfigured: {0}")]
    Config(String),
    /// Stripe refused the call (4xx): retrying the same call will not help.
    #[error("Stripe refused the call ({status} {kind}{}): {message}", code.as_deref().map(|c| format!(", {c}")).unwrap_or_default())]
    Refused {
        status: u16,
        kind: String,
        code: Option<String>,
        message: String,
    },
    /// Stripe could not be reached or failed (5xx, 429, a timeout) on every
    /// attempt: the same call, with the same idempotency key, can be retried
    /// later.
    #[error("Stripe is unavailable: {0}")]
    Unavailable(String),
    #[error("Stripe's answer could not be read: {0}")]
    Response(String),
    #[error("no tier and interval is configured for the price {0}")]
    UnknownPrice(String),
    #[error(transparent)]
    Signature(#[from] SignatureError),
}

impl BillingError {
    /// Whether the same call may succeed later (with the same key).
    pub fn is_retryable(&self) -> bool {
        matches!(self, BillingError::Unavailable(_))
    }
}

impl From<stripe::StripeError> for BillingError {
    fn from(error: stripe::StripeError) -> Self {
        use stripe::StripeError as E;
        match error {
            E::Stripe(api, status) if status >= 500 || status == 429 || status == 409 => {
                BillingError::Unavailable(format!(
                    "{status} {}: {}",
                    api.type_.as_str(),
                    api.message.as_deref().unwrap_or("no message")
                ))
            }
            E::Stripe(api, status) => BillingError::Refused {
                status,
                kind: api.type_.as_str().to_owned(),
                code: api.code.as_ref().map(|code| code.as_str().to_owned()),
                message: api.message.clone().unwrap_or_default(),
            },
            E::ClientError(message) => BillingError::Unavailable(message),
            E::Timeout => BillingError::Unavailable("timed out".to_owned()),
            E::JSONDeserialize(message) => BillingError::Response(message),
            E::ConfigError(message) => BillingError::Config(message),
        }
    }
}
