#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test may fail loudly
//! Print layouts (`dalian-atlas render --out FILE.pdf`, issue 16): the PDF is read back
//! with poppler's tools (`pdfinfo`, `pdffonts`, `pdftotext`, `pdftoppm`; Debian's
//! poppler-utils): the page size of the paper asked for, the CJK font embedded as a
//! subset, the Chinese title block and the numeric scale as text, a map that is not
//! blank, and a page per scene with `--all`. These tests need a wgpu adapter (Mesa's
//! software rasteriser serves) and poppler-utils.

mod common;

use std::path::Path;
use std::process::Command;

use common::temp_dir;
use dalian_atlas::basemap::Basemap;
use dalian_atlas::catalogue::{Catalogue, FeatureShapes, Links};
use dalian_atlas::model::{Project, starter_scenes};
use dalian_atlas::plan::Plan;

fn atlas(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_dalian-atlas"))
        .args(args)
        .output()
        .expect("the binary runs");
    assert!(
        out.status.success(),
        "render failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The standard output of a poppler tool run on `pdf`.
fn poppler(tool: &str, args: &[&str], pdf: &Path) -> String {
    let out = Command::new(tool)
        .args(args)
        .arg(pdf)
        // pdftotext writes FILE.txt unless told to write to standard output.
        .args(if tool == "pdftotext" { &["-"][..] } else { &[] })
        .output()
        .unwrap_or_else(|e| panic!("{tool} (poppler-utils) must be installed: {e}"));
    assert!(out.status.success(), "{tool}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn info_field(info: &str, field: &str) -> String {
    info.lines()
        .find_map(|l| l.strip_prefix(field))
        .map(|v| v.trim().to_string())
        .unwrap_or_else(|| panic!("pdfinfo has no {field}: {info}"))
}

#[test]
fn an_a3_landscape_pdf_has_the_paper_size_a_subset_cjk_font_the_title_block_and_the_scale_as_text() {
    let dir = temp_dir("print-a3");
    let pdf = dir.join("布局.pdf");
    let pdf_arg = pdf.display().to_string();
    atlas(&[
        "render",
        "--out",
        &pdf_arg,
        "--paper",
        "a3",
        "--orientation",
        "landscape",
        "--scale",
        "250000",
        "--view",
        "121.75,39.15,9",
        "--title",
        "大连市数字经济空间布局图",
        "--unit",
        "测试制图单位",
        "--date",
        "2025-06-01",
    ]);
    let info = poppler("pdfinfo", &[], &pdf);
    assert!(
        info_field(&info, "Page size:").starts_with("1190.55 x 841.89 pts"),
        "{info}"
    );
    assert_eq!(info_field(&info, "Pages:"), "1");

    // name, type, encoding, emb, sub, uni: embedded, subset, with a ToUnicode map.
    let fonts = poppler("pdffonts", &[], &pdf);
    let font = fonts
        .lines()
        .find(|l| l.contains("NotoSansSC"))
        .unwrap_or_else(|| panic!("the CJK font is not in the PDF:\n{fonts}"));
    let columns: Vec<&str> = font.split_whitespace().collect();
    assert!(
        columns[0].len() > 7 && columns[0].as_bytes()[6] == b'+',
        "no subset tag: {font}"
    );
    assert!(font.contains(" yes yes yes "), "not embedded as a subset: {font}");

    let text = poppler("pdftotext", &["-layout"], &pdf);
    let plan = Plan::embedded().expect("the plan");
    for expected in [
        "大连市数字经济空间布局图",
        "图名",
        "规划名称",
        "制图单位",
        "测试制图单位",
        "制图日期",
        "2025-06-01",
        "审图号",
        "图例",
        "比例尺 1:250 000",
        "北",
    ] {
        assert!(
            text.contains(expected),
            "“{expected}” is not in the PDF's text:\n{text}"
        );
    }
    // The plan's title may wrap in the title block: its first characters are on a line.
    let plan_start: String = plan.front.title.chars().take(8).collect();
    assert!(text.contains(&plan_start), "“{plan_start}” is not in:\n{text}");
    assert!(text.contains("OpenStreetMap"), "no attribution:\n{text}");
    assert!(text.contains("示意"), "no disclaimer:\n{text}");

    // The map frame (the left 60 % of the page, below the title) is not blank.
    let prefix = dir.join("page");
    let prefix_arg = prefix.display().to_string();
    let out = Command::new("pdftoppm")
        .args(["-png", "-r", "60", "-singlefile", &pdf_arg, &prefix_arg])
        .output()
        .expect("pdftoppm runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let page = image::open(dir.join("page.png")).expect("a PNG").to_rgb8();
    let (w, h) = page.dimensions();
    assert!(
        (991..=993).contains(&w) && (700..=702).contains(&h),
        "A3 landscape at 60 dpi: {w}×{h}"
    );
    let mut colours: Vec<[u8; 3]> = (h / 8..h * 7 / 8)
        .flat_map(|y| (w / 20..w * 6 / 10).map(move |x| (x, y)))
        .map(|(x, y)| page.get_pixel(x, y).0)
        .collect();
    colours.sort_unstable();
    colours.dedup();
    assert!(colours.len() > 200, "only {} colours in the map frame", colours.len());
}

#[test]
fn a_fitted_page_prints_a_round_scale_and_all_scenes_make_one_page_each() {
    let dir = temp_dir("print-deck");
    let plan = Plan::embedded().expect("plan");
    let catalogue = Catalogue::builtin().expect("catalogue");
    let basemap = Basemap::builtin().expect("basemap");
    let links = Links::new(&plan, &catalogue);
    let shapes = FeatureShapes::new(&catalogue, &basemap);
    let project = Project {
        scenes: starter_scenes(&plan, &catalogue, &links, &shapes, &basemap)
            .into_iter()
            .take(3)
            .collect(),
        ..Project::default()
    };
    let file = dir.join("deck.json");
    dalian_atlas::io::project::save_project(&file, &project).expect("saved");
    let pdf = dir.join("handout.pdf");
    atlas(&[
        "render",
        "--project",
        &file.display().to_string(),
        "--all",
        "--out",
        &pdf.display().to_string(),
        "--paper",
        "a4",
        "--orientation",
        "portrait",
    ]);
    let info = poppler("pdfinfo", &[], &pdf);
    assert_eq!(info_field(&info, "Pages:"), "3", "{info}");
    assert!(
        info_field(&info, "Page size:").starts_with("595.28 x 841.89 pts"),
        "{info}"
    );
    let text = poppler("pdftotext", &[], &pdf);
    for scene in &project.scenes {
        assert!(text.contains(&scene.title), "“{}” is not in:\n{text}", scene.title);
    }
    // Every page prints its own fitted scale, a round one (e.g. 1:250 000).
    let scales: Vec<&str> = text
        .lines()
        .filter_map(|l| l.trim().strip_prefix("比例尺 1:"))
        .collect();
    assert_eq!(scales.len(), 3, "{text}");
    for scale in scales {
        let n: u32 = scale.replace(' ', "").parse().expect("a number");
        let digits = n.to_string();
        let significant = digits.trim_end_matches('0');
        assert!(significant.len() <= 3, "1:{n} is not a round scale");
    }
}
