pub mod auth;
pub mod layout;
