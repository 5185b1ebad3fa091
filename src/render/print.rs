//! Print layouts (issue 16, item 5): the map as a PDF page on A4 or A3, portrait or
//! landscape, at a numeric scale (1:N, printed beside the scale bar) or fitted to the area
//! of interest, with a title, a legend, a north arrow, a scale bar, a title block (图名,
//! 规划名称, 制图单位, 制图日期 and an empty 审图号 for the planner), the attribution and the
//! 示意 disclaimer. One page per scene makes a handout.
//!
//! # What is vector and what is raster
//!
//! The map inside the frame is a raster of about [`MAP_DPI`] dpi drawn by the off-screen
//! renderer from the window's own map code ([`super::map_image::layout_map_framed`] with
//! [`MapFrame::bare`]: no title band, no furniture), so it shows exactly what the window
//! and the PNG images show. Everything else on the page — title, legend text and symbols,
//! north arrow, scale bar, title block, attribution, disclaimer — is vector graphics and
//! text in the atlas's CJK font, embedded as a subset, so it prints sharp and can be
//! selected and searched ([`pdf`]).
//!
//! # Scale
//!
//! The raster carries [`MAP_POINTS_PER_PT`] map points on each PDF point (the map's
//! 12-point labels print at 7.5 pt), and its zoom is worked out from the scale at the map
//! centre's latitude ([`scale`]). A fitted page frames the scene's area (or the view, or
//! the whole municipality) in the map frame, then steps out to the next round scale
//! (1:250 000, 1:300 000 …), so every page prints a plain numeric scale.
//!
//! Pages are prepared ([`prepare_page`]) and laid out on one thread and painted on
//! another (the window), or all on one ([`render_pdf`], the CLI); [`PrintDocument`]
//! collects the painted pages and writes the file atomically.

mod legend;
pub mod pdf;
pub mod scale;
pub mod sheet;

use std::path::Path;

use image::RgbaImage;

pub use scale::{Orientation, Paper};

use super::map_image::{self, ImageSettings, MapFrame, MapImage, MapSources};
use super::{ImageLayout, OffscreenRenderer, PaintJob, RenderError};
use crate::i18n::{Key, Lang, tr};
use crate::model::MapView;
use sheet::{SheetGeometry, SheetTexts};

/// Dots per inch of the map raster.
pub const MAP_DPI: f32 = 200.0;

/// Map points on each PDF point of the map frame (see the module doc).
pub const MAP_POINTS_PER_PT: f32 = 1.6;

/// The widest scale a page accepts, 1:50 000 000, and the narrowest, 1:500.
pub const SCALE_RANGE: std::ops::RangeInclusive<u32> = 500..=50_000_000;

