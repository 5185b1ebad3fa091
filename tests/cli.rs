//! The command-line tools of the `dalian-atlas` binary, run as a user would.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test may fail loudly

use std::process::Command;

fn atlas(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_dalian-atlas"))
        .args(args)
        .output()
        .expect("the binary runs")
}

#[test]
fn plan_json_prints_the_whole_document_with_the_documented_fields() {
    let out = atlas(&["plan", "--json"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    let chapters = json["chapters"].as_array().expect("chapters");
    assert_eq!(chapters.len(), 9);
    let ch5 = &chapters[4];
    assert_eq!(ch5["id"], "ch5");
    assert_eq!(ch5["number"], 5);
    assert_eq!(ch5["title"], "建设全国一流的数字产业化发展高地");
    let s1 = &ch5["sections"][0];
    assert_eq!(s1["id"], "ch5.s1");
    assert_eq!(s1["paragraphs"][2]["id"], "ch5.s1.p3");
    assert!(s1["paragraphs"][2]["text"].as_str().is_some_and(|t| !t.is_empty()));
    assert!(ch5["paragraphs"].is_array());
    let boxes = json["boxes"].as_array().expect("boxes");
    assert_eq!(boxes.len(), 11);
    assert_eq!(boxes[2]["id"], "box3");
    assert_eq!(boxes[2]["chapter"], "ch5");
    assert_eq!(boxes[2]["paragraphs"][1]["id"], "box3.p2");
    assert_eq!(json["tables"][0]["id"], "table1");
    let targets = json["targets"].as_array().expect("targets");
    let cloud = targets.iter().find(|t| t["value"] == 8000.0).expect("8000 上云企业");
    for key in ["id", "label", "value", "unit", "year", "kind", "paragraph"] {
        assert!(!cloud[key].is_null(), "target field {key}");
    }
    assert_eq!(cloud["kind"], "target");
    assert_eq!(cloud["paragraph"], "box7.p2");
    assert!(json["findings"].as_array().is_some_and(|f| !f.is_empty()));
    assert_eq!(json["front"]["document_number"], "大政办发〔2021〕33号");
}

#[test]
fn check_passes_on_the_shipped_plan_and_reports_its_findings() {
    let out = atlas(&["check"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("9 chapters, 32 sections, 11 columns, 1 tables"),
        "{stdout}"
    );
    assert!(stdout.contains("53 page breaks repaired"), "{stdout}");
    assert!(stdout.contains("note finding.toc-title.ch8.s3"), "{stdout}");
    assert!(stdout.contains("note finding.layout-zones.ch2.s4"), "{stdout}");
    assert!(stdout.contains("check passed"), "{stdout}");
}

#[test]
fn check_fails_with_a_readable_message_on_a_missing_plan_file() {
    let out = atlas(&["check", "--plan", "/nonexistent/plan.md"]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("/nonexistent/plan.md"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn check_fails_when_the_plan_breaks_the_parse_invariants() {
    let dir = std::env::temp_dir().join(format!("atlas-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    // A plan whose last paragraph stops mid-sentence at the end of the file.
    let text = format!("{}\n\n未完的句子", dalian_atlas::plan::EMBEDDED_PLAN.trim_end());
    let path = dir.join("cut.md");
    std::fs::write(&path, text).expect("write");
    let out = atlas(&["check", "--plan", path.to_str().expect("utf-8 path")]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!out.status.success(), "{stdout}");
    assert!(
        stdout.contains("FAIL") && stdout.contains("ends mid-sentence"),
        "{stdout}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn unknown_commands_and_options_print_usage_and_fail() {
    let out = atlas(&["frobnicate"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("Usage:"));
    let out = atlas(&["plan", "--lang", "fr"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("zh or en"));
}

#[test]
fn bench_times_plan_parsing() {
    let out = atlas(&["bench", "--runs", "3"]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("plan parse"));
}

/// Each command with the options its `--help` must list.
const COMMANDS: &[(&str, &[&str])] = &[
    (
        "",
        &[
            "--plan",
            "--errata",
            "--lang",
            "--project",
            "--import",
            "--gcj02",
            "--show",
            "--view",
        ],
    ),
    ("plan", &["--json", "--plan", "--errata"]),
    ("check", &["--maps", "--plan", "--errata"]),
    ("bench", &["--runs", "--plan"]),
    ("export", &["--layers", "--annotations", "--out", "--maps"]),
    ("import-check", &["<FILE>", "--gcj02", "--layer", "--encoding", "--crs"]),
    (
        "convert",
        &["<IN>", "<OUT>", "--layer", "--encoding", "--crs", "--out-crs"],
    ),
    (
        "render",
        &[
            "--out",
            "--view",
            "--size",
            "--title",
            "--date",
            "--project",
            "--scene",
            "--all",
            "--lang",
        ],
    ),
];

#[test]
fn help_of_the_atlas_and_of_each_command_lists_its_options_and_succeeds() {
    for (command, options) in COMMANDS {
        let args: Vec<&str> = [*command, "--help"].into_iter().filter(|a| !a.is_empty()).collect();
        let out = atlas(&args);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(stdout.contains("Usage: dalian-atlas"), "{args:?}: {stdout}");
        for option in *options {
            assert!(stdout.contains(option), "{args:?} lists {option}: {stdout}");
        }
    }
}

#[test]
fn help_of_the_atlas_lists_every_command() {
    let stdout = String::from_utf8_lossy(&atlas(&["--help"]).stdout).into_owned();
    for (command, _) in COMMANDS.iter().filter(|(c, _)| !c.is_empty()) {
        assert!(stdout.contains(command), "{command}: {stdout}");
    }
}

#[test]
fn an_unknown_option_of_a_command_is_refused_with_a_message_on_stderr() {
    for command in ["plan", "check", "render", "export", "import-check", "convert"] {
        let out = atlas(&[command, "--frob"]);
        assert!(!out.status.success(), "{command}");
        assert!(out.stdout.is_empty(), "{command}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("unexpected argument '--frob'") && stderr.contains(&format!("dalian-atlas {command}")),
            "{command}: {stderr}"
        );
    }
}

#[test]
fn an_option_of_another_command_is_refused() {
    let out = atlas(&["plan", "--runs", "3"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("'--runs'"));
}
