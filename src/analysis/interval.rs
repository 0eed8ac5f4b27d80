//! Bounds on one metric: which budget constraints contradict each other, and
//! which say nothing new.
//!
//! Each constraint `x OP v` on a metric's canonical value is an interval of
//! the line, open or closed at each end: `< 5` is `[-∞, 5)`, `>= 5` is
//! `[5, +∞]`, `== 5` is `[5, 5]`. Values are compared as `f64`, so the line is
//! the extended reals (`>= +∞` admits `+∞`); infinities cannot come out of
//! [`Quantity::parse`](super::quantity::Quantity::parse) anyway. A NaN bound
//! admits nothing and comparing with it means nothing, so constraints with a
//! NaN value are ignored.
//!
//! **Why pairs are enough.** Every constraint, `==` included, is an interval,
//! i.e. a convex set. The intersection of intervals is bounded below by the
//! tightest lower bound, which comes from one constraint `i`, and above by the
//! tightest upper bound, from one constraint `j`; so when the intersection of
//! all of them is empty, the intersection of `i` and `j` alone is already
//! empty (Helly's theorem in one dimension). A pairwise check is therefore
//! exact for all five operators; only a non-convex constraint such as `!=`
//! would need more, and the language has none.

use std::cmp::Ordering;

/// A comparison operator of a budget.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum Op {
    Lt,
    Le,
    Gt,
    Ge,
    Eq,
}

impl Op {
    /// The operator written as `<`, `<=`, `>`, `>=` or `==`.
    pub fn parse(text: &str) -> Option<Op> {
        match text {
            "<" => Some(Op::Lt),
            "<=" => Some(Op::Le),
            ">" => Some(Op::Gt),
            ">=" => Some(Op::Ge),
            "==" => Some(Op::Eq),
            _ => None,
        }
    }

    /// The operator as written.
    pub fn as_str(self) -> &'static str {
        match self {
            Op::Lt => "<",
            Op::Le => "<=",
            Op::Gt => ">",
            Op::Ge => ">=",
            Op::Eq => "==",
        }
    }
}

/// One bound `x OP value` on a metric's canonical value.
#[derive(Copy, Clone, Debug, PartialEq)]
pub struct Constraint {
    pub op: Op,
    pub value: f64,
}

impl Constraint {
    /// Whether `x` satisfies the constraint.
    pub fn admits(&self, x: f64) -> bool {
        match self.op {
            Op::Lt => x < self.value,
            Op::Le => x <= self.value,
            Op::Gt => x > self.value,
            Op::Ge => x >= self.value,
            Op::Eq => x == self.value,
        }
    }
}

/// What [`analyse`] found in one metric's constraints.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IntervalReport {
    /// `Some((i, j))` with `i <= j`: constraints `i` and `j` (indices into
    /// the input) together admit no value. The first found reading the input
    /// in order: the smallest `j` whose constraint admits nothing on its own
    /// (reported as `(j, j)`: `< -inf`, which parsing cannot produce) or
    /// contradicts an earlier one, then the smallest such `i`. So the label
    /// goes on the constraint that made the list contradictory, pointing back
    /// at the one it contradicts.
    pub contradiction: Option<(usize, usize)>,
    /// `(i, j)`: constraint `i` is implied by constraint `j`, `j != i` (every
    /// value `j` admits, `i` admits). At most one entry per `i`, in ascending
    /// `i`, with the first `j` in input order. When two constraints admit the
    /// same values (identical constraints), only the later is reported, as
    /// implied by the earlier, so deleting every reported `i` keeps the meaning.
    pub redundant: Vec<(usize, usize)>,
}

/// A lower or upper end of an interval: its value and whether it is included.
#[derive(Copy, Clone, Debug, PartialEq)]
struct End {
    value: f64,
    closed: bool,
}

/// The interval a constraint admits; the missing side is the closed
/// infinity, which is exactly "no bound" on the extended reals.
#[derive(Copy, Clone, Debug, PartialEq)]
struct Interval {
    lower: End,
    upper: End,
}

impl Interval {
    fn of(c: &Constraint) -> Interval {
        let at = |closed| End {
            value: c.value,
            closed,
        };
        let below = End {
            value: f64::NEG_INFINITY,
            closed: true,
        };
        let above = End {
            value: f64::INFINITY,
            closed: true,
        };
        let (lower, upper) = match c.op {
            Op::Lt => (below, at(false)),
            Op::Le => (below, at(true)),
            Op::Gt => (at(false), above),
            Op::Ge => (at(true), above),
            Op::Eq => (at(true), at(true)),
        };
        Interval { lower, upper }
    }

