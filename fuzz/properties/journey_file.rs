//! Journey-file and prompt parsing: any text gives a value or an error,
//! never a panic; what parses writes back out and parses again; and every
//! prompt that parses — alone or inside a journey file — holds the
//! validator's limits (PROTOCOL.md §9). The same properties, on fixed
//! inputs: tests/fuzz_regressions.rs.
//! Shared by the fuzz target and tests/fuzz_regressions.rs (one copy).

use journeytop_protocol::{JourneySpec, MAX_DURATION, Prompt};

fn prompt_within_limits(p: &Prompt) {
    let text = p.text().chars().count();
    assert!((1..=75).contains(&text), "text of {text} characters: {p:?}");
    match p {
        Prompt::Numeric { min, max, step, .. } => {
            assert_eq!(*step, 1, "{p:?}");
            assert!(0 <= *min && min <= max && *max <= 1000, "{p:?}");
            assert!(max - min <= 10, "{p:?}");
            assert!((1..=11).contains(&p.option_count()), "{p:?}");
        }
        Prompt::Press { .. } => assert_eq!(p.option_count(), 0),
        Prompt::Color { colors, .. } => {
            assert!((2..=8).contains(&colors.len()), "{p:?}");
            for c in colors {
                let b = c.as_bytes();
                assert!(
                    b.len() == 7
                        && b[0] == b'#'
                        && b[1..]
                            .iter()
                            .all(|x| x.is_ascii_digit() || (b'A'..=b'F').contains(x)),
                    "color {c:?}"
                );
            }
        }
        Prompt::Word { options, .. } => {
            assert!((2..=8).contains(&options.len()), "{p:?}");
            for o in options {
                assert!((1..=45).contains(&o.chars().count()), "option {o:?}");
            }
        }
    }
}

/// The property, on one input: panics when it does not hold.
pub(crate) fn holds(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(prompt) = Prompt::from_json(text) {
        let _ = prompt.style();
        prompt_within_limits(&prompt);
    }
    if let Ok(spec) = JourneySpec::from_json(text) {
        let _ = spec.prompt_duration();
        assert!(
            spec.duration > 0.0 && spec.duration <= MAX_DURATION,
            "{}",
            spec.duration
        );
        if let Some(p) = &spec.prompt {
            prompt_within_limits(p);
        }
        let back = spec.to_json().to_string();
        let again = JourneySpec::from_json(&back);
        assert!(again.is_ok(), "{back} does not parse again: {again:?}");
    }
}
