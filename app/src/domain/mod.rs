//! Pure domain logic: no I/O, compiled for the server and for WASM alike.

pub mod choices;
pub mod export;
pub mod matching;
pub mod privacy;
pub mod profile;
pub mod quarters;
pub mod rhythm;
pub mod roster;
pub mod validation;
pub mod words;
