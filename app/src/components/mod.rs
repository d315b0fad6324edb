pub mod auth;
pub mod format;
pub mod layout;
pub mod status;
