//! The untrusted-text sanitizer: its output never holds ESC or any C0/C1
//! control (nor DEL), and `clean` never exceeds the width it was given.
#![no_main]

use journeytop::ui::text::{clean, cut, sanitize, width};
use libfuzzer_sys::fuzz_target;

fn safe(s: &str) -> bool {
    !s.chars().any(|c| c.is_control() || c == '\u{7f}')
}

fuzz_target!(|data: &[u8]| {
    let Some((&max, bytes)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(bytes);
    let s = sanitize(&text);
    assert!(safe(&s), "sanitize left a control in {s:?} (from {text:?})");
    assert_eq!(sanitize(&s), s, "sanitize is not idempotent on {text:?}");
    let max = usize::from(max);
    let c = clean(&text, max);
    assert!(safe(&c), "clean left a control in {c:?}");
    assert!(
        width(&c) <= max,
        "clean({text:?}, {max}) is {} wide",
        width(&c)
    );
    assert!(width(&cut(&s, max)) <= max);
});
