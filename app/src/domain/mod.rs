//! Pure domain logic: no I/O, compiled for the server and for WASM alike.

pub mod matching;
pub mod quarters;
pub mod validation;
