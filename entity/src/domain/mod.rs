//! Domain rules shared by server and client.

pub mod brand;
pub mod role;

pub use brand::{is_valid_hex_colour, is_valid_order_prefix};
pub use role::{Portal, Role};
