//! Any bytes: the parser never panics, and every diagnostic's span lies
//! inside the text on character boundaries.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let parsed = charter::syntax::parse_source(charter::text::FileId::default(), text);
    for d in &parsed.diagnostics {
        assert!(
            d.span.start() <= d.span.end() && d.span.end() <= text.len(),
            "{d:?}"
        );
        assert!(text.is_char_boundary(d.span.start()) && text.is_char_boundary(d.span.end()));
    }
});
