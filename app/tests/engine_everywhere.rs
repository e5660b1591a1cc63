//! The same instances give the same drafts natively and in WASM (the organizer's browser runs the
//! engine for what-if; the server re-runs it on save and must agree). Natively as app's test with
//! `cargo test`; in WASM as frontend's (its Cargo.toml points here), under
//! `wasm-bindgen-test-runner`, against the build of app the browser gets (scripts/test runs both).

use app::domain::matching::generate::{self, Family};
use app::domain::matching::{Draft, Instance, solve_fairest, solve_optimal, stable::solve_stable};

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

/// Fingerprints of (optimal, fairest, stable) for each family at 120 × 40, seed 7, as computed
/// natively: ties, scarce places, rankings, pins and popular mentors each take other paths
/// through the engine.
const FAMILIES_120_40: [(Family, [u64; 3]); 6] = [
    (
        Family::Mixed,
        [
            2_290_387_688_808_097_626,
            6_621_174_043_094_360_368,
            7_339_680_073_175_173_726,
        ],
    ),
    (
        Family::ManyTies,
        [
            18_271_610_166_742_899_383,
            18_271_610_166_742_899_383,
            15_823_503_437_197_083_315,
        ],
    ),
    (
        Family::ScarceCapacity,
        [
            18_399_891_636_069_985_562,
            18_399_891_636_069_985_562,
            7_305_412_859_904_105_792,
        ],
    ),
    (
        Family::Rankings,
        [
            18_325_444_097_512_023_306,
            1_891_748_432_997_044_328,
            1_355_774_079_424_298_123,
        ],
    ),
    (
        Family::PinsAndExclusions,
        [
            15_077_216_942_701_973_704,
            7_553_174_634_763_107_932,
            11_026_107_113_114_367_319,
        ],
    ),
    (
        Family::PopularMentors,
        [
            2_251_335_270_536_561_439,
            10_669_126_037_131_514_668,
            16_411_547_227_662_339_844,
        ],
    ),
];

#[engine_test]
fn every_family_gives_the_same_drafts_on_every_platform() {
    let solvers: [Solver; 3] = [solve_optimal, solve_fairest, solve_stable];
    let mut found = Vec::new();
    for (family, _) in FAMILIES_120_40 {
        let instance = generate::family(family, 120, 40, 7);
        let prints: Vec<u64> = solvers
            .iter()
            .map(|solve| solve(&instance).fingerprint())
            .collect();
        report(&format!("{}: {prints:?}", family.name()));
        found.push((family, prints));
    }

    for ((family, expected), (_, prints)) in FAMILIES_120_40.iter().zip(&found) {
        assert_eq!(prints.as_slice(), expected.as_slice(), "{}", family.name());
    }
}
