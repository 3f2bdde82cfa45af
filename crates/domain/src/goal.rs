//! Goals per period and scope, and the cascade from the company down to reps.
