//! The one sanitizer for untrusted text (names, prompt text, word options,
//! server messages, file contents, paths): every sink — the screen, stderr,
//! the log file, the summary — shows text only after [`sanitize`] (or
//! [`clean`] / [`bounded`]).
//!
//! It drops every control character (Unicode Cc, DEL), every escape
//! sequence (CSI, OSC, DCS, SOS, PM, APC, 7-bit and 8-bit), every bidi
//! control, and every format or default-ignorable character (Unicode Cf —
//! soft hyphen, zero-width space/joiners, word joiner, BOM, interlinear
//! annotations, tags — Hangul fillers, variation selectors, …): characters
//! that terminals draw with different widths, or not at all, and that would
//! otherwise shift a panel's border or hide text. Tabs and line breaks
//! (including U+0085, U+2028, U+2029) become one space. Text is cut to a
//! display width by cells (unicode-width), never by bytes.

use unicode_width::UnicodeWidthChar;

const ESC: char = '\u{1b}';
const BEL: char = '\u{7}';
/// C1 string terminator.
const ST: char = '\u{9c}';

#[derive(Clone, Copy, PartialEq)]
enum State {
    Text,
    /// Just after ESC.
    Escape,
    /// ESC followed by intermediate bytes, waiting for the final byte.
    EscIntermediate,
    /// CSI: parameters until a final byte 0x40..=0x7E.
    Csi,
    /// OSC / DCS / SOS / PM / APC: a string until BEL or ST.
    Str,
    /// ESC inside a string: `ESC \` ends it.
    StrEscape,
}

/// Removes every C0/C1 control character, DEL, ANSI/OSC/DCS escape
/// sequence, bidi control and format / default-ignorable character; tabs
/// and line breaks become one space.
pub fn sanitize(s: &str) -> String {
    if is_printable_ascii(s) {
        // Nothing in it to drop or replace (the loop below would keep every
        // character): only the trim is left.
        return s.trim().to_string();
    }
    sanitize_chars(s)
}

/// The sanitizer proper: a character at a time through the escape states.
fn sanitize_chars(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut state = State::Text;
    for c in s.chars() {
        state = match state {
            State::Text => match c {
                ESC => State::Escape,
                '\u{9b}' => State::Csi,
                '\u{9d}' | '\u{90}' | '\u{98}' | '\u{9e}' | '\u{9f}' => State::Str,
                '\t' | '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}' => {
                    if !out.ends_with(' ') {
                        out.push(' ');
                    }
                    State::Text
                }
                c if is_dropped(c) => State::Text,
                c => {
                    out.push(c);
                    State::Text
                }
            },
            State::Escape => match c {
                '[' => State::Csi,
                ']' | 'P' | 'X' | '^' | '_' => State::Str,
                '\u{20}'..='\u{2f}' => State::EscIntermediate,
                // Any other byte ends a two-byte sequence (ESC 7, ESC c, …).
                _ => State::Text,
            },
            State::EscIntermediate => match c {
                '\u{20}'..='\u{2f}' => State::EscIntermediate,
                _ => State::Text,
            },
            State::Csi => match c {
                '\u{40}'..='\u{7e}' => State::Text,
                ESC => State::Escape,
                _ => State::Csi,
            },
            State::Str => match c {
                BEL | ST => State::Text,
                ESC => State::StrEscape,
                _ => State::Str,
            },
            State::StrEscape => match c {
                '\\' => State::Text,
                ESC => State::StrEscape,
                _ => State::Str,
            },
        };
    }
    // Most names have nothing to trim: keep the string already made.
    if out.trim().len() == out.len() {
        out
    } else {
        out.trim().to_string()
    }
}

/// Whether the sanitizer drops `c`: a control, a bidi control, or a
/// format / default-ignorable character.
pub fn is_dropped(c: char) -> bool {
    // Every other class below starts above ASCII.
    if c.is_ascii() {
        return c.is_ascii_control();
    }
    is_control(c) || is_bidi(c) || is_format(c) || is_default_ignorable(c)
}

/// Unicode Cc (C0, DEL, C1).
fn is_control(c: char) -> bool {
    c.is_control()
}

/// Only `' '..='~'`: one cell per byte, nothing the sanitizer drops.
fn is_printable_ascii(s: &str) -> bool {
    s.bytes().all(|b| (b' '..=b'~').contains(&b))
}

/// Bidi embeddings, overrides, isolates and marks (LRM, RLM, ALM): they can
/// reorder what follows on the line, so a name could make other text read
/// backwards.
pub fn is_bidi(c: char) -> bool {
    matches!(
        c,
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{61c}'
    )
}

