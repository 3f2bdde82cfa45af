//! One module per page.

pub mod accept;
pub mod audit;
pub mod home;
pub mod landing;
pub mod login;
pub mod not_found;
pub mod signup;
pub mod teams;
pub mod tokens;
pub mod users;
