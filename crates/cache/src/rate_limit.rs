//! Fixed-window rate limits in Redis. Windows expire on their own, so nobody
//! is ever locked out for longer than one window.

use crate::{Cache, CacheError};
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Allowed,
    Limited { retry_after: Duration },
}

// INCR, set the window's expiry on the first hit, and return the count and TTL.
const HIT_SCRIPT: &str = r"
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {count, ttl}
";

impl Cache {
    /// Counts one hit against `bucket:subject` and says whether it is over `limit`.
    pub async fn hit(
        &self,
        bucket: &str,
        subject: &str,
        limit: u32,
        window: Duration,
    ) -> Result<Verdict, CacheError> {
        let key = self.keys().rate_limit(bucket, subject);
        let (count, ttl_ms): (u64, i64) = redis::Script::new(HIT_SCRIPT)
            .key(key)
            .arg(window.as_millis() as u64)
            .invoke_async(&mut self.conn())
            .await?;
        Ok(verdict(count, u64::from(limit), ttl_ms))
    }

    /// Reads the count without adding to it.
    pub async fn peek(
        &self,
        bucket: &str,
        subject: &str,
        limit: u32,
    ) -> Result<Verdict, CacheError> {
        let key = self.keys().rate_limit(bucket, subject);
        let mut conn = self.conn();
        let (count, ttl_ms): (Option<u64>, i64) = redis::pipe()
            .get(&key)
            .pttl(&key)
            .query_async(&mut conn)
            .await?;
        Ok(match count {
            Some(count) if count >= u64::from(limit) => {
                verdict(count + 1, u64::from(limit), ttl_ms)
            }
            _ => Verdict::Allowed,
        })
    }

    pub async fn clear_limit(&self, bucket: &str, subject: &str) -> Result<(), CacheError> {
        let mut conn = self.conn();
        redis::cmd("DEL")
            .arg(self.keys().rate_limit(bucket, subject))
            .query_async::<()>(&mut conn)
            .await?;
        Ok(())
    }
}

fn verdict(count: u64, limit: u64, ttl_ms: i64) -> Verdict {
    if count <= limit {
        Verdict::Allowed
    } else {
        let seconds = (ttl_ms.max(0) as u64).div_ceil(1000).max(1);
        Verdict::Limited {
            retry_after: Duration::from_secs(seconds),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_rounds_up_to_whole_seconds() {
        assert_eq!(verdict(3, 3, 500), Verdict::Allowed);
        assert_eq!(
            verdict(4, 3, 1500),
            Verdict::Limited {
                retry_after: Duration::from_secs(2)
            }
        );
        assert_eq!(
            verdict(4, 3, -1),
            Verdict::Limited {
                retry_after: Duration::from_secs(1)
            }
        );
    }
}
