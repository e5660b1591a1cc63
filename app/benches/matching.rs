//! `cargo bench -p app --bench matching` (or `scripts/bench-matching`, which also installs scipy):
//! both solvers on every family of generated cohorts at four sizes, with each run's peak memory
//! and, when Python with scipy is available, scipy's exact assignment on the same score matrix in
//! the same run, checked to reach the same optimum.
//!
//! Figures are the best of three runs (one at the largest size). `MATCHING_BENCH_SIZES=150x60,1000x300`
//! picks sizes; `MATCHING_BENCH_PYTHON` names the interpreter (default `python3`); scipy is not run
//! at 20,000 × 4,000 (its dense matrix would be 3 GB) unless `MATCHING_BENCH_SCIPY_ALL=1`.

use std::alloc::{GlobalAlloc, Layout, System};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use app::domain::matching::generate::{Family, family};
use app::domain::matching::stable::solve_stable;
use app::domain::matching::{Draft, Instance, score_matrix, solve_optimal};

/// The system allocator, counting the bytes in use and the most ever in use.
struct Counting;

static IN_USE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let pointer = unsafe { System.alloc(layout) };
        if !pointer.is_null() {
            let now = IN_USE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        pointer
    }

    unsafe fn dealloc(&self, pointer: *mut u8, layout: Layout) {
        unsafe { System.dealloc(pointer, layout) };
        IN_USE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const SIZES: [(usize, usize); 4] = [(150, 60), (1_000, 300), (5_000, 1_000), (20_000, 4_000)];
const SEED: u64 = 2026;

struct Run {
    best_ms: f64,
    /// Bytes allocated at the peak beyond what was in use before the run.
    peak_bytes: usize,
    draft: Draft,
}

fn measure(runs: usize, solve: impl Fn() -> Draft) -> Run {
    let mut best_ms = f64::INFINITY;
    let mut peak_bytes = 0;
    let mut draft = None;
    for _ in 0..runs {
        drop(draft.take());
        let before = IN_USE.load(Ordering::Relaxed);
        PEAK.store(before, Ordering::Relaxed);
        let start = Instant::now();
        let result = std::hint::black_box(solve());
        best_ms = best_ms.min(start.elapsed().as_secs_f64() * 1000.0);
        peak_bytes = peak_bytes.max(PEAK.load(Ordering::Relaxed) - before);
        draft = Some(result);
    }
    Run {
        best_ms,
        peak_bytes,
        draft: draft.expect("at least one run"),
    }
}

/// Matched mentees and total points of the pairs the engine chose (pins excluded, as the matrix
/// scipy gets leaves them out).
fn engine_optimum(draft: &Draft) -> (usize, u64) {
    let chosen = draft.pairs.iter().filter(|pair| !pair.pinned);
    chosen.fold((0, 0), |(matched, total), pair| {
        (matched + 1, total + u64::from(pair.score.points))
    })
}

enum Scipy {
    Ran { ms: f64, optimum: (usize, u64) },
    Skipped(&'static str),
}

fn scipy(instance: &Instance, python: &str, run_it: bool) -> Scipy {
    if !run_it {
        return Scipy::Skipped("not run at this size");
    }
    let path = std::env::temp_dir().join(format!("matching-bench-{}.scores", std::process::id()));
    if std::fs::write(&path, score_matrix(instance).to_bytes()).is_err() {
        return Scipy::Skipped("could not write the matrix");
    }
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../scripts/scipy-assign.py");
    let output = Command::new(python).arg(script).arg(&path).output();
    let _ = std::fs::remove_file(&path);
    let Ok(output) = output else {
        return Scipy::Skipped("no Python");
    };
    if !output.status.success() {
        return Scipy::Skipped("no scipy");
    }
    // "<best ms> <matched> <total points>"
    let text = String::from_utf8_lossy(&output.stdout);
    let fields: Vec<&str> = text.split_whitespace().collect();
    match fields.as_slice() {
        [ms, matched, total] => match (ms.parse(), matched.parse(), total.parse()) {
            (Ok(ms), Ok(matched), Ok(total)) => Scipy::Ran {
                ms,
                optimum: (matched, total),
            },
            _ => Scipy::Skipped("unreadable scipy output"),
        },
        _ => Scipy::Skipped("unreadable scipy output"),
    }
}

fn sizes() -> Vec<(usize, usize)> {
    let Ok(chosen) = std::env::var("MATCHING_BENCH_SIZES") else {
        return SIZES.to_vec();
    };
    chosen
        .split(',')
        .filter_map(|size| {
            let (mentees, mentors) = size.trim().split_once('x')?;
            Some((mentees.parse().ok()?, mentors.parse().ok()?))
        })
        .collect()
}

fn main() {
    let python = std::env::var("MATCHING_BENCH_PYTHON").unwrap_or_else(|_| "python3".into());
    let scipy_everywhere = std::env::var("MATCHING_BENCH_SCIPY_ALL").is_ok_and(|v| v == "1");
    println!(
        "| cohort | size | optimal | peak memory | scipy | engine vs scipy | same optimum | stable | peak memory |"
    );
    println!("|---|---|---|---|---|---|---|---|---|");
    for (mentees, mentors) in sizes() {
        let runs = if mentees * mentors > 20_000_000 { 1 } else { 3 };
        for cohort in Family::ALL {
            let instance = family(cohort, mentees, mentors, SEED);
            let optimal = measure(runs, || solve_optimal(&instance));
            let stable = measure(runs, || solve_stable(&instance));
            let scipy = scipy(
                &instance,
                &python,
                scipy_everywhere || mentees * mentors <= 20_000_000,
            );
            let (scipy_ms, ratio, same) = match scipy {
                Scipy::Ran { ms, optimum } => (
                    format!("{ms:.1} ms"),
                    if ms >= optimal.best_ms {
                        format!("{:.1}× faster", ms / optimal.best_ms)
                    } else {
                        format!("{:.1}× slower", optimal.best_ms / ms)
                    },
                    if optimum == engine_optimum(&optimal.draft) {
                        "yes".to_owned()
                    } else {
                        format!(
                            "NO: scipy {optimum:?}, engine {:?}",
                            engine_optimum(&optimal.draft)
                        )
                    },
                ),
                Scipy::Skipped(why) => (format!("— ({why})"), "—".into(), "—".into()),
            };
            println!(
                "| {} | {mentees} × {mentors} | {:.1} ms | {:.0} MB | {scipy_ms} | {ratio} | {same} | {:.1} ms | {:.0} MB |",
                cohort.name(),
                optimal.best_ms,
                optimal.peak_bytes as f64 / 1e6,
                stable.best_ms,
                stable.peak_bytes as f64 / 1e6,
            );
        }
    }
}
