//! Themes (dark, light, high contrast), the color mode (none, xterm-256,
//! truecolor) and human names for a prompt's colors, so that color never
//! carries meaning alone.

use ratatui::style::{Color, Modifier, Style};

/// How many colors the terminal gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorMode {
    /// `NO_COLOR` or `--no-color`: no colors at all, only bold / reverse.
    None,
    /// The xterm 256-color palette (nearest match).
    Ansi256,
    /// 24-bit color.
    TrueColor,
}

impl ColorMode {
    /// Reads the environment once at startup: `NO_COLOR` (any non-empty
    /// value) or the flag turn colors off; `COLORTERM` truecolor/24bit turns
    /// 24-bit color on.
    pub(crate) fn detect(no_color_flag: bool) -> ColorMode {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let colorterm = std::env::var("COLORTERM").unwrap_or_default();
        ColorMode::from_parts(no_color_flag || no_color, &colorterm)
    }

    pub(crate) fn from_parts(no_color: bool, colorterm: &str) -> ColorMode {
        if no_color {
            ColorMode::None
        } else if matches!(
            colorterm.to_ascii_lowercase().as_str(),
            "truecolor" | "24bit"
        ) {
            ColorMode::TrueColor
        } else {
            ColorMode::Ansi256
        }
    }

    /// The terminal color for an RGB value in this mode.
    pub(crate) fn paint(self, (r, g, b): (u8, u8, u8)) -> Color {
        match self {
            ColorMode::None => Color::Reset,
            ColorMode::TrueColor => Color::Rgb(r, g, b),
            ColorMode::Ansi256 => Color::Indexed(nearest_xterm256(r, g, b)),
        }
    }
}

/// The color themes; `--theme` takes them by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ThemeName {
    Dark,
    Light,
    HighContrast,
}

impl ThemeName {
    pub(crate) fn next(self) -> ThemeName {
        match self {
            ThemeName::Dark => ThemeName::Light,
            ThemeName::Light => ThemeName::HighContrast,
            ThemeName::HighContrast => ThemeName::Dark,
        }
    }

    pub(crate) fn label(self) -> &'static str {
        match self {
            ThemeName::Dark => "dark",
            ThemeName::Light => "light",
            ThemeName::HighContrast => "high contrast",
        }
    }
}

type Rgb = (u8, u8, u8);

struct Palette {
    bg: Rgb,
    fg: Rgb,
    dim: Rgb,
    border: Rgb,
    focus: Rgb,
    accent: Rgb,
    good: Rgb,
    warn: Rgb,
    bad: Rgb,
    like: Rgb,
    bar: Rgb,
}

const DARK: Palette = Palette {
    bg: (16, 18, 24),
    fg: (230, 232, 236),
    dim: (140, 146, 160),
    border: (80, 88, 104),
    focus: (255, 196, 64),
    accent: (110, 200, 255),
    good: (110, 220, 130),
    warn: (255, 196, 64),
    bad: (255, 110, 100),
    like: (255, 120, 170),
    bar: (110, 200, 255),
};

const LIGHT: Palette = Palette {
    bg: (250, 250, 247),
    fg: (20, 22, 28),
    dim: (90, 96, 110),
    border: (150, 156, 170),
    focus: (190, 90, 0),
    accent: (0, 90, 180),
    good: (0, 130, 50),
    warn: (170, 100, 0),
    bad: (190, 20, 20),
    like: (190, 20, 110),
    bar: (0, 90, 180),
};

const HIGH_CONTRAST: Palette = Palette {
    bg: (0, 0, 0),
    fg: (255, 255, 255),
    dim: (255, 255, 255),
    border: (255, 255, 255),
    focus: (255, 255, 0),
    accent: (0, 255, 255),
    good: (0, 255, 0),
    warn: (255, 255, 0),
    bad: (255, 80, 80),
    like: (255, 0, 255),
    bar: (255, 255, 0),
};

