//! `StatsResponse::fit_to`: whatever a stats body holds, after fitting it
//! to the prompt only what the prompt can hold is left — numeric keys that
//! are ratings in its range, option lists no longer than its options, no
//! field of another style — the count of what was dropped is honest, and a
//! second fit drops nothing. First byte: the prompt (style and range); the
//! rest: the JSON body. The same properties, on fixed inputs:
//! tests/fuzz_regressions.rs.
//! Shared by the fuzz target and tests/fuzz_regressions.rs (one copy).

use journeytop_protocol::{Prompt, StatsResponse, Style};

fn prompt_for(b: u8) -> Option<Prompt> {
    match b % 6 {
        0 => None,
        1 => Some(Prompt::Numeric {
            text: "n".into(),
            min: i64::from(b / 6 % 20),
            max: i64::from(b / 6 % 20) + i64::from(b % 11),
            step: 1,
        }),
        2 => Some(Prompt::default_for(Style::Press)),
        3 => Some(Prompt::default_for(Style::Color)),
        4 => Some(Prompt::default_for(Style::Word)),
        _ => Some(Prompt::default_for(Style::Numeric)),
    }
}

fn entries(s: &StatsResponse) -> usize {
    s.numeric_active.as_ref().map_or(0, |m| m.len())
        + usize::from(s.press_active.is_some())
        + usize::from(s.press.is_some())
        + s.color_active.as_ref().map_or(0, Vec::len)
        + s.word_active.as_ref().map_or(0, Vec::len)
}

/// The property, on one input: panics when it does not hold.
pub(crate) fn holds(data: &[u8]) {
    let Some((&head, body)) = data.split_first() else {
        return;
    };
    fits(prompt_for(head).as_ref(), body);
}

/// The property for a given prompt and stats body.
pub(crate) fn fits(prompt: Option<&Prompt>, body: &[u8]) {
    let Ok(mut stats) = serde_json::from_slice::<StatsResponse>(body) else {
        return;
    };
    let prompt = prompt.cloned();
    let before = entries(&stats);
    let dropped = stats.fit_to(prompt.as_ref());
    let after = entries(&stats);
    // Every entry removed is counted (a removed empty list counts 1).
    assert!(
        dropped >= before - after,
        "dropped {dropped}, {before} -> {after}"
    );
    let style = prompt.as_ref().map(Prompt::style);
    let (lo, hi) = match &prompt {
        Some(Prompt::Numeric { min, max, .. }) => (*min, *max),
        _ => (0, 1000),
    };
    if let Some(m) = &stats.numeric_active {
        assert!(style.is_none() || style == Some(Style::Numeric));
        for k in m.keys() {
            let r: i64 = k.parse().expect("a kept key is a rating");
            assert!((lo..=hi).contains(&r), "rating {r} outside {lo}..={hi}");
        }
    }
    if stats.press_active.is_some() || stats.press.is_some() {
        assert!(style.is_none() || style == Some(Style::Press));
    }
    for (list, s) in [
        (&stats.color_active, Style::Color),
        (&stats.word_active, Style::Word),
    ] {
        if let Some(v) = list {
            let keep = match &prompt {
                Some(p) if p.style() == s => p.option_count(),
                Some(_) => panic!("a {s:?} list kept for a {:?} prompt", style),
                None => 64,
            };
            assert!(v.len() <= keep, "{} entries kept, at most {keep}", v.len());
        }
    }
    let fitted = stats.clone();
    assert_eq!(
        stats.fit_to(prompt.as_ref()),
        0,
        "a second fit dropped something"
    );
    assert_eq!(stats, fitted);
}