/// Why a print layout could not be made.
#[derive(Debug, thiserror::Error)]
pub enum PrintError {
    #[error(transparent)]
    Render(#[from] RenderError),
    #[error("cannot embed the map font in the PDF: {0}")]
    Font(String),
    #[error("the PDF has no page to print")]
    NoPages,
    #[error("cannot write {path}: {reason}")]
    Write { path: String, reason: String },
}

/// What every page of a print shares.
#[derive(Clone, Debug, PartialEq)]
pub struct PrintSettings {
    pub paper: Paper,
    pub orientation: Orientation,
    /// The scale's denominator N of 1:N; `None`: fitted to each page's area.
    pub scale: Option<u32>,
    /// 制图单位: who made the map (may be empty).
    pub unit: String,
    /// 制图日期, e.g. `2025-06-01`.
    pub date: String,
    /// 规划名称: the plan's title (see [`map_image::plan_source`]).
    pub plan_title: String,
    pub lang: Lang,
}

impl PrintSettings {
    /// A4 landscape, fitted, no 制图单位, today's date, titled after `plan`.
    pub fn new(plan: &crate::plan::Plan, lang: Lang) -> PrintSettings {
        PrintSettings {
            paper: Paper::A4,
            orientation: Orientation::Landscape,
            scale: None,
            unit: String::new(),
            date: map_image::today_utc(),
            plan_title: map_image::plan_source(&plan.front, lang),
            lang,
        }
    }
}

/// One page ready to lay out and, once its raster is painted, to add to a
/// [`PrintDocument`].
#[derive(Clone, Debug, PartialEq)]
pub struct PreparedPage {
    /// The map raster: the page's image at its worked-out view, without extent.
    pub image: MapImage,
    /// The raster's size (and texts, unused: it has no title band).
    pub raster: ImageSettings,
    pub frame: MapFrame,
    pub geometry: SheetGeometry,
    pub texts: SheetTexts,
}

/// Works out `image`'s page: the map frame's raster size, the view at the chosen or
/// fitted scale, and the legend of what the frame shows.
pub fn prepare_page(
    sources: &MapSources,
    image: &MapImage,
    settings: &PrintSettings,
) -> Result<PreparedPage, PrintError> {
    let geometry = SheetGeometry::new(settings.paper, settings.orientation);
    let [_, _, frame_w, frame_h] = geometry.map;
    let px = |pt: f32| ((pt * MAP_DPI / 72.0).round() as u32).max(super::MIN_SIDE);
    let size = [px(frame_w), px(frame_h)];
    let ppp = size[0] as f32 / (frame_w * MAP_POINTS_PER_PT);
    let points = [size[0] as f32 / ppp, size[1] as f32 / ppp];
    let points_per_mm = scale::map_points_per_mm(f64::from(MAP_POINTS_PER_PT));
    let area = match (image.extent, image.view) {
        (Some(extent), _) => {
            crate::model::view::fit_view_filling(extent, f64::from(points[0]), f64::from(points[1]), 0.95)
        }
        (None, Some(view)) => view,
        (None, None) => crate::model::view::fit_view_filling(
            municipality_box(sources.basemap),
            f64::from(points[0]),
            f64::from(points[1]),
            0.95,
        ),
    };
    let denominator = match settings.scale {
        Some(n) => n,
        None => scale::round_scale(scale::scale_for_zoom(area.zoom, area.lat, points_per_mm)),
    };
    if !SCALE_RANGE.contains(&denominator) {
        return Err(RenderError::Input(format!(
            "the scale 1:{denominator} is outside 1:{}…1:{}",
            SCALE_RANGE.start(),
            SCALE_RANGE.end()
        ))
        .into());
    }
    let view = MapView {
        zoom: scale::zoom_for_scale(f64::from(denominator), area.lat, points_per_mm),
        ..area
    };
    let raster_image = MapImage {
        view: Some(view),
        extent: None,
        legend: crate::model::LegendPlacement::Off,
        ..image.clone()
    };
    let lang = settings.lang;
    let rows = legend::legend_rows(sources, &raster_image, lang, Some((view, points)))?;
    let overlay = crate::map::overlay_texts(lang, Vec::new(), false, false);
    let texts = SheetTexts {
        lang,
        title: image.title.clone(),
        plan_title: settings.plan_title.clone(),
        unit: settings.unit.trim().to_string(),
        date: settings.date.clone(),
        denominator,
        entries: overlay.legend,
        rows,
        north: overlay.north,
        attribution: overlay.attribution,
        disclaimer: tr(lang, Key::Disclaimer).to_string(),
    };
    Ok(PreparedPage {
        image: raster_image,
        raster: ImageSettings {
            size,
            lang,
            source: String::new(),
            date: settings.date.clone(),
        },
        frame: MapFrame::bare(ppp),
        geometry,
        texts,
    })
}

/// The box of the municipality's divisions (the data box if there are none).
fn municipality_box(basemap: &crate::basemap::Basemap) -> crate::model::LonLatBox {
    use geo::BoundingRect;
    basemap
        .divisions
        .iter()
        .filter_map(|d| d.geometry.bounding_rect())
        .map(|r| (r.min().x, r.min().y, r.max().x, r.max().y))
        .reduce(|a, b| (a.0.min(b.0), a.1.min(b.1), a.2.max(b.2), a.3.max(b.3)))
        .unwrap_or(crate::basemap::DATA_BOX_LON_LAT)
}

/// Lays out `page`'s map raster (see [`map_image::layout_map_framed`]). Call
/// [`map_image::prepare_layout`] once first.
pub fn layout_page(
    layout: &mut ImageLayout,
    sources: &MapSources,
    page: &PreparedPage,
) -> Result<PaintJob, RenderError> {
    map_image::layout_map_framed(layout, sources, &page.image, &page.raster, page.frame)
}

/// A PDF being assembled from painted pages.
pub struct PrintDocument {
    pdf: pdf::PdfDocument,
    title: String,
    pages: usize,
}

impl PrintDocument {
    /// An empty document whose properties carry `title`.
    pub fn new(title: &str) -> Result<PrintDocument, PrintError> {
        Ok(PrintDocument {
            pdf: pdf::PdfDocument::new()?,
            title: title.to_string(),
            pages: 0,
        })
    }

    /// Adds `page` with its painted map `raster`.
    pub fn add(&mut self, page: &PreparedPage, raster: &RgbaImage) {
        let map = self.pdf.add_image(raster);
        self.pdf.add_page(page.geometry.page, |canvas| {
            sheet::draw_sheet(canvas, &page.geometry, map, &page.texts);
        });
        self.pages += 1;
    }

    /// Pages added so far.
    pub fn pages(&self) -> usize {
        self.pages
    }

    /// The PDF's bytes.
    pub fn finish(self) -> Result<Vec<u8>, PrintError> {
        self.pdf.finish(&self.title)
    }

    /// Writes the PDF to `path`, atomically (an existing file is replaced whole or not
    /// at all).
    pub fn save(self, path: &Path) -> Result<(), PrintError> {
        let bytes = self.finish()?;
        crate::io::write_atomic(path, &bytes).map_err(|e| PrintError::Write {
            path: path.display().to_string(),
            reason: e.to_string(),
        })
    }
}

/// Prints `images` (one page each, in order) into the PDF `path`, calling `progress`
/// with `(page, pages, title)` after each page; returns the seconds taken. Call
/// [`map_image::prepare`] once first.
pub fn render_pdf(
    renderer: &mut OffscreenRenderer,
    sources: &MapSources,
    images: &[MapImage],
    settings: &PrintSettings,
    path: &Path,
    mut progress: impl FnMut(usize, usize, &str),
) -> Result<f64, PrintError> {
    let started = std::time::Instant::now();
    let title = images.first().map_or("", |i| i.title.as_str());
    let mut document = PrintDocument::new(title)?;
    for (k, image) in images.iter().enumerate() {
        let page = prepare_page(sources, image, settings)?;
        let job = layout_page(renderer.layout_mut(), sources, &page)?;
        let raster = renderer.paint(job)?;
        document.add(&page, &raster);
        progress(k + 1, images.len(), &image.title);
    }
    document.save(path)?;
    Ok(started.elapsed().as_secs_f64())
}

/// `file` with a `.pdf` extension (added when it has none or another).
pub fn with_pdf_extension(file: &Path) -> std::path::PathBuf {
    if file.extension().is_some_and(|e| e.eq_ignore_ascii_case("pdf")) {
        file.to_path_buf()
    } else {
        let mut name = file.as_os_str().to_owned();
        name.push(".pdf");
        std::path::PathBuf::from(name)
    }
}
