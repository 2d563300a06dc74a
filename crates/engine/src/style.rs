//! The prompt's style: given with the prompt, or inferred from the answers
//! seen when the prompt is unknown.

use journeytop_protocol::{EventData, Style};

/// What the engine knows of the prompt: given, inferred from events, or not
/// yet known at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StyleInfo {
    Known(Style),
    Inferred(Style),
    Unknown,
}

impl StyleInfo {
    pub fn style(self) -> Option<Style> {
        match self {
            StyleInfo::Known(s) | StyleInfo::Inferred(s) => Some(s),
            StyleInfo::Unknown => None,
        }
    }
}

/// In this order ties are broken: the earlier style wins.
const STYLES: [Style; 4] = [Style::Numeric, Style::Press, Style::Color, Style::Word];

/// Answer events seen per style. The caller counts each event once, and
/// only once it has passed validation and dedupe, so a repeated or rejected
/// event cannot tip the inference.
#[derive(Debug, Clone, Default)]
pub(crate) struct StyleVotes([u64; 4]);

impl StyleVotes {
    /// Counts `data` if it is an answer (joins, leaves and likes fit any prompt).
    pub(crate) fn count(&mut self, data: &EventData) {
        let style = match data {
            EventData::Numeric { .. } => Style::Numeric,
            EventData::PressStart | EventData::PressEnd => Style::Press,
            EventData::Color { .. } => Style::Color,
            EventData::Word { .. } => Style::Word,
            _ => return,
        };
        if let Some(i) = STYLES.iter().position(|s| *s == style) {
            self.0[i] += 1;
        }
    }

    /// The style with the most votes, if any answer was seen.
    pub(crate) fn leader(&self) -> Option<Style> {
        let best = (0..STYLES.len()).max_by_key(|&i| (self.0[i], std::cmp::Reverse(i)))?;
        (self.0[best] > 0).then_some(STYLES[best])
    }
}
