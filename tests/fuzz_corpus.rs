#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test may fail loudly
//! Replays every committed fuzz corpus file (`fuzz/corpus/TARGET/*`) through the function
//! its `cargo fuzz` target calls (`fuzz/targets.rs`), on stable Rust: an input that once
//! found a crash, or that the fuzzer kept for its coverage, is checked on every change.

#[path = "../fuzz/targets.rs"]
mod targets;

use std::path::Path;

#[test]
fn every_fuzz_target_has_a_committed_corpus_and_every_corpus_file_is_read_without_a_panic() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus");
    let mut total = 0;
    for (name, run) in targets::TARGETS {
        let dir = root.join(name);
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e} — every target needs a corpus", dir.display()))
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_file())
            .collect();
        files.sort();
        assert!(!files.is_empty(), "{} has no corpus files", dir.display());
        for file in &files {
            let data = std::fs::read(file).unwrap();
            let outcome = std::panic::catch_unwind(|| run(&data));
            assert!(outcome.is_ok(), "{name}: {} panicked", file.display());
        }
        total += files.len();
    }
    targets::remove_scratch();
    eprintln!("replayed {total} corpus files of {} targets", targets::TARGETS.len());
}

#[test]
fn every_fuzz_target_binary_is_listed_for_the_replay() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/fuzz_targets");
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        assert!(
            targets::TARGETS.iter().any(|(name, _)| *name == stem),
            "fuzz target {stem} is not in fuzz/targets.rs's TARGETS, so its corpus is not replayed"
        );
    }
}
