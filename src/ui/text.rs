//! Untrusted text (names, prompt text, word options) made safe for the
//! terminal: control characters and escape sequences removed, and cut to a
//! display width by cells (unicode-width), never by bytes.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

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
/// sequence and bidi override; tabs and line breaks become one space.
pub fn sanitize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut state = State::Text;
    for c in s.chars() {
        state = match state {
            State::Text => match c {
                ESC => State::Escape,
                '\u{9b}' => State::Csi,
                '\u{9d}' | '\u{90}' | '\u{98}' | '\u{9e}' | '\u{9f}' => State::Str,
                '\t' | '\n' | '\r' => {
                    if !out.ends_with(' ') {
                        out.push(' ');
                    }
                    State::Text
                }
                c if is_control(c) || is_bidi(c) => State::Text,
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
    out.trim().to_string()
}

fn is_control(c: char) -> bool {
    c.is_control() || c == '\u{7f}'
}

/// Bidi embeddings, overrides and isolates: they can reorder what follows on
/// the line, so a name could make other text read backwards.
fn is_bidi(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}')
}

/// Display width in terminal cells.
pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
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
    cut(&sanitize(s), max)
}

/// Pads (or cuts) to exactly `w` cells, left aligned.
pub(crate) fn pad(s: &str, w: usize) -> String {
    let s = cut(s, w);
    let fill = w.saturating_sub(width(&s));
    format!("{s}{}", " ".repeat(fill))
}

/// Pads (or cuts) to exactly `w` cells, right aligned.
pub(crate) fn pad_left(s: &str, w: usize) -> String {
    let s = cut(s, w);
    let fill = w.saturating_sub(width(&s));
    format!("{}{s}", " ".repeat(fill))
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
}
