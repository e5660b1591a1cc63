//! `cargo bench -p app --bench matching`: the optimal solver on generated years of three sizes.

use app::domain::matching::stable::solve_stable;
use app::domain::matching::{generate, solve_optimal};

fn main() {
    divan::main();
}

/// (mentees, mentors): a real iSchool year, a large program, and a very large one.
const SIZES: [(usize, usize); 3] = [(150, 60), (1_000, 300), (5_000, 1_000)];

#[divan::bench(args = SIZES, sample_count = 10)]
fn optimal(bencher: divan::Bencher, (mentees, mentors): (usize, usize)) {
    let instance = generate::instance(mentees, mentors, 2026);
    bencher.bench(|| solve_optimal(divan::black_box(&instance)));
}

#[divan::bench(args = SIZES, sample_count = 10)]
fn stable(bencher: divan::Bencher, (mentees, mentors): (usize, usize)) {
    let instance = generate::instance(mentees, mentors, 2026);
    bencher.bench(|| solve_stable(divan::black_box(&instance)));
}
