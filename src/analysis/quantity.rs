//! Quantities with units: `120ms`, `12MB`, `85%`, `3`, `1.5h`.
//!
//! The written form is digits, optionally one decimal point followed by more
//! digits, then a unit with no space between. Units are case-sensitive,
//! because case carries meaning (`m` is minutes, `M…` would be mega), but an
//! unknown unit that matches a known one ignoring case gets a suggestion.
//!
//! | dimension | units | canonical |
//! | --- | --- | --- |
//! | duration | `ns us ms s m h d` (`m` = minute, `d` = 24 hours) | milliseconds |
//! | size | `B`; `KB MB GB` = 10³, 10⁶, 10⁹ bytes; `KiB MiB GiB` = 2¹⁰, 2²⁰, 2³⁰ bytes | bytes |
//! | percent | `%` | percent |
//! | count | no unit | count |
//!
//! `KB`/`MB`/`GB` are decimal, as in SI and in what `ls --si`, crates.io and
//! most CI dashboards print; the binary multiples are spelled `KiB`/`MiB`/
//! `GiB` (IEC), so `12MB` and `12MiB` never mean the same budget by accident.
//!
//! There is no sign: budgets and thresholds are magnitudes, and a leading `-`
//! is an error here. Percentages above 100 parse; whether one makes sense is
//! the checker's decision (a regression of 150% is meaningful, a coverage of
//! 150% is not).

use std::fmt;

use serde::{Deserialize, Serialize};

/// What a quantity measures. Comparisons and budgets require both sides to
/// have the same dimension.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Dimension {
    Duration,
    Size,
    Percent,
    Count,
}

impl Dimension {
    /// The dimension named by a word, as in `metric NAME DIMENSION`:
    /// `duration`, `size`, `percent` or `count`.
    pub fn parse(word: &str) -> Option<Dimension> {
        match word {
            "duration" => Some(Dimension::Duration),
            "size" => Some(Dimension::Size),
            "percent" => Some(Dimension::Percent),
            "count" => Some(Dimension::Count),
            _ => None,
        }
    }

    /// The lowercase name, as written in `metric NAME DIMENSION`.
    pub fn as_str(self) -> &'static str {
        match self {
            Dimension::Duration => "duration",
            Dimension::Size => "size",
            Dimension::Percent => "percent",
            Dimension::Count => "count",
        }
    }
}

impl fmt::Display for Dimension {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Every unit, its dimension and its factor to the canonical unit. The one
/// table both parsing and conversion read, so they cannot disagree.
const UNITS: &[(&str, Dimension, f64)] = &[
    ("ns", Dimension::Duration, 1e-6),
    ("us", Dimension::Duration, 1e-3),
    ("ms", Dimension::Duration, 1.0),
    ("s", Dimension::Duration, 1_000.0),
    ("m", Dimension::Duration, 60_000.0),
    ("h", Dimension::Duration, 3_600_000.0),
    ("d", Dimension::Duration, 86_400_000.0),
    ("B", Dimension::Size, 1.0),
    ("KB", Dimension::Size, 1e3),
    ("MB", Dimension::Size, 1e6),
    ("GB", Dimension::Size, 1e9),
    ("KiB", Dimension::Size, 1024.0),
    ("MiB", Dimension::Size, 1_048_576.0),
    ("GiB", Dimension::Size, 1_073_741_824.0),
    ("%", Dimension::Percent, 1.0),
    ("", Dimension::Count, 1.0),
];

/// Every unit with its dimension, in table order (for completion).
pub fn units() -> impl Iterator<Item = (&'static str, Dimension)> {
    UNITS.iter().map(|&(name, dimension, _)| (name, dimension))
}

/// The dimension of a unit as written and its factor to the canonical unit
/// (`"h"` → duration, 3,600,000 ms). `None` for an unknown unit.
pub fn unit_info(unit: &str) -> Option<(Dimension, f64)> {
    unit_entry(unit).map(|&(_, dimension, factor)| (dimension, factor))
}

/// The row of [`UNITS`] for a unit as written.
fn unit_entry(unit: &str) -> Option<&'static (&'static str, Dimension, f64)> {
    UNITS.iter().find(|(name, _, _)| *name == unit)
}

/// A number with a unit, as written in a spec.
#[derive(Clone, Debug, PartialEq)]
pub struct Quantity {
    /// The number as written (`1.5` for `1.5h`).
    pub value: f64,
    /// The unit as written, from the table of units; `""` for a count.
    pub unit: &'static str,
    pub dimension: Dimension,
}

/// Why a quantity's text is invalid, and where.
#[derive(Debug, Clone, PartialEq)]
pub struct QuantityError {
    /// Byte offset into the parsed text where the problem starts.
    pub offset: usize,
    /// A message fit for a diagnostic, e.g. "unknown unit `mb`; did you mean `MB`?".
    pub message: String,
}

impl fmt::Display for QuantityError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for QuantityError {}

fn error(offset: usize, message: impl Into<String>) -> QuantityError {
    QuantityError {
        offset,
        message: message.into(),
    }
}

