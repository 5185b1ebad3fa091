#![no_main]

#[path = "../targets.rs"]
mod targets;

// The reader catches a panic inside calamine (see io::xlsx_cells) and names the cell as
// damaged. libfuzzer-sys's panic hook would abort on that caught panic, so the default hook
// is put back: a panic that escapes the reader still aborts through libfuzzer-sys's
// catch_unwind around each input and is reported as a crash.
libfuzzer_sys::fuzz_target!(
    init: {
        let _ = std::panic::take_hook();
    },
    |data: &[u8]| targets::xlsx(data)
);
