//! The untrusted-text sanitizer (`journeytop_protocol::text`, the one every
//! sink uses): its output never holds ESC, any Cc control (C0, DEL, C1), a
//! bidi control, a Cf format character or a default-ignorable code point;
//! it is idempotent; `clean` / `cut` never exceed the width they were given;
//! `bounded` and `for_log` keep their cell and byte limits. The same
//! properties, on fixed inputs: tests/fuzz_regressions.rs.
//! Shared by the fuzz target and tests/fuzz_regressions.rs (one copy).

use journeytop_protocol::text::{
    bounded, clean, cut, for_log, is_bidi, is_default_ignorable, is_format, sanitize, width,
};

/// Bidi controls listed here, independently of the sanitizer's own table.
const BIDI: &[char] = &[
    '\u{61c}', '\u{200e}', '\u{200f}', '\u{202a}', '\u{202b}', '\u{202c}', '\u{202d}', '\u{202e}',
    '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}',
];

fn clean_char(c: char) -> bool {
    !(c.is_control()
        || c == '\u{7f}'
        || BIDI.contains(&c)
        || is_bidi(c)
        || is_format(c)
        || is_default_ignorable(c)
        // Cf and default-ignorable ranges named in the issue, spelled out.
        || matches!(c, '\u{ad}' | '\u{200b}'..='\u{200f}' | '\u{2028}' | '\u{2029}'
            | '\u{2060}'..='\u{2064}' | '\u{feff}' | '\u{fff9}'..='\u{fffb}'
            | '\u{e0000}'..='\u{e007f}' | '\u{115f}' | '\u{1160}' | '\u{3164}' | '\u{ffa0}'))
}

fn safe(s: &str) -> bool {
    s.chars().all(clean_char)
}

/// The property, on one input: panics when it does not hold.
pub(crate) fn holds(data: &[u8]) {
    let Some((&max, bytes)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(bytes);
    let s = sanitize(&text);
    assert!(
        safe(&s),
        "sanitize left a dropped character in {s:?} (from {text:?})"
    );
    assert_eq!(sanitize(&s), s, "sanitize is not idempotent on {text:?}");
    let max = usize::from(max);
    let c = clean(&text, max);
    assert!(safe(&c), "clean left a dropped character in {c:?}");
    assert!(
        width(&c) <= max,
        "clean({text:?}, {max}) is {} wide",
        width(&c)
    );
    assert!(width(&cut(&s, max)) <= max);
    // bounded: both limits (an ellipsis of 3 bytes is the least it keeps
    // when it must cut).
    let max_bytes = usize::from(data.len() as u8 ^ (max as u8));
    let b = bounded(&text, max, max_bytes);
    assert!(safe(&b), "bounded left a dropped character in {b:?}");
    assert!(
        width(&b) <= max.max(1),
        "bounded is {} wide (max {max})",
        width(&b)
    );
    assert!(
        b.len() <= max_bytes.max(3),
        "bounded is {} bytes (max {max_bytes})",
        b.len()
    );
    let l = for_log(&text);
    assert!(safe(&l), "for_log left a dropped character in {l:?}");
    assert!(
        width(&l) <= 200 && l.len() <= 800,
        "for_log: {} cells, {} bytes",
        width(&l),
        l.len()
    );
}