/// Length in bytes of the run of ASCII digits at the start of `s`.
fn digits(s: &str) -> usize {
    s.bytes().take_while(u8::is_ascii_digit).count()
}

impl Quantity {
    /// Parses a quantity such as `120ms`, `12MB`, `85%`, `3` or `1.5h`.
    ///
    /// The whole text must be the quantity: no sign, no spaces, at most one
    /// decimal point with digits on both sides.
    pub fn parse(text: &str) -> Result<Quantity, QuantityError> {
        let int_len = digits(text);
        if int_len == 0 {
            return Err(match text.chars().next() {
                None => error(0, "expected a number, found nothing"),
                Some('-') => error(0, "a quantity cannot be negative"),
                Some('+') => error(0, "a quantity takes no sign; remove the `+`"),
                Some('.') => error(0, "expected a digit before the decimal point"),
                Some(c) => error(0, format!("expected a number, found `{c}`")),
            });
        }
        let mut end = int_len;
        if text[end..].starts_with('.') {
            let frac_len = digits(&text[end + 1..]);
            if frac_len == 0 {
                return Err(error(end + 1, "expected a digit after the decimal point"));
            }
            end += 1 + frac_len;
            if text[end..].starts_with('.') {
                return Err(error(end, "a number has at most one decimal point"));
            }
        }
        let number = &text[..end];
        let unit = &text[end..];

        let Some(&(unit, dimension, _)) = unit_entry(unit) else {
            return Err(unknown_unit(unit, end));
        };
        // Digits with at most one inner point always parse as f64; only the
        // magnitude can fail, by overflowing to infinity.
        let value = match number.parse::<f64>() {
            Ok(v) if v.is_finite() => v,
            _ => return Err(error(0, format!("the number `{number}` is too large"))),
        };
        Ok(Quantity {
            value,
            unit,
            dimension,
        })
    }

    /// The value in its dimension's canonical unit: milliseconds for a
    /// duration, bytes for a size, percent for a percentage, the count
    /// itself for a count. Budgets compare canonical values.
    ///
    /// A `Quantity` built by hand with a unit this module does not know is
    /// taken to be in the canonical unit already.
    pub fn canonical(&self) -> f64 {
        let factor = unit_info(self.unit).map_or(1.0, |(_, factor)| factor);
        self.value * factor
    }

    /// The canonical unit of a dimension, as it would be written: `"ms"`,
    /// `"B"`, `"%"` or `""` for a count.
    pub fn canonical_unit(dimension: Dimension) -> &'static str {
        match dimension {
            Dimension::Duration => "ms",
            Dimension::Size => "B",
            Dimension::Percent => "%",
            Dimension::Count => "",
        }
    }
}

impl fmt::Display for Quantity {
    /// The written form: `1.5h`, `120ms`, `3`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.value, self.unit)
    }
}

