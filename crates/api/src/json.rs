//! Request bodies: a size limit, `application/json` only, and deserialisation
//! errors that name the field (through serde_path_to_error).

use crate::error::ApiError;
use actix_web::{dev::Payload, http::StatusCode, web, FromRequest, HttpRequest};
use futures_util::future::LocalBoxFuture;
use serde::de::DeserializeOwned;

pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// A JSON body deserialised with precise, field-naming errors.
pub struct Json<T>(pub T);

impl<T: DeserializeOwned + 'static> FromRequest for Json<T> {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let is_json = req
            .headers()
            .get(actix_web::http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(|v| {
                v.split(';')
                    .next()
                    .unwrap_or("")
                    .trim()
                    .eq_ignore_ascii_case("application/json")
            })
            .unwrap_or(false);
        let body = web::Bytes::from_request(req, payload);
        Box::pin(async move {
            if !is_json {
                return Err(ApiError::new(
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    "unsupported_media_type",
                    "Send the body as JSON with 'Content-Type: application/json'.",
                ));
            }
            let bytes = body.await.map_err(|e| {
                if e.as_response_error().status_code() == StatusCode::PAYLOAD_TOO_LARGE {
                    too_large()
                } else {
                    ApiError::bad_request("unreadable_body", "The request body could not be read.")
                }
            })?;
            parse(&bytes).map(Json)
        })
    }
}

fn too_large() -> ApiError {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "payload_too_large",
        format!("The body is larger than {} KiB.", MAX_BODY_BYTES / 1024),
    )
}

pub fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    if bytes.len() > MAX_BODY_BYTES {
        return Err(too_large());
    }
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        let message = inner.to_string();
        if inner.is_syntax() || inner.is_eof() {
            return ApiError::bad_request(
                "malformed_json",
                format!("The body is not valid JSON: {message}."),
            );
        }
        // A missing field is named only in serde's message; the path names its parent.
        let field = match backticked(&message).filter(|_| message.starts_with("missing field")) {
            Some(missing) if path == "." => missing,
            Some(missing) => format!("{path}.{missing}"),
            None => path,
        };
        let code = if message.starts_with("unknown field") {
            "unknown_field"
        } else {
            "invalid_field"
        };
        let message = message
            .split(" at line ")
            .next()
            .unwrap_or(&message)
            .to_owned();
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            code,
            format!("{field}: {message}"),
        )
        .with_field(field)
    })?;
    de.end().map_err(|e| {
        ApiError::bad_request(
            "malformed_json",
            format!("The body is not valid JSON: {e}."),
        )
    })?;
    Ok(value)
}

fn backticked(message: &str) -> Option<String> {
    let start = message.find('`')? + 1;
    let end = start + message[start..].find('`')?;
    Some(message[start..end].to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Input {
        name: String,
        amount: u32,
    }

    #[test]
    fn errors_name_the_field() {
        let unknown = parse::<Input>(br#"{"name":"a","amount":1,"tenant_id":"x"}"#)
            .err()
            .map(|e| (e.code, e.field));
        assert_eq!(
            unknown,
            Some(("unknown_field", Some("tenant_id".to_owned())))
        );
        let wrong_type = parse::<Input>(br#"{"name":"a","amount":"lots"}"#)
            .err()
            .map(|e| e.field);
        assert_eq!(wrong_type, Some(Some("amount".to_owned())));
        let missing = parse::<Input>(br#"{"name":"a"}"#).err().map(|e| e.field);
        assert_eq!(missing, Some(Some("amount".to_owned())));
        let malformed = parse::<Input>(br#"{"name":"#).err().map(|e| e.code);
        assert_eq!(malformed, Some("malformed_json"));
    }
}
