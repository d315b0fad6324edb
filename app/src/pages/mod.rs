pub mod account;
pub mod error;
pub mod home;
pub mod login;
pub mod not_found;
pub mod outbox;
pub mod portal;
