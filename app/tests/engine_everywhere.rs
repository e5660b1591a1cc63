//! The same instances give the same drafts natively and in WASM (the organizer's browser runs the
//! engine for what-if; the server re-runs it on save and must agree). Natively as app's test with
//! `cargo test`; in WASM as frontend's (its Cargo.toml points here), under
//! `wasm-bindgen-test-runner`, against the build of app the browser gets (scripts/test runs both).

use app::domain::matching::{Draft, Instance, generate, solve_optimal, stable::solve_stable};

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as engine_test;

#[cfg(not(target_arch = "wasm32"))]
use core::prelude::v1::test as engine_test;

/// Fingerprints of the drafts for a real-size year (150 × 60, seed 2026), as computed natively.
const OPTIMAL_150_60: u64 = 11_997_550_747_408_572_235;
const STABLE_150_60: u64 = 4_043_340_688_853_414_883;

#[cfg(target_arch = "wasm32")]
fn now_ms() -> f64 {
    js_sys::Date::now()
}

#[cfg(not(target_arch = "wasm32"))]
fn now_ms() -> f64 {
    use std::time::{SystemTime, UNIX_EPOCH};
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs_f64()
        * 1000.0
}

#[cfg(target_arch = "wasm32")]
fn report(line: &str) {
    wasm_bindgen_test::console_log!("{line}");
}

#[cfg(not(target_arch = "wasm32"))]
fn report(line: &str) {
    println!("{line}");
}

type Solver = fn(&Instance) -> Draft;

#[engine_test]
fn drafts_are_the_same_on_every_platform() {
    let instance = generate::instance(150, 60, 2026);
    let solvers: [(&str, Solver, u64); 2] = [
        ("optimal", solve_optimal, OPTIMAL_150_60),
        ("stable", solve_stable, STABLE_150_60),
    ];

    for (name, solve, expected) in solvers {
        let start = now_ms();
        let draft = solve(&instance);
        let elapsed = now_ms() - start;

        report(&format!(
            "{name} 150 x 60: {elapsed:.1} ms, fingerprint {}",
            draft.fingerprint()
        ));
        assert_eq!(draft.fingerprint(), expected, "{name}");
    }
}