/// Unicode general category Cf (format), Unicode 16.
pub fn is_format(c: char) -> bool {
    matches!(
        c,
        '\u{ad}'
            | '\u{600}'..='\u{605}'
            | '\u{61c}'
            | '\u{6dd}'
            | '\u{70f}'
            | '\u{890}'..='\u{891}'
            | '\u{8e2}'
            | '\u{180e}'
            | '\u{200b}'..='\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{206f}'
            | '\u{feff}'
            | '\u{fff9}'..='\u{fffb}'
            | '\u{110bd}'
            | '\u{110cd}'
            | '\u{13430}'..='\u{1343f}'
            | '\u{1bca0}'..='\u{1bca3}'
            | '\u{1d173}'..='\u{1d17a}'
            | '\u{e0001}'
            | '\u{e0020}'..='\u{e007f}'
    )
}

/// Default-ignorable code points that are not Cf (DerivedCoreProperties):
/// the combining grapheme joiner, Hangul fillers, Khmer inherent vowels,
/// Mongolian free variation selectors, variation selectors, and the
/// reserved default-ignorable ranges.
pub fn is_default_ignorable(c: char) -> bool {
    matches!(
        c,
        '\u{34f}'
            | '\u{115f}'..='\u{1160}'
            | '\u{17b4}'..='\u{17b5}'
            | '\u{180b}'..='\u{180f}'
            | '\u{2065}'
            | '\u{3164}'
            | '\u{fe00}'..='\u{fe0f}'
            | '\u{ffa0}'
            | '\u{fff0}'..='\u{fff8}'
            | '\u{1d159}'
            | '\u{e0000}'..='\u{e0fff}'
    )
}

/// Display width in terminal cells: the sum of the characters' widths, the
/// same measure [`cut`] uses (a control character counts 0; sanitized text
/// has none).
pub fn width(s: &str) -> usize {
    if is_printable_ascii(s) {
        return s.len();
    }
    s.chars().map(|c| c.width().unwrap_or(0)).sum()
}

/// Sanitizes untrusted text of any size and keeps at most `max_cells`
/// cells and `max_bytes` bytes — for text that is stored (names) or logged,
/// so nothing later re-cleans megabytes. Only the first
/// `max_bytes * 4 + 1024` bytes of the input are read.
pub fn bounded(s: &str, max_cells: usize, max_bytes: usize) -> String {
    let head = prefix(s, max_bytes.saturating_mul(4).saturating_add(1024));
    let mut out = cut(&sanitize(head), max_cells);
    if out.len() > max_bytes {
        let mut end = max_bytes.saturating_sub('…'.len_utf8());
        while !out.is_char_boundary(end) {
            end -= 1;
        }
        out.truncate(end);
        out.push('…');
    }
    out
}

/// Untrusted text for a log field or an error message: sanitized, at most
/// 200 cells and 800 bytes.
pub fn for_log(s: &str) -> String {
    bounded(s, 200, 800)
}

/// A message for stderr: each line sanitized, line breaks kept (the last
/// line of defence; the sources sanitize what they quote, too).
pub fn for_stderr(s: &str) -> String {
    s.split('\n').map(sanitize).collect::<Vec<_>>().join("\n")
}

