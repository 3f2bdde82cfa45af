//! The stand-in's one error type. Every variant an API call can hit maps to
//! Stripe's status code and error body (`{"error": {"type", "code",
//! "message", "param"}}`), so async-stripe reads it as a Stripe error.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use serde_json::json;

#[derive(Debug, thiserror::Error)]
pub enum StandinError {
    #[error("could not bind or run the stand-in's server: {0}")]
    Io(#[from] std::io::Error),
    #[error("No such {kind}: '{id}'")]
    NotFound { kind: &'static str, id: String },
    #[error("{message}")]
    InvalidRequest {
        param: Option<&'static str>,
        message: String,
    },
    #[error("Keys for idempotent requests can only be used with the same parameters they were first used with")]
    IdempotencyMismatch,
    #[error("Invalid API Key provided")]
    Unauthorized,
    #[error("The stand-in was told to fail this request")]
    InjectedFault,
    #[error("Your card was declined.")]
    CardDeclined,
    #[error("Unrecognized request URL ({0}): the stand-in does not serve it")]
    UnknownEndpoint(String),
}

impl StandinError {
    pub(crate) fn invalid(param: &'static str, message: impl Into<String>) -> Self {
        StandinError::InvalidRequest {
            param: Some(param),
            message: message.into(),
        }
    }

    pub(crate) fn not_found(kind: &'static str, id: impl Into<String>) -> Self {
        StandinError::NotFound {
            kind,
            id: id.into(),
        }
    }

    pub(crate) fn missing(param: &'static str) -> Self {
        Self::invalid(param, format!("Missing required param: {param}."))
    }

    /// Stripe's error body for this error.
    pub fn body(&self) -> serde_json::Value {
        let (kind, code, param) = match self {
            StandinError::Io(_) | StandinError::InjectedFault => ("api_error", None, None),
            StandinError::NotFound { .. } => (
                "invalid_request_error",
                Some("resource_missing"),
                Some("id"),
            ),
            StandinError::InvalidRequest { param, .. } => {
                ("invalid_request_error", Some("parameter_invalid"), *param)
            }
            StandinError::IdempotencyMismatch => ("idempotency_error", None, None),
            StandinError::Unauthorized => ("invalid_request_error", Some("api_key_invalid"), None),
            StandinError::CardDeclined => ("card_error", Some("card_declined"), None),
            StandinError::UnknownEndpoint(_) => ("invalid_request_error", None, None),
        };
        json!({
            "error": {
                "type": kind,
                "code": code,
                "param": param,
                "message": self.to_string(),
            }
        })
    }
}

impl ResponseError for StandinError {
    fn status_code(&self) -> StatusCode {
        match self {
            StandinError::Io(_) | StandinError::InjectedFault => StatusCode::INTERNAL_SERVER_ERROR,
            StandinError::NotFound { .. } | StandinError::UnknownEndpoint(_) => {
                StatusCode::NOT_FOUND
            }
            StandinError::InvalidRequest { .. } | StandinError::IdempotencyMismatch => {
                StatusCode::BAD_REQUEST
            }
            StandinError::Unauthorized => StatusCode::UNAUTHORIZED,
            StandinError::CardDeclined => StatusCode::PAYMENT_REQUIRED,
        }
    }

    fn error_response(&self) -> HttpResponse {
        HttpResponse::build(self.status_code()).json(self.body())
    }
}
