pub mod auth;
pub mod form;
pub mod format;
pub mod layout;
pub mod status;