/// The error for a unit outside the table at byte `offset`, with the most
/// useful hint we can give.
fn unknown_unit(unit: &str, offset: usize) -> QuantityError {
    if unit.starts_with(char::is_whitespace) {
        return error(offset, "no space is allowed between a number and its unit");
    }
    let suggestion = if matches!(unit, "µs" | "μs") {
        // Micro sign (U+00B5) and Greek mu (U+03BC): the ASCII spelling is `us`.
        Some("us")
    } else {
        UNITS
            .iter()
            .map(|&(name, _, _)| name)
            .find(|name| !name.is_empty() && name.eq_ignore_ascii_case(unit))
    };
    let message = match suggestion {
        Some(known) => format!("unknown unit `{unit}`; did you mean `{known}`?"),
        None => format!(
            "unknown unit `{unit}`; expected a duration (ns, us, ms, s, m, h, d), \
             a size (B, KB, MB, GB, KiB, MiB, GiB) or `%`"
        ),
    };
    error(offset, message)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn q(text: &str) -> Quantity {
        match Quantity::parse(text) {
            Ok(q) => q,
            Err(e) => panic!("`{text}` should parse: {}", e.message),
        }
    }

    fn err(text: &str) -> QuantityError {
        match Quantity::parse(text) {
            Ok(q) => panic!("`{text}` should not parse, got {q:?}"),
            Err(e) => e,
        }
    }

    #[test]
    fn parses_each_dimension() {
        assert_eq!(
            q("120ms"),
            Quantity {
                value: 120.0,
                unit: "ms",
                dimension: Dimension::Duration
            }
        );
        assert_eq!(q("12MB").dimension, Dimension::Size);
        assert_eq!(q("85%").dimension, Dimension::Percent);
        assert_eq!(
            q("3"),
            Quantity {
                value: 3.0,
                unit: "",
                dimension: Dimension::Count
            }
        );
        assert_eq!(q("1.5h").value, 1.5);
        assert_eq!(q("0.25").dimension, Dimension::Count);
        assert_eq!(q("150%").value, 150.0);
    }

    #[test]
    fn canonical_values() {
        assert_eq!(q("1.5h").canonical(), 5_400_000.0);
        assert_eq!(q("10m").canonical(), 600_000.0);
        assert_eq!(q("2s").canonical(), 2_000.0);
        assert_eq!(q("1d").canonical(), 86_400_000.0);
        assert_eq!(q("500us").canonical(), 0.5);
        assert_eq!(q("12MB").canonical(), 12_000_000.0);
        assert_eq!(q("12MiB").canonical(), 12.0 * 1024.0 * 1024.0);
        assert_eq!(q("1KB").canonical(), 1000.0);
        assert_eq!(q("1KiB").canonical(), 1024.0);
        assert_eq!(q("3GiB").canonical(), 3.0 * 1_073_741_824.0);
        assert_eq!(q("85%").canonical(), 85.0);
        assert_eq!(q("7").canonical(), 7.0);
        assert_eq!(Quantity::canonical_unit(Dimension::Duration), "ms");
        assert_eq!(Quantity::canonical_unit(Dimension::Size), "B");
        assert_eq!(Quantity::canonical_unit(Dimension::Percent), "%");
        assert_eq!(Quantity::canonical_unit(Dimension::Count), "");
    }

    #[test]
    fn units_are_case_sensitive_with_suggestions() {
        let e = err("12mb");
        assert_eq!(e.offset, 2);
        assert_eq!(e.message, "unknown unit `mb`; did you mean `MB`?");
        assert_eq!(err("5MS").message, "unknown unit `MS`; did you mean `ms`?");
        assert_eq!(
            err("1kib").message,
            "unknown unit `kib`; did you mean `KiB`?"
        );
        assert_eq!(err("3µs").message, "unknown unit `µs`; did you mean `us`?");
        let e = err("3 parsecs");
        assert_eq!(
            (e.offset, e.message.as_str()),
            (1, "no space is allowed between a number and its unit")
        );
        assert!(
            err("3xyz")
                .message
                .starts_with("unknown unit `xyz`; expected")
        );
    }

    #[test]
    fn rejects_malformed_numbers_with_offsets() {
        assert_eq!(err("").offset, 0);
        assert_eq!(err("ms").message, "expected a number, found `m`");
        assert_eq!(err("-5ms").message, "a quantity cannot be negative");
        assert_eq!(
            err(".5").message,
            "expected a digit before the decimal point"
        );
        let e = err("1.ms");
        assert_eq!(
            (e.offset, e.message.as_str()),
            (2, "expected a digit after the decimal point")
        );
        let e = err("1.2.3ms");
        assert_eq!(
            (e.offset, e.message.as_str()),
            (3, "a number has at most one decimal point")
        );
        assert!(
            err("1e5")
                .message
                .starts_with("unknown unit `e5`; expected")
        );
        assert_eq!(
            err(&"9".repeat(400)).message,
            format!("the number `{}` is too large", "9".repeat(400))
        );
    }

    #[test]
    fn dimension_names_round_trip() {
        for d in [
            Dimension::Duration,
            Dimension::Size,
            Dimension::Percent,
            Dimension::Count,
        ] {
            assert_eq!(Dimension::parse(&d.to_string()), Some(d));
            assert_eq!(serde_json::to_string(&d).ok(), Some(format!("\"{d}\"")));
        }
        assert_eq!(Dimension::parse("Duration"), None);
    }

    #[test]
    fn display_is_the_written_form() {
        assert_eq!(q("1.5h").to_string(), "1.5h");
        assert_eq!(q("120ms").to_string(), "120ms");
        assert_eq!(q("3").to_string(), "3");
    }

    fn arb_unit() -> impl Strategy<Value = &'static str> {
        prop::sample::select(UNITS.iter().map(|&(name, _, _)| name).collect::<Vec<_>>())
    }

    proptest! {
        #[test]
        fn never_panics_and_offsets_are_in_bounds(text in prop_oneof!["\\PC{0,12}", "[0-9.]{0,5}[a-zA-Z%µ -]{0,4}"]) {
            if let Err(e) = Quantity::parse(&text) {
                prop_assert!(e.offset <= text.len());
                prop_assert!(text.is_char_boundary(e.offset));
            }
        }

        #[test]
        fn written_quantities_parse_back(int in 0u32..100_000, frac in proptest::option::of(0u32..1000), unit in arb_unit()) {
            let number = match frac {
                Some(f) => format!("{int}.{f}"),
                None => int.to_string(),
            };
            let text = format!("{number}{unit}");
            let parsed = Quantity::parse(&text).map_err(|e| TestCaseError::fail(e.message))?;
            prop_assert_eq!(parsed.value, number.parse::<f64>().unwrap_or(f64::NAN));
            prop_assert_eq!(parsed.unit, unit);
            prop_assert_eq!(Some(parsed.dimension), unit_info(unit).map(|(d, _)| d));
            // Display round-trips through parse.
            prop_assert_eq!(Quantity::parse(&parsed.to_string()), Ok(parsed.clone()));
            // Canonical values preserve order within a unit.
            let bigger = Quantity { value: parsed.value + 1.0, ..parsed.clone() };
            prop_assert!(bigger.canonical() > parsed.canonical());
        }
    }
}