/// JSON text made safe for a terminal without changing its data: every
/// character the sanitizer would drop (C1 controls, bidi, format
/// characters — serde_json writes them raw) becomes a `\uXXXX` escape. Such
/// characters only occur inside JSON strings, where the escape means the
/// same character.
pub fn json_terminal_safe(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        if is_dropped(c) && !matches!(c, '\n' | '\r' | '\t') {
            let mut units = [0u16; 2];
            for u in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{u:04x}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// The longest prefix of `s` of at most `max` bytes, on a char boundary.
fn prefix(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// Cuts `s` to at most `max` cells, ending with `…` when something was cut.
/// Never splits a wide character, and prefers to end at a word boundary
/// when one is in the second half of what fits ("Tim chose…", not
/// "Tim chose tur…").
pub fn cut(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    let mut cut_mid_word = false;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > max - 1 {
            cut_mid_word = !c.is_whitespace();
            break;
        }
        used += w;
        out.push(c);
    }
    if cut_mid_word
        && let Some(space) = out.rfind(' ')
        && width(&out[..space]) * 2 >= max
    {
        out.truncate(space);
    }
    // No dangling separator before the ellipsis ("Gus…", not "Gus,…").
    let kept = out
        .trim_end_matches(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '·'))
        .len();
    out.truncate(kept);
    out.push('…');
    out
}

/// Sanitizes, then cuts.
pub fn clean(s: &str, max: usize) -> String {
    let s = sanitize(s);
    // What fits is kept as sanitized, without a second copy.
    if width(&s) <= max { s } else { cut(&s, max) }
}

/// Pads (or cuts) to exactly `w` cells, left aligned.
pub fn pad(s: &str, w: usize) -> String {
    let mut out = fitted(s, w);
    let fill = w.saturating_sub(width(&out));
    out.extend(std::iter::repeat_n(' ', fill));
    out
}

/// Pads (or cuts) to exactly `w` cells, right aligned.
pub fn pad_left(s: &str, w: usize) -> String {
    let s = fitted(s, w);
    let fill = w.saturating_sub(width(&s));
    let mut out = String::with_capacity(fill + s.len());
    out.extend(std::iter::repeat_n(' ', fill));
    out.push_str(&s);
    out
}

/// `s` cut to `w` cells, room left for padding (the screen pads figures
/// and labels on every frame: one string each, not three).
fn fitted(s: &str, w: usize) -> String {
    let mut out = if width(s) <= w {
        String::with_capacity(w.max(s.len()))
    } else {
        return cut(s, w);
    };
    out.push_str(s);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_csi_osc_and_controls() {
        assert_eq!(sanitize("Tim\u{1b}[31mRed\u{1b}[0m"), "TimRed");
        assert_eq!(
            sanitize("a\u{1b}]0;evil title\u{7}b\u{1b}]8;;http://x\u{1b}\\c"),
            "abc"
        );
        assert_eq!(sanitize("x\u{9b}2Jy"), "xy");
        assert_eq!(sanitize("bell\u{7}\u{8}\u{0}del\u{7f}"), "belldel");
        assert_eq!(sanitize("line\nbreak\ttab"), "line break tab");
        assert_eq!(sanitize("\u{1b}7save\u{1b}(Bcharset"), "savecharset");
        assert_eq!(sanitize("\u{202e}abc"), "abc");
        assert_eq!(sanitize("\u{1b}Pdcs string\u{1b}\\ok"), "ok");
        // A lone ESC at the end is dropped.
        assert_eq!(sanitize("end\u{1b}"), "end");
    }

    #[test]
    fn printable_ascii_shortcut_equals_the_full_sanitizer() {
        for s in [
            "",
            " ",
            "  Tim  ",
            "a b",
            "~!@#$%^&*()_+{}|:\"<>?`-=[]\\;',./",
            "oseh_ip_AbCdEfGhIjKlMnOpQrStUv",
        ] {
            assert!(is_printable_ascii(s));
            assert_eq!(sanitize(s), sanitize_chars(s), "{s:?}");
            assert_eq!(
                width(s),
                s.chars().map(|c| c.width().unwrap_or(0)).sum::<usize>()
            );
        }
        for b in 0u8..0x80 {
            let s = format!(" x{}y ", char::from(b));
            assert_eq!(sanitize(&s), sanitize_chars(&s), "{b:#x}");
            assert_eq!(
                width(&s),
                s.chars().map(|c| c.width().unwrap_or(0)).sum::<usize>()
            );
        }
    }

    #[test]
    fn keeps_unicode() {
        assert_eq!(sanitize("Zoë 日本 🙂"), "Zoë 日本 🙂");
    }

    #[test]
    fn cuts_by_cells_never_splitting_wide_chars() {
        assert_eq!(cut("hello", 10), "hello");
        assert_eq!(cut("hello world", 6), "hello…");
        assert_eq!(cut("日本語です", 6), "日本…");
        assert_eq!(cut("日本語です", 5), "日本…");
        assert_eq!(width(&cut("日本語です", 4)), 3);
        assert_eq!(cut("abc", 0), "");
        assert_eq!(cut("abc", 1), "…");
        // Word boundaries win when they keep at least half the room.
        assert_eq!(cut("Tim chose turquoise", 14), "Tim chose…");
        assert_eq!(cut("Alexandrina", 6), "Alexa…");
        assert_eq!(cut("a verylongword", 12), "a verylongw…");
        assert_eq!(pad("ab", 4), "ab  ");
        assert_eq!(pad_left("ab", 4), "  ab");
    }

    #[test]
    fn padding_is_the_cut_text_and_spaces_to_the_width() {
        for s in [
            "",
            "ab",
            "héllo",
            "日本語です",
            "Tim chose turquoise",
            "e\u{301}",
        ] {
            for w in 0..12 {
                let c = cut(s, w);
                let fill = " ".repeat(w.saturating_sub(width(&c)));
                assert_eq!(pad(s, w), format!("{c}{fill}"), "{s:?} {w}");
                assert_eq!(pad_left(s, w), format!("{fill}{c}"), "{s:?} {w}");
            }
        }
    }

    #[test]
    fn drops_format_and_default_ignorable_characters() {
        // A soft hyphen once erased the feed panel's right border.
        assert_eq!(sanitize("Ti\u{ad}m"), "Tim");
        for c in [
            '\u{200b}',
            '\u{200c}',
            '\u{200d}',
            '\u{200e}',
            '\u{200f}',
            '\u{2060}',
            '\u{2064}',
            '\u{feff}',
            '\u{fff9}',
            '\u{fffb}',
            '\u{e0001}',
            '\u{e0041}',
            '\u{e007f}',
            '\u{115f}',
            '\u{1160}',
            '\u{3164}',
            '\u{ffa0}',
            '\u{61c}',
            '\u{34f}',
            '\u{fe0f}',
        ] {
            assert_eq!(sanitize(&format!("a{c}b")), "ab", "U+{:04X}", c as u32);
        }
        assert_eq!(sanitize("a\u{2028}b\u{2029}c\u{85}d"), "a b c d");
    }

    #[test]
    fn json_stays_json_and_terminal_safe() {
        let v = serde_json::json!({"name": "a\u{9b}2J\u{202e}b\u{e0041}\u{ad}"});
        let safe = json_terminal_safe(&serde_json::to_string_pretty(&v).unwrap());
        assert!(safe.chars().all(|c| c == '\n' || !is_dropped(c)), "{safe}");
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back, v);
    }

    #[test]
    fn bounded_keeps_cells_and_bytes() {
        let huge = "é".repeat(1_000_000);
        let b = bounded(&huge, 64, 256);
        assert!(
            width(&b) <= 64 && b.len() <= 256,
            "{} {}",
            width(&b),
            b.len()
        );
        // Zero-width combining marks cannot slip past the byte cap.
        let zalgo = format!("a{}", "\u{301}".repeat(10_000));
        assert!(bounded(&zalgo, 64, 256).len() <= 256);
        assert_eq!(bounded("\u{1b}[31mTim", 64, 256), "Tim");
        assert!(for_log(&"x".repeat(5000)).len() <= 800);
    }

    /// Every code point of Unicode's Cc, Cf and bidi ranges is dropped,
    /// wherever it stands; every other code point is kept or dropped by the
    /// same predicate, exhaustively over all of Unicode.
    #[test]
    fn exhaustive_over_all_code_points() {
        for c in (0..=0x10_ffffu32).filter_map(char::from_u32) {
            let out = sanitize(&format!("a{c}b"));
            assert!(
                out.chars().all(|o| !is_dropped(o) && o.width().is_some()),
                "U+{:04X} gave {out:?}",
                c as u32
            );
            if c.is_control() || is_bidi(c) || is_format(c) || is_default_ignorable(c) {
                assert_eq!(sanitize(&format!("a{c}")), "a", "U+{:04X} kept", c as u32);
            }
        }
    }

    mod props {
        use super::super::*;
        use proptest::prelude::*;

        /// Characters from the dangerous ranges, mixed with ordinary text.
        fn hostile_char() -> impl Strategy<Value = char> {
            prop_oneof![
                any::<char>(),
                (0u32..0x20).prop_map(|c| char::from_u32(c).unwrap_or('?')),
                (0x7fu32..0xa0).prop_map(|c| char::from_u32(c).unwrap_or('?')),
                prop::sample::select(vec![
                    '\u{1b}',
                    '[',
                    ']',
                    '\\',
                    '\u{7}',
                    'P',
                    '\u{ad}',
                    '\u{61c}',
                    '\u{180e}',
                    '\u{200b}',
                    '\u{200d}',
                    '\u{200f}',
                    '\u{202e}',
                    '\u{2028}',
                    '\u{2060}',
                    '\u{2066}',
                    '\u{2069}',
                    '\u{feff}',
                    '\u{fffa}',
                    '\u{13430}',
                    '\u{1bca0}',
                    '\u{1d173}',
                    '\u{e0001}',
                    '\u{e0067}',
                    '\u{3164}',
                    '\u{fe0f}',
                    'a',
                    '日',
                    ' ',
                ]),
            ]
        }

        proptest! {
            #[test]
            fn output_has_no_control_format_or_bidi(chars in prop::collection::vec(hostile_char(), 0..200)) {
                let s: String = chars.into_iter().collect();
                let out = sanitize(&s);
                for c in out.chars() {
                    prop_assert!(!c.is_control() && !is_bidi(c) && !is_format(c) && !is_default_ignorable(c), "U+{:04X}", c as u32);
                    prop_assert!(c.width().is_some());
                }
                let sum: usize = out.chars().map(|c| c.width().unwrap_or(0)).sum();
                prop_assert_eq!(width(&out), sum);
                for max in [0usize, 1, 5, 20] {
                    prop_assert!(width(&cut(&out, max)) <= max);
                }
                let b = bounded(&s, 16, 64);
                prop_assert!(width(&b) <= 16 && b.len() <= 64);
                prop_assert!(b.chars().all(|c| !is_dropped(c)));
            }
        }
    }
}