/// Ready-made styles for one theme in one color mode.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Theme {
    pub(crate) mode: ColorMode,
    pub(crate) base: Style,
    pub(crate) text: Style,
    pub(crate) dim: Style,
    pub(crate) border: Style,
    pub(crate) focus: Style,
    pub(crate) title: Style,
    pub(crate) accent: Style,
    pub(crate) good: Style,
    pub(crate) warn: Style,
    pub(crate) bad: Style,
    pub(crate) like: Style,
    pub(crate) bar: Style,
    pub(crate) big: Style,
    /// A badge (FROZEN, LIVE…): reversed so it shows even without color.
    pub(crate) badge: Style,
}

impl Theme {
    pub(crate) fn new(name: ThemeName, mode: ColorMode) -> Theme {
        let p = match name {
            ThemeName::Dark => &DARK,
            ThemeName::Light => &LIGHT,
            ThemeName::HighContrast => &HIGH_CONTRAST,
        };
        let fg = |c: Rgb| match mode {
            ColorMode::None => Style::new(),
            m => Style::new().fg(m.paint(c)),
        };
        let base = match mode {
            ColorMode::None => Style::new(),
            m => Style::new().fg(m.paint(p.fg)).bg(m.paint(p.bg)),
        };
        Theme {
            mode,
            base,
            text: fg(p.fg),
            dim: fg(p.dim),
            border: fg(p.border),
            focus: fg(p.focus).add_modifier(Modifier::BOLD),
            title: fg(p.fg).add_modifier(Modifier::BOLD),
            accent: fg(p.accent).add_modifier(Modifier::BOLD),
            good: fg(p.good),
            warn: fg(p.warn).add_modifier(Modifier::BOLD),
            bad: fg(p.bad).add_modifier(Modifier::BOLD),
            like: fg(p.like),
            bar: fg(p.bar),
            big: fg(p.accent).add_modifier(Modifier::BOLD),
            badge: fg(p.warn).add_modifier(Modifier::BOLD | Modifier::REVERSED),
        }
    }

    /// A bar in a prompt's color (the swatch beside it carries the frame);
    /// without colors, a plain bar (the name and hex code still say it).
    pub(crate) fn swatch_bar(&self, rgb: (u8, u8, u8)) -> Style {
        match self.mode {
            ColorMode::None => self.bar,
            m => Style::new().fg(m.paint(rgb)),
        }
    }

    /// A swatch of any #RRGGBB: the color on a contrasting backdrop (light
    /// behind dark colors, dark behind light ones), so that even #0000FE
    /// on the dark theme or #FFFFFE on the light one stays visible. Draw
    /// it with half blocks (`▐█▌`) so the backdrop frames it.
    pub(crate) fn swatch(&self, rgb: (u8, u8, u8)) -> Style {
        match self.mode {
            ColorMode::None => Style::new(),
            m => Style::new().fg(m.paint(rgb)).bg(m.paint(backdrop(rgb))),
        }
    }
}

/// Relative luminance (sRGB, roughly), 0..=1.
fn luminance((r, g, b): (u8, u8, u8)) -> f64 {
    (0.2126 * f64::from(r) + 0.7152 * f64::from(g) + 0.0722 * f64::from(b)) / 255.0
}

/// The backdrop a swatch gets: light behind dark colors, dark behind light.
pub(crate) fn backdrop(rgb: (u8, u8, u8)) -> (u8, u8, u8) {
    if luminance(rgb) < 0.45 {
        (235, 235, 235)
    } else {
        (24, 24, 24)
    }
}

/// Nearest entry of the xterm 256-color palette (the 6×6×6 cube and the
/// gray ramp; the 16 system colors are left out because terminals redefine
/// them).
pub(crate) fn nearest_xterm256(r: u8, g: u8, b: u8) -> u8 {
    const LEVELS: [u8; 6] = [0, 95, 135, 175, 215, 255];
    let nearest_level = |v: u8| -> usize {
        (0..6)
            .min_by_key(|&i| (i32::from(LEVELS[i]) - i32::from(v)).abs())
            .unwrap_or(0)
    };
    let (ri, gi, bi) = (nearest_level(r), nearest_level(g), nearest_level(b));
    let cube = (LEVELS[ri], LEVELS[gi], LEVELS[bi]);
    let cube_index = 16 + 36 * ri + 6 * gi + bi;
    let avg = (u32::from(r) + u32::from(g) + u32::from(b)) / 3;
    let gray_i = (avg.saturating_sub(8) / 10).min(23) as usize;
    let gray_v = (8 + 10 * gray_i) as u8;
    let gray = (gray_v, gray_v, gray_v);
    if dist((r, g, b), gray) < dist((r, g, b), cube) {
        (232 + gray_i) as u8
    } else {
        cube_index as u8
    }
}

