//! Prompts (PROTOCOL.md §6.1): what is asked, and the options of the answer.

use serde::{Deserialize, Serialize};

/// A prompt that passed [`Prompt::validated`]: every way a prompt is read
/// (a journey file, `--prompt-file`, a recording header) deserializes
/// through the same checks, so no unchecked prompt reaches the engine.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "style", rename_all = "lowercase", try_from = "Unchecked")]
pub enum Prompt {
    Numeric {
        text: String,
        min: i64,
        max: i64,
        step: i64,
    },
    Press {
        text: String,
    },
    Color {
        text: String,
        colors: Vec<String>,
    },
    Word {
        text: String,
        options: Vec<String>,
    },
}

/// A prompt as written, before the checks.
#[derive(Deserialize)]
#[serde(tag = "style", rename_all = "lowercase")]
enum Unchecked {
    Numeric {
        text: String,
        min: i64,
        max: i64,
        step: i64,
    },
    Press {
        text: String,
    },
    Color {
        text: String,
        colors: Vec<String>,
    },
    Word {
        text: String,
        options: Vec<String>,
    },
}

impl TryFrom<Unchecked> for Prompt {
    type Error = PromptError;

    fn try_from(u: Unchecked) -> Result<Prompt, PromptError> {
        let p = match u {
            Unchecked::Numeric {
                text,
                min,
                max,
                step,
            } => Prompt::Numeric {
                text,
                min,
                max,
                step,
            },
            Unchecked::Press { text } => Prompt::Press { text },
            Unchecked::Color { text, colors } => Prompt::Color { text, colors },
            Unchecked::Word { text, options } => Prompt::Word { text, options },
        };
        p.validated()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
#[serde(rename_all = "lowercase")]
pub enum Style {
    Numeric,
    Press,
    Color,
    Word,
}

impl Style {
    pub fn name(self) -> &'static str {
        match self {
            Style::Numeric => "numeric",
            Style::Press => "press",
            Style::Color => "color",
            Style::Word => "word",
        }
    }
}

impl std::fmt::Display for Style {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PromptError {
    #[error("prompt text must be 1 to {max} characters, got {got}")]
    Text { max: usize, got: usize },
    #[error("a numeric prompt needs step 1, got {0}")]
    Step(i64),
    #[error("a numeric prompt needs 0 <= min <= max <= {MAX_RATING}, got min {min} and max {max}")]
    Range { min: i64, max: i64 },
    #[error("a numeric prompt allows at most 11 options (max - min <= 10), got {min}..{max}")]
    TooManyRatings { min: i64, max: i64 },
    #[error("a color prompt needs 2 to 8 colors, got {0}")]
    ColorCount(usize),
    #[error("color {index} is \"{value}\"; colors are written #RRGGBB")]
    ColorFormat { index: usize, value: String },
    #[error("a word prompt needs 2 to 8 options, got {0}")]
    OptionCount(usize),
    #[error("word option {index} must be 1 to 45 characters, got {got}")]
    OptionLength { index: usize, got: usize },
    /// Not prompt JSON (serde's words, sanitized: they may echo the input).
    #[error("not a prompt: {0}")]
    Json(String),
}

/// The interactive era allows 75 characters of prompt text (the journeys era
/// 45); accept the larger so both eras' prompts load.
pub(crate) const MAX_TEXT: usize = 75;
pub(crate) const MAX_OPTION: usize = 45;
/// The largest rating a numeric prompt may offer. The server states none
/// besides `max − min ≤ 10`; this keeps every rating far from overflow.
pub const MAX_RATING: i64 = 1000;

impl Prompt {
    pub fn style(&self) -> Style {
        match self {
            Prompt::Numeric { .. } => Style::Numeric,
            Prompt::Press { .. } => Style::Press,
            Prompt::Color { .. } => Style::Color,
            Prompt::Word { .. } => Style::Word,
        }
    }

    pub fn text(&self) -> &str {
        match self {
            Prompt::Numeric { text, .. }
            | Prompt::Press { text }
            | Prompt::Color { text, .. }
            | Prompt::Word { text, .. } => text,
        }
    }

