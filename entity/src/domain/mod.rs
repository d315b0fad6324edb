//! Domain rules shared by server and client.

pub mod api;
pub mod brand;
pub mod catalogue;
pub mod commission;
pub mod field;
pub mod kinds;
pub mod lines;
pub mod messaging;
pub mod money;
pub mod numbering;
pub mod partners;
pub mod pipeline;
pub mod planning;
pub mod pricing;
pub mod quotes;
pub mod region;
pub mod role;
pub mod service;
pub mod settings;
pub mod survey;
pub mod templates;
pub mod time;
pub mod triggers;
pub mod users;
pub mod webhooks;
pub mod workflow;

pub use brand::{
    is_valid_hex_colour, is_valid_order_prefix, looks_like_email, looks_like_phone, EntityForm,
};
pub use kinds::*;
pub use role::{Portal, Role};
pub use workflow::Workflow;
