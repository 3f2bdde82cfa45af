//! Background compensation runs with progress: full recalculations of a
//! tenant's statements and scenario replays of draft plan versions. Admins
//! and owners start and read them.

pub mod get;
pub mod list;
pub mod recalculate;
pub mod scenario;
