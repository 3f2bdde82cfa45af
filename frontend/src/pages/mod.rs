//! One module per page.

pub mod accept;
pub mod accounts;
pub mod audit;
pub mod deal;
pub mod goals;
pub mod home;
pub mod imports;
pub mod kpis;
pub mod landing;
pub mod login;
pub mod not_found;
pub mod onboarding;
pub mod people;
pub mod perf_ui;
pub mod pipeline;
pub mod products;
pub mod sales_ui;
pub mod signup;
pub mod stages;
pub mod teams;
pub mod tokens;
pub mod users;
pub mod work;
