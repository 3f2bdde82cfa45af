//! The `Stripe-Signature` header: `t=<unix seconds>,v1=<hex>[,v1=<hex>…]`,
//! each `v1` an HMAC-SHA256 of `"<t>.<raw body>"` under a webhook secret.
//! A header is accepted when its time is within the tolerance either way
//! and any `v1` matches any of the secrets (several during a rotation).

use hmac::{Hmac, Mac};
use sha2::Sha256;
use subtle::ConstantTimeEq;

type HmacSha256 = Hmac<Sha256>;

/// Stripe's default: five minutes either way.
pub const DEFAULT_TOLERANCE_SECS: i64 = 300;

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    #[error("the Stripe-Signature header is missing")]
    Missing,
    #[error("the Stripe-Signature header has no timestamp or no v1 signature")]
    Malformed,
    #[error("the Stripe-Signature timestamp is more than the tolerance in the past")]
    Stale,
    #[error("the Stripe-Signature timestamp is more than the tolerance in the future")]
    Future,
    #[error("no v1 signature matches the body under any webhook secret")]
    Mismatch,
}

fn mac(secret: &str, timestamp: i64, payload: &[u8]) -> Option<Vec<u8>> {
    let mut mac = HmacSha256::new_from_slice(secret.as_bytes()).ok()?;
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(payload);
    Some(mac.finalize().into_bytes().to_vec())
}

/// The header Stripe would send for `payload` at `timestamp`, signed with
/// each secret in turn.
pub fn sign(secrets: &[&str], timestamp: i64, payload: &[u8]) -> String {
    let mut header = format!("t={timestamp}");
    for secret in secrets {
        if let Some(bytes) = mac(secret, timestamp, payload) {
            header.push_str(",v1=");
            header.push_str(&hex::encode(bytes));
        }
    }
    header
}

/// Checks `header` against the raw `payload` at `now` (unix seconds).
pub fn verify(
    header: Option<&str>,
    payload: &[u8],
    secrets: &[&str],
    now: i64,
    tolerance_secs: i64,
) -> Result<(), SignatureError> {
    let header = header.ok_or(SignatureError::Missing)?;
    let mut timestamp = None;
    let mut signatures = Vec::new();
    for part in header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", value)) => timestamp = value.parse::<i64>().ok(),
            Some(("v1", value)) => {
                if let Ok(bytes) = hex::decode(value) {
                    signatures.push(bytes);
                }
            }
            _ => {}
        }
    }
    let timestamp = timestamp.ok_or(SignatureError::Malformed)?;
    if signatures.is_empty() {
        return Err(SignatureError::Malformed);
    }
    if now - timestamp > tolerance_secs {
        return Err(SignatureError::Stale);
    }
    if timestamp - now > tolerance_secs {
        return Err(SignatureError::Future);
    }
    let matches = secrets
        .iter()
        .filter_map(|secret| mac(secret, timestamp, payload))
        .any(|expected| {
            signatures
                .iter()
                .any(|given| bool::from(given.as_slice().ct_eq(&expected)))
        });
    if matches {
        Ok(())
    } else {
        Err(SignatureError::Mismatch)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: &[u8] = br#"{"id":"evt_1","type":"invoice.paid"}"#;
    const NOW: i64 = 1_780_000_000;

    fn check(header: Option<&str>, secrets: &[&str], now: i64) -> Result<(), SignatureError> {
        verify(header, BODY, secrets, now, DEFAULT_TOLERANCE_SECS)
    }

    #[test]
    fn a_signature_from_the_secret_within_the_tolerance_is_accepted() {
        let header = sign(&["whsec_a"], NOW, BODY);
        assert_eq!(check(Some(&header), &["whsec_a"], NOW), Ok(()));
        assert_eq!(check(Some(&header), &["whsec_a"], NOW + 300), Ok(()));
        assert_eq!(check(Some(&header), &["whsec_a"], NOW - 300), Ok(()));
    }

    #[test]
    fn stale_future_missing_malformed_and_wrong_signatures_are_refused() {
        let header = sign(&["whsec_a"], NOW, BODY);
        assert_eq!(
            check(Some(&header), &["whsec_a"], NOW + 301),
            Err(SignatureError::Stale)
        );
        assert_eq!(
            check(Some(&header), &["whsec_a"], NOW - 301),
            Err(SignatureError::Future)
        );
        assert_eq!(check(None, &["whsec_a"], NOW), Err(SignatureError::Missing));
        assert_eq!(
            check(Some("v1=abcd"), &["whsec_a"], NOW),
            Err(SignatureError::Malformed)
        );
        assert_eq!(
            check(Some(&format!("t={NOW}")), &["whsec_a"], NOW),
            Err(SignatureError::Malformed)
        );
        assert_eq!(
            check(Some(&header), &["whsec_b"], NOW),
            Err(SignatureError::Mismatch)
        );
        let tampered = verify(Some(&header), br#"{"id":"evt_2"}"#, &["whsec_a"], NOW, 300);
        assert_eq!(tampered, Err(SignatureError::Mismatch));
    }

    #[test]
    fn during_a_rotation_any_v1_under_any_secret_is_accepted() {
        // Stripe signs with both the old and the new secret.
        let both = sign(&["whsec_old", "whsec_new"], NOW, BODY);
        assert_eq!(check(Some(&both), &["whsec_new"], NOW), Ok(()));
        assert_eq!(check(Some(&both), &["whsec_old"], NOW), Ok(()));
        // We accept both while Stripe still signs with the old one only.
        let old = sign(&["whsec_old"], NOW, BODY);
        assert_eq!(check(Some(&old), &["whsec_new", "whsec_old"], NOW), Ok(()));
        assert_eq!(
            check(Some(&old), &["whsec_new"], NOW),
            Err(SignatureError::Mismatch)
        );
    }
}