    /// Parses prompt JSON and validates it.
    pub fn from_json(text: &str) -> Result<Prompt, PromptError> {
        let u: Unchecked = serde_json::from_str(text).map_err(|e| PromptError::json(&e))?;
        Prompt::try_from(u)
    }

    /// Checks the server's rules and normalizes colors to upper case.
    pub(crate) fn validated(mut self) -> Result<Prompt, PromptError> {
        let len = self.text().chars().count();
        if len == 0 || len > MAX_TEXT {
            return Err(PromptError::Text {
                max: MAX_TEXT,
                got: len,
            });
        }
        match &mut self {
            Prompt::Numeric { min, max, step, .. } => {
                if *step != 1 {
                    return Err(PromptError::Step(*step));
                }
                if *min < 0 || *min > *max || *max > MAX_RATING {
                    return Err(PromptError::Range {
                        min: *min,
                        max: *max,
                    });
                }
                if *max - *min > 10 {
                    return Err(PromptError::TooManyRatings {
                        min: *min,
                        max: *max,
                    });
                }
            }
            Prompt::Press { .. } => {}
            Prompt::Color { colors, .. } => {
                if !(2..=8).contains(&colors.len()) {
                    return Err(PromptError::ColorCount(colors.len()));
                }
                for (index, c) in colors.iter_mut().enumerate() {
                    if parse_hex_color(c).is_none() {
                        return Err(PromptError::ColorFormat {
                            index,
                            value: crate::text::for_log(c),
                        });
                    }
                    *c = c.to_ascii_uppercase();
                }
            }
            Prompt::Word { options, .. } => {
                if !(2..=8).contains(&options.len()) {
                    return Err(PromptError::OptionCount(options.len()));
                }
                for (index, o) in options.iter().enumerate() {
                    let got = o.chars().count();
                    if got == 0 || got > MAX_OPTION {
                        return Err(PromptError::OptionLength { index, got });
                    }
                }
            }
        }
        Ok(self)
    }

    /// How many answer slots the prompt has (ratings, colors or words).
    pub fn option_count(&self) -> usize {
        match self {
            Prompt::Numeric { min, max, .. } => (max - min + 1).max(0) as usize,
            Prompt::Press { .. } => 0,
            Prompt::Color { colors, .. } => colors.len(),
            Prompt::Word { options, .. } => options.len(),
        }
    }

