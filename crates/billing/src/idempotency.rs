//! Idempotency keys for Stripe's creating and updating calls, derived from
//! the business operation (what, for which tenant, at which version), so a
//! timed-out call retried later sends the same key and Stripe answers with
//! the first result instead of creating a second customer or subscription.

use sha2::{Digest, Sha256};
use uuid::Uuid;

/// `attain-<operation>-<32 hex>`: the same operation on the same tenant and
/// discriminator (a seat count, a version) always gives the same key.
pub fn key(operation: &str, tenant_id: Uuid, discriminator: &str) -> String {
    let mut hash = Sha256::new();
    hash.update(operation.as_bytes());
    hash.update([0]);
    hash.update(tenant_id.as_bytes());
    hash.update([0]);
    hash.update(discriminator.as_bytes());
    let digest = hex::encode(hash.finalize());
    format!("attain-{operation}-{}", &digest[..32])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_operation_gives_the_same_key_and_any_difference_another() {
        let tenant = Uuid::from_u128(7);
        let first = key("create_customer", tenant, "");
        assert_eq!(first, key("create_customer", tenant, ""));
        assert!(first.starts_with("attain-create_customer-"));
        assert_ne!(first, key("create_customer", Uuid::from_u128(8), ""));
        assert_ne!(key("seats", tenant, "12"), key("seats", tenant, "13"));
        assert!(first.len() <= 255, "Stripe keys are at most 255 characters");
    }
}
