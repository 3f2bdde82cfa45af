//! Activities reps log against deals and accounts, and the weekly targets per
//! sales role they are measured against.

crate::org::text_enum!(
    /// What kind of touch an activity was.
    ActivityKind, "kind", Call = "call", Meeting = "meeting", Demo = "demo", Email = "email"
);
