//! `Problem`: the error every server function returns. It carries the API's
//! stable code, a message a person can act on and the field it concerns, so
//! forms show the message next to the field.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    pub code: String,
    pub message: String,
    pub field: Option<String>,
}

impl Problem {
    /// The message for `field`, if this problem concerns it.
    pub fn for_field(&self, field: &str) -> Option<String> {
        (self.field.as_deref() == Some(field)).then(|| self.message.clone())
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Problem {}

impl leptos::server_fn::error::FromServerFnError for Problem {
    type Encoder = leptos::server_fn::codec::JsonEncoding;

    fn from_server_fn_error(value: leptos::server_fn::error::ServerFnErrorErr) -> Self {
        Problem {
            code: "request_failed".into(),
            message: format!("The request could not be completed: {value}"),
            field: None,
        }
    }
}

#[cfg(feature = "ssr")]
impl From<attain_api::ApiError> for Problem {
    fn from(e: attain_api::ApiError) -> Self {
        Problem {
            code: e.code.to_owned(),
            message: e.message,
            field: e.field,
        }
    }
}