    /// The defaults the simulator and demo use (PROTOCOL.md §7).
    pub fn default_for(style: Style) -> Prompt {
        match style {
            Style::Numeric => Prompt::Numeric {
                text: "How are you feeling?".into(),
                min: 1,
                max: 10,
                step: 1,
            },
            Style::Press => Prompt::Press {
                text: "Press and hold".into(),
            },
            Style::Color => Prompt::Color {
                text: "What color are you feeling?".into(),
                colors: [
                    "#CC0001", "#FB940B", "#FFFF01", "#01CC00", "#03C0C6", "#0000FE", "#762CA7",
                    "#FE98BF",
                ]
                .map(String::from)
                .to_vec(),
            },
            Style::Word => Prompt::Word {
                text: "Today I want to....".into(),
                options: ["Relax", "Destress", "Connect"].map(String::from).to_vec(),
            },
        }
    }
}

impl PromptError {
    /// A serde error, in words safe for any sink.
    pub fn json(e: &serde_json::Error) -> PromptError {
        PromptError::Json(crate::text::for_log(&e.to_string()))
    }
}

/// `#RRGGBB` → (r, g, b).
pub fn parse_hex_color(s: &str) -> Option<(u8, u8, u8)> {
    let hex = s.strip_prefix('#')?;
    if hex.len() != 6 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
    Some((byte(0)?, byte(2)?, byte(4)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid() {
        for style in [Style::Numeric, Style::Press, Style::Color, Style::Word] {
            assert!(Prompt::default_for(style).validated().is_ok(), "{style}");
        }
    }

    #[test]
    fn specific_errors() {
        let one_color = r##"{"style":"color","text":"Pick","colors":["#000000"]}"##;
        assert_eq!(
            Prompt::from_json(one_color).unwrap_err().to_string(),
            "a color prompt needs 2 to 8 colors, got 1"
        );
        let bad_hex = r##"{"style":"color","text":"Pick","colors":["#000000","red"]}"##;
        assert!(matches!(
            Prompt::from_json(bad_hex),
            Err(PromptError::ColorFormat { index: 1, .. })
        ));
        let wide = r#"{"style":"numeric","text":"Rate","min":0,"max":11,"step":1}"#;
        assert!(matches!(
            Prompt::from_json(wide),
            Err(PromptError::TooManyRatings { .. })
        ));
        let step = r#"{"style":"numeric","text":"Rate","min":1,"max":5,"step":2}"#;
        assert_eq!(Prompt::from_json(step), Err(PromptError::Step(2)));
        let words = r#"{"style":"word","text":"Pick","options":["a"]}"#;
        assert_eq!(Prompt::from_json(words), Err(PromptError::OptionCount(1)));
        let long = format!(
            r#"{{"style":"word","text":"Pick","options":["a","{}"]}}"#,
            "x".repeat(46)
        );
        assert_eq!(
            Prompt::from_json(&long),
            Err(PromptError::OptionLength { index: 1, got: 46 })
        );
        assert!(matches!(
            Prompt::from_json(r#"{"style":"slider"}"#),
            Err(PromptError::Json(_))
        ));
    }

    #[test]
    fn colors_are_upper_cased() {
        let p = Prompt::from_json(
            r##"{"style":"color","text":"Pick","colors":["#cc0001","#ffffff"]}"##,
        )
        .unwrap();
        let Prompt::Color { colors, .. } = p else {
            panic!("not color")
        };
        assert_eq!(colors, ["#CC0001", "#FFFFFF"]);
    }

    /// Issue 11: every way a prompt is deserialized runs the same checks,
    /// so a recording header or a journey file cannot carry a prompt the
    /// engine would size a histogram from.
    #[test]
    fn deserializing_always_validates() {
        let hostile = [
            r#"{"style":"numeric","text":"Rate","min":0,"max":1000000000,"step":1}"#.to_string(),
            r#"{"style":"numeric","text":"Rate","min":-9223372036854775808,"max":9223372036854775807,"step":1}"#.to_string(),
            r#"{"style":"numeric","text":"Rate","min":2000,"max":2005,"step":1}"#.to_string(),
            format!(r##"{{"style":"color","text":"Pick","colors":[{}]}}"##, vec![r##""#000000""##; 10_000].join(",")),
            r##"{"style":"color","text":"Pick","colors":["#zzzzzz","#000000"]}"##.to_string(),
            format!(r#"{{"style":"word","text":"Pick","options":[{}]}}"#, vec![r#""w""#; 10_000].join(",")),
            r#"{"style":"press","text":""}"#.to_string(),
        ];
        for text in &hostile {
            assert!(
                Prompt::from_json(text).is_err(),
                "{}",
                &text[..60.min(text.len())]
            );
            assert!(
                serde_json::from_str::<Prompt>(text).is_err(),
                "{}",
                &text[..60.min(text.len())]
            );
        }
        let ok = r#"{"style":"numeric","text":"Rate","min":1,"max":10,"step":1}"#;
        assert!(serde_json::from_str::<Prompt>(ok).is_ok());
    }

    #[test]
    fn errors_never_echo_escapes() {
        let e = Prompt::from_json(r#"{"style":"\u001b[31mslider"}"#).unwrap_err();
        assert!(!e.to_string().contains('\u{1b}'), "{e}");
        let e = Prompt::from_json(
            r##"{"style":"color","text":"Pick","colors":["\u001b]0;x\u0007","#000000"]}"##,
        )
        .unwrap_err();
        assert!(!e.to_string().contains('\u{1b}'), "{e}");
    }
}
