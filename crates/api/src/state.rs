//! What every handler can reach.

use attain_cache::{sessions::SessionTimeouts, Cache};
use attain_config::Settings;
use attain_db::Db;

pub struct AppState {
    pub settings: Settings,
    pub db: Db,
    pub cache: Cache,
    /// Verified against when an email is unknown, so a login takes as long
    /// whether or not the account exists.
    pub dummy_password_hash: String,
    /// Stripe (or the local stand-in).
    pub stripe: attain_billing::StripeClient,
}

impl AppState {
    pub fn session_timeouts(&self) -> SessionTimeouts {
        SessionTimeouts {
            idle: self.settings.session_idle_timeout,
            absolute: self.settings.session_absolute_timeout,
        }
    }
}