    fn is_empty(&self) -> bool {
        match self.lower.value.partial_cmp(&self.upper.value) {
            Some(Ordering::Less) => false,
            Some(Ordering::Equal) => !(self.lower.closed && self.upper.closed),
            // Greater, or NaN (callers filter NaN; empty is the safe answer).
            _ => true,
        }
    }

    fn intersect(&self, other: &Interval) -> Interval {
        Interval {
            lower: if lower_at_least_as_tight(&self.lower, &other.lower) {
                self.lower
            } else {
                other.lower
            },
            upper: if upper_at_least_as_tight(&self.upper, &other.upper) {
                self.upper
            } else {
                other.upper
            },
        }
    }

    /// `self ⊆ other`, for a non-empty `self`.
    fn within(&self, other: &Interval) -> bool {
        lower_at_least_as_tight(&self.lower, &other.lower)
            && upper_at_least_as_tight(&self.upper, &other.upper)
    }
}

/// Lower end `a` excludes everything lower end `b` excludes.
fn lower_at_least_as_tight(a: &End, b: &End) -> bool {
    a.value > b.value || (a.value == b.value && (!a.closed || b.closed))
}

/// Upper end `a` excludes everything upper end `b` excludes.
fn upper_at_least_as_tight(a: &End, b: &End) -> bool {
    a.value < b.value || (a.value == b.value && (!a.closed || b.closed))
}

