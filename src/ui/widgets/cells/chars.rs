//! Characters drawn without grapheme segmentation: each is a grapheme of
//! its own whatever its neighbours in this set, and ratatui gives it one
//! cell (or two, for the wide ones). The tests `simple_characters_*`
//! check every one against ratatui's own rendering.

/// Cells taken by `c` when it is one of the simple characters: 1 for
/// printable ASCII, Latin letters, box drawing, block elements, common
/// punctuation and the panels' symbols; 2 for CJK ideographs, kana and
/// Hangul syllables. `None`: anything else (combining marks, joiners,
/// emoji, controls), which goes through ratatui's own rendering.
pub(crate) fn simple_width(c: char) -> Option<u16> {
    match c {
        ' '..='~' => Some(1),
        // Latin-1 and Latin Extended-A/B, without the soft hyphen (U+00AD,
        // an invisible format character).
        '\u{a1}'..='\u{ac}' | '\u{ae}'..='\u{24f}' => Some(1),
        // Dashes, quotes, bullets and ellipses (General Punctuation), not
        // the line and paragraph separators after them.
        '\u{2010}'..='\u{2027}' => Some(1),
        '\u{2500}'..='\u{259f}' => Some(1),
        '−' | '●' | '◉' | '◌' | '■' | '♥' | '▶' | '↑' | '↓' => Some(1),
        // CJK Unified Ideographs, Hiragana, Katakana (with the prolonged
        // sound mark), Hangul syllables.
        '\u{4e00}'..='\u{9fff}'
        | '\u{3041}'..='\u{3096}'
        | '\u{30a1}'..='\u{30fa}'
        | '\u{30fc}'
        | '\u{ac00}'..='\u{d7a3}' => Some(2),
        _ => None,
    }
}

/// How `text` is drawn: every character simple or not, and how many cells
/// it takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Text {
    /// Printable ASCII: a cell a byte.
    Ascii(usize),
    /// Simple characters taking this many cells.
    Simple(usize),
    /// Anything else: ratatui draws it.
    Other,
}

/// How `text` is drawn (see [`Text`]).
pub(super) fn text_kind(text: &str) -> Text {
    if text.bytes().all(|b| (b' '..=b'~').contains(&b)) {
        return Text::Ascii(text.len());
    }
    text.chars()
        .map(simple_width)
        .try_fold(0usize, |w, c| Some(w + usize::from(c?)))
        .map_or(Text::Other, Text::Simple)
}

/// The cells `text` takes when every character in it is simple.
#[cfg(test)]
pub(super) fn simple_text_width(text: &str) -> Option<usize> {
    match text_kind(text) {
        Text::Ascii(w) | Text::Simple(w) => Some(w),
        Text::Other => None,
    }
}
