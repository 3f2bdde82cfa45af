//! Reusable pieces: form feedback, charts, pagination, live updates and the
//! signed-in shell.

pub mod charts;
pub mod forms;
pub mod live;
pub mod pagination;
pub mod shell;
pub mod toast;
