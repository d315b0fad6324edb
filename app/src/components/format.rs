//! Number formats as the Dutch write them (see `entity::domain::money`).

pub use entity::domain::money::euro;
