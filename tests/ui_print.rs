#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test may fail loudly
//! Print layouts from the window (文件 → 打印布局/导出 PDF…, issue 16), driven through
//! egui_kittest: the menu item opens the dialog, A3 and portrait are chosen, 制图单位 and
//! the file typed in, 导出 prints on a worker thread with progress in the status bar, and
//! the PDF has the A3 portrait page with the title block's text (read back with
//! poppler-utils' `pdfinfo` and `pdftotext`).

mod common;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use common::{harness_with, plan, temp_dir};
use dalian_atlas::app::AtlasApp;
use dalian_atlas::render::print::{Orientation, Paper};
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

/// Replaces the text of the dialog's field labelled `label` with `text`.
fn type_into(harness: &mut Harness<'static, AtlasApp>, label: &str, text: &str) {
    let field = || egui::accesskit::Role::TextInput;
    harness.get_by_role_and_label(field(), label).click();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.get_by_role_and_label(field(), label).type_text(text);
    harness.run();
}

fn poppler(tool: &str, pdf: &Path, out: &[&str]) -> String {
    let output = Command::new(tool)
        .arg(pdf)
        .args(out)
        .output()
        .unwrap_or_else(|e| panic!("{tool} (poppler-utils) must be installed: {e}"));
    assert!(
        output.status.success(),
        "{tool}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn the_file_menu_opens_the_print_dialog_and_export_writes_an_a3_portrait_pdf() {
    let dir = temp_dir("ui-print");
    let mut app = AtlasApp::with_state(plan(), Default::default());
    app.set_map_view([121.62, 38.93], 10.0);
    let mut harness = harness_with(app);
    harness.get_by_label("文件").click();
    harness.run();
    harness.get_by_label("打印布局/导出 PDF…").click();
    harness.run();
    let dialog = harness.state().print_dialog().cloned().expect("the dialog is open");
    assert_eq!((dialog.paper, dialog.orientation), (Paper::A4, Orientation::Landscape));
    assert!(dialog.file.ends_with(".pdf"), "{}", dialog.file);

    harness
        .get_by_role_and_label(egui::accesskit::Role::ComboBox, "纸张")
        .click();
    harness.run();
    harness.get_by_label("A3").click();
    harness.run();
    harness.get_by_label("纵向").click();
    harness.run();
    type_into(&mut harness, "图名", "中心城区数字经济布局");
    type_into(&mut harness, "制图单位", "测试规划院");
    let out = dir.join("布局");
    type_into(&mut harness, "PDF 文件", &out.display().to_string());
    harness.get_by_label("导出").click();
    harness.run();
    assert!(harness.state().print_dialog().is_none(), "the dialog closes");
    assert!(harness.state().print_progress().is_some(), "the print runs");
    harness.get_by_label_contains("正在生成 PDF");

    let started = Instant::now();
    while harness.state().print_progress().is_some() {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the print took over a minute"
        );
        std::thread::sleep(Duration::from_millis(30));
        harness.step();
    }
    harness.run();
    let notice = harness.state().state().notice.clone().unwrap_or_default();
    let pdf = dir.join("布局.pdf");
    assert!(notice.contains("已导出 PDF"), "{notice}");
    let info = poppler("pdfinfo", &pdf, &[]);
    assert!(info.contains("Page size:       841.89 x 1190.55 pts"), "{info}");
    let text = poppler("pdftotext", &pdf, &["-"]);
    for expected in ["中心城区数字经济布局", "测试规划院", "审图号", "比例尺 1:"] {
        assert!(text.contains(expected), "“{expected}” is not in:\n{text}");
    }
}