/// Finds contradictions and redundancies among the constraints on one
/// (metric, target). Exact, including open against closed ends: `< 5` and
/// `>= 5` contradict, `<= 5` and `>= 5` do not (both admit 5). Quadratic in
/// the number of constraints, which is a handful per metric.
pub fn analyse(constraints: &[Constraint]) -> IntervalReport {
    // `None` for ignored (NaN) constraints, so indices stay the input's.
    let intervals: Vec<Option<Interval>> = constraints
        .iter()
        .map(|c| (!c.value.is_nan()).then(|| Interval::of(c)))
        .collect();

    let contradiction = intervals.iter().enumerate().find_map(|(j, b)| {
        let b = b.as_ref()?;
        if b.is_empty() {
            return Some((j, j));
        }
        intervals[..j]
            .iter()
            .position(|a| a.as_ref().is_some_and(|a| a.intersect(b).is_empty()))
            .map(|i| (i, j))
    });

    let mut redundant = Vec::new();
    for (i, a) in intervals.iter().enumerate() {
        let Some(a) = a else { continue };
        let implied_by = intervals.iter().enumerate().position(|(j, b)| {
            let Some(b) = b else { return false };
            // An empty constraint "implies" everything vacuously; it is
            // reported as a contradiction instead.
            j != i && !b.is_empty() && b.within(a) && !(j > i && a.within(b))
        });
        if let Some(j) = implied_by {
            redundant.push((i, j));
        }
    }

    IntervalReport {
        contradiction,
        redundant,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn c(op: &str, value: f64) -> Constraint {
        Constraint {
            op: Op::parse(op).unwrap_or_else(|| panic!("bad op {op}")),
            value,
        }
    }

    #[test]
    fn op_round_trips() {
        for op in [Op::Lt, Op::Le, Op::Gt, Op::Ge, Op::Eq] {
            assert_eq!(Op::parse(op.as_str()), Some(op));
        }
        assert_eq!(Op::parse("="), None);
        assert_eq!(Op::parse("!="), None);
    }

    #[test]
    fn open_and_closed_ends() {
        assert_eq!(
            analyse(&[c("<", 5.0), c(">=", 5.0)]).contradiction,
            Some((0, 1))
        );
        assert_eq!(analyse(&[c("<=", 5.0), c(">=", 5.0)]).contradiction, None);
        assert_eq!(
            analyse(&[c("<=", 5.0), c(">", 5.0)]).contradiction,
            Some((0, 1))
        );
        assert_eq!(
            analyse(&[c("==", 5.0), c("<", 5.0)]).contradiction,
            Some((0, 1))
        );
        assert_eq!(analyse(&[c("==", 5.0), c("==", 5.0)]).contradiction, None);
        assert_eq!(
            analyse(&[c("==", 5.0), c("==", 6.0)]).contradiction,
            Some((0, 1))
        );
    }

    #[test]
    fn the_lint_example() {
        // `<= 100ms` and `>= 200ms`.
        let report = analyse(&[c("<=", 100.0), c(">=", 200.0)]);
        assert_eq!(report.contradiction, Some((0, 1)));
        assert!(report.redundant.is_empty());
    }

    #[test]
    fn first_contradiction_in_reading_order() {
        // 0 and 3 contradict, 1 and 2 contradict; 2 comes before 3.
        let cs = [c(">", 10.0), c("<", 50.0), c(">", 60.0), c("<", 5.0)];
        assert_eq!(analyse(&cs).contradiction, Some((1, 2)));
    }

    #[test]
    fn redundancy() {
        // Coverage `>= 80%` beside `>= 85%`.
        let report = analyse(&[c(">=", 80.0), c(">=", 85.0)]);
        assert_eq!(report.redundant, vec![(0, 1)]);
        // `<= 5` is implied by `< 5`, not the other way.
        assert_eq!(
            analyse(&[c("<", 5.0), c("<=", 5.0)]).redundant,
            vec![(1, 0)]
        );
        // `==` implies both one-sided bounds through its value.
        assert_eq!(
            analyse(&[c(">=", 5.0), c("==", 5.0), c("<=", 5.0)]).redundant,
            vec![(0, 1), (2, 1)]
        );
        // Bounds on opposite sides imply nothing.
        assert!(analyse(&[c(">=", 1.0), c("<=", 9.0)]).redundant.is_empty());
    }

    #[test]
    fn identical_constraints_report_the_later_once() {
        let report = analyse(&[c("<", 3.0), c("<", 3.0), c("<", 3.0)]);
        assert_eq!(report.redundant, vec![(1, 0), (2, 0)]);
        assert_eq!(report.contradiction, None);
    }

    #[test]
    fn infinities_and_nan() {
        assert_eq!(
            analyse(&[c("<", f64::NEG_INFINITY)]).contradiction,
            Some((0, 0))
        );
        assert_eq!(analyse(&[c(">=", f64::INFINITY)]).contradiction, None);
        // `<= inf` and `>= -inf` both admit everything: the later is redundant.
        assert_eq!(
            analyse(&[c("<=", f64::INFINITY), c(">=", f64::NEG_INFINITY)]).redundant,
            vec![(1, 0)]
        );
        let report = analyse(&[c("<", f64::NAN), c("<", 1.0), c(">", f64::NAN)]);
        assert_eq!(report, IntervalReport::default());
        assert_eq!(analyse(&[]), IntervalReport::default());
    }

    /// Integer values 0..=4 and a grid in half steps around them: every
    /// non-empty intersection of such intervals holds a grid point, and any
    /// two different such intervals differ on one, so the grid decides
    /// emptiness and inclusion exactly.
    fn grid() -> Vec<f64> {
        (-2..=10).map(|k| f64::from(k) / 2.0).collect()
    }

    fn arb_constraint() -> impl Strategy<Value = Constraint> {
        (
            prop::sample::select(vec![Op::Lt, Op::Le, Op::Gt, Op::Ge, Op::Eq]),
            0u8..5,
        )
            .prop_map(|(op, v)| Constraint {
                op,
                value: f64::from(v),
            })
    }

    proptest! {
        #[test]
        fn agrees_with_brute_force(cs in prop::collection::vec(arb_constraint(), 0..7)) {
            let grid = grid();
            let admitted: Vec<Vec<bool>> =
                cs.iter().map(|c| grid.iter().map(|&x| c.admits(x)).collect()).collect();
            let both_empty = |i: usize, j: usize| (0..grid.len()).all(|k| !(admitted[i][k] && admitted[j][k]));
            let within = |j: usize, i: usize| (0..grid.len()).all(|k| !admitted[j][k] || admitted[i][k]);
            let report = analyse(&cs);

            // Contradiction: present exactly when no value satisfies all.
            let feasible = (0..grid.len()).any(|k| admitted.iter().all(|row| row[k]));
            prop_assert_eq!(report.contradiction.is_some(), !feasible);
            // And it is the first pair in reading order.
            let expected = (0..cs.len()).find_map(|j| {
                if both_empty(j, j) {
                    return Some((j, j));
                }
                (0..j).find(|&i| both_empty(i, j)).map(|i| (i, j))
            });
            prop_assert_eq!(report.contradiction, expected);

            // Redundancy: for each i, the first j that implies it.
            let mut expected = Vec::new();
            for i in 0..cs.len() {
                let j = (0..cs.len()).find(|&j| {
                    j != i && admitted[j].iter().any(|&a| a) && within(j, i) && !(j > i && within(i, j))
                });
                if let Some(j) = j {
                    expected.push((i, j));
                }
            }
            prop_assert_eq!(report.redundant, expected);
        }

        #[test]
        fn never_panics(ops in prop::collection::vec((0usize..5, any::<f64>()), 0..6)) {
            let all = [Op::Lt, Op::Le, Op::Gt, Op::Ge, Op::Eq];
            let cs: Vec<Constraint> = ops.iter().map(|&(o, value)| Constraint { op: all[o], value }).collect();
            let report = analyse(&cs);
            if let Some((i, j)) = report.contradiction {
                prop_assert!(i <= j && j < cs.len());
            }
            for (i, j) in report.redundant {
                prop_assert!(i != j && i < cs.len() && j < cs.len());
            }
        }
    }
}