fn dist(a: Rgb, b: Rgb) -> u32 {
    let d = |x: u8, y: u8| {
        let v = i32::from(x) - i32::from(y);
        (v * v) as u32
    };
    // Weighted for the eye: green counts most, blue least.
    2 * d(a.0, b.0) + 4 * d(a.1, b.1) + 3 * d(a.2, b.2)
}

const NAMES: &[(&str, Rgb)] = &[
    ("black", (0, 0, 0)),
    ("charcoal", (54, 69, 79)),
    ("gray", (128, 128, 128)),
    ("silver", (192, 192, 192)),
    ("white", (255, 255, 255)),
    ("red", (220, 20, 20)),
    ("dark red", (139, 0, 0)),
    ("crimson", (220, 20, 60)),
    ("maroon", (128, 0, 0)),
    ("orange", (255, 140, 0)),
    ("amber", (255, 191, 0)),
    ("brown", (139, 69, 19)),
    ("tan", (210, 180, 140)),
    ("beige", (245, 245, 220)),
    ("yellow", (255, 255, 0)),
    ("gold", (255, 215, 0)),
    ("olive", (128, 128, 0)),
    ("lime", (50, 205, 50)),
    ("green", (0, 180, 0)),
    ("dark green", (0, 100, 0)),
    ("mint", (152, 255, 152)),
    ("teal", (0, 128, 128)),
    ("turquoise", (0, 200, 200)),
    ("cyan", (0, 255, 255)),
    ("sky blue", (135, 206, 235)),
    ("blue", (0, 0, 255)),
    ("navy", (0, 0, 128)),
    ("indigo", (75, 0, 130)),
    ("purple", (118, 44, 167)),
    ("violet", (200, 120, 240)),
    ("magenta", (255, 0, 255)),
    ("pink", (255, 152, 191)),
    ("hot pink", (255, 105, 180)),
    ("lavender", (200, 180, 240)),
];

/// A human name for a color: the nearest entry of a small table.
pub(crate) fn color_name(rgb: (u8, u8, u8)) -> &'static str {
    NAMES
        .iter()
        .min_by_key(|(_, c)| dist(rgb, *c))
        .map(|(n, _)| *n)
        .unwrap_or("color")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_for_the_default_colors() {
        let names: Vec<&str> = [
            (0xCC, 0x00, 0x01),
            (0xFB, 0x94, 0x0B),
            (0xFF, 0xFF, 0x01),
            (0x01, 0xCC, 0x00),
            (0x03, 0xC0, 0xC6),
            (0x00, 0x00, 0xFE),
            (0x76, 0x2C, 0xA7),
            (0xFE, 0x98, 0xBF),
        ]
        .into_iter()
        .map(color_name)
        .collect();
        assert_eq!(
            names,
            [
                "red",
                "orange",
                "yellow",
                "green",
                "turquoise",
                "blue",
                "purple",
                "pink"
            ]
        );
    }

    #[test]
    fn xterm_nearest() {
        assert_eq!(nearest_xterm256(255, 0, 0), 196);
        assert_eq!(nearest_xterm256(0, 0, 0), 16);
        assert_eq!(nearest_xterm256(128, 128, 128), 244);
    }

    #[test]
    fn color_mode_from_env_parts() {
        assert_eq!(ColorMode::from_parts(true, "truecolor"), ColorMode::None);
        assert_eq!(ColorMode::from_parts(false, "24bit"), ColorMode::TrueColor);
        assert_eq!(ColorMode::from_parts(false, ""), ColorMode::Ansi256);
        assert_eq!(ColorMode::None.paint((1, 2, 3)), Color::Reset);
    }
}
