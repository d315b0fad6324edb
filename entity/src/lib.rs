//! SeaORM entities and the domain rules that both the server and the WASM
//! client need. Nothing in this crate may depend on a database driver: it is
//! compiled to `wasm32-unknown-unknown` as part of the hydrate bundle.

pub mod business_entity;
pub mod domain;
pub mod dto;

pub mod prelude {
    pub use crate::business_entity::Entity as BusinessEntity;
}
