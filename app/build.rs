//! The translations are read by `leptos_i18n::load_locales!` at compile
//! time; make cargo rebuild this crate when a locale file changes.
fn main() {
    for locale in ["nl", "en"] {
        println!("cargo:rerun-if-changed=locales/{locale}.json");
    }
    println!("cargo:rerun-if-changed=build.rs");
}
