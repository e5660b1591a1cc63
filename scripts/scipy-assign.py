"""scipy's exact assignment on the matching engine's score matrix, for the engine's benchmark.

Reads the file `ScoreMatrix::to_bytes` writes (little-endian: u32 mentees, u32 mentors, each
mentor's free places as u32, then mentees x mentors u16 cells: points, or 65535 / 65534 for a pair
that may not be made / a mentor with no place left). Each mentor becomes one column per place;
a pair's cost is -(bonus + points), with the bonus larger than any total so that the most mentees
are matched first (the engine's objective); a pair that may not be made costs 0, as does each of
the extra "unmatched" columns. Prints "<best ms of three> <mentees matched> <total points>",
timing linear_sum_assignment alone.
"""

import sys
import time

import numpy as np
from scipy.optimize import linear_sum_assignment

BLOCKED = 65534  # this and above: not a pair that may be made


def main(path):
    data = open(path, "rb").read()
    mentees, mentors = np.frombuffer(data, dtype="<u4", count=2)
    places = np.frombuffer(data, dtype="<u4", count=mentors, offset=8)
    cells = np.frombuffer(
        data, dtype="<u2", count=int(mentees) * int(mentors), offset=8 + 4 * int(mentors)
    ).reshape(int(mentees), int(mentors))
    allowed = cells < BLOCKED
    bonus = float(10_001 * (int(mentees) + 1))
    points = np.where(allowed, cells, 0).astype(np.float64)
    per_mentor = np.where(allowed, -(bonus + points), 0.0)
    slots = np.repeat(np.arange(int(mentors)), places.astype(np.int64))
    unmatched = max(0, int(mentees) - len(slots))
    cost = np.hstack([per_mentor[:, slots], np.zeros((int(mentees), unmatched))])
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        rows, columns = linear_sum_assignment(cost)
        best = min(best, (time.perf_counter() - start) * 1000)
    real = columns < len(slots)
    mentor = slots[columns[real]]
    made = allowed[rows[real], mentor]
    matched = int(made.sum())
    total = int(cells[rows[real], mentor][made].astype(np.int64).sum())
    print(f"{best:.1f} {matched} {total}")


if __name__ == "__main__":
    main(sys.argv[1])
