//! Reusable pieces: form feedback, charts, pagination and the signed-in shell.

pub mod charts;
pub mod forms;
pub mod pagination;
pub mod shell;
pub mod toast;
