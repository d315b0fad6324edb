//! Pages outside the portals: the front page, signing in (password, MFA,
//! recovery and sign-in links), the customer's intake form and "not found".
//! `/wachtwoord-vergeten`, `/wachtwoord-herstellen` and `/inloglink` share
//! `account.rs`; `/mfa` and `/mfa/instellen` share `mfa.rs`.

pub mod account;
pub mod afmelden;
pub mod home;
pub mod intake;
pub mod login;
pub mod mfa;
pub mod not_found;
pub mod tevredenheid;
