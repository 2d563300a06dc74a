//! Journey-file and prompt parsing: any text gives a value or an error,
//! never a panic; what parses writes back out and parses again.
#![no_main]

use journeytop_protocol::{JourneySpec, Prompt};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(prompt) = Prompt::from_json(text) {
        let _ = (prompt.style(), prompt.text(), prompt.option_count());
    }
    if let Ok(spec) = JourneySpec::from_json(text) {
        let _ = spec.prompt_duration();
        let back = spec.to_json().to_string();
        let again = JourneySpec::from_json(&back);
        assert!(again.is_ok(), "{back} does not parse again: {again:?}");
    }
});
