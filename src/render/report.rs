//! The map figures of the evaluation report: one image per scene of the project (its
//! caption the scene's title), or, for a project without scenes, one overview of the
//! plan's layers over the whole municipality. Each image carries the legend, scale bar,
//! north arrow and 示意 disclaimer as every map image does ([`super::map_image`]).
//!
//! Callable off the UI thread: everything taken and returned is plain data.

use super::map_image::{self, ImageSettings, MapData, MapImage, MapSources, ProjectData};
use super::{OffscreenRenderer, RenderError, RendererOptions};
use crate::i18n::Lang;
use crate::model::report::Figure;
use crate::plan::Plan;

/// The figures' size in pixels: large enough to read in print, small enough to keep the
/// `.docx` a few megabytes.
pub const FIGURE_SIZE: [u32; 2] = [1600, 1100];

/// The caption of the overview figure of a project without scenes.
pub const OVERVIEW_CAPTION: &str = "规划布局总览";

/// What the figures show: one image per scene, or the overview.
pub fn figure_images(
    plan: &Plan,
    catalogue: &crate::catalogue::Catalogue,
    project: &crate::model::Project,
) -> Vec<MapImage> {
    if project.scenes.is_empty() {
        let mut image = MapImage::whole_municipality(OVERVIEW_CAPTION);
        image.layers = project.layers.clone();
        return vec![image];
    }
    let links = crate::catalogue::Links::new(plan, catalogue);
    project
        .scenes
        .iter()
        .map(|scene| map_image::scene_image(plan, catalogue, &links, scene))
        .collect()
}

/// Draws the report's figures for `project` (its scenes, or the overview) from
/// `sources` with `renderer` at `size`, dated `date` (see the module doc). `sources`
/// should carry the project's imported layers and annotations
/// ([`MapSources::with_project`]), or the figures show the plan's layers alone.
pub fn scene_figures(
    renderer: &mut OffscreenRenderer,
    plan: &Plan,
    sources: &MapSources,
    project: &crate::model::Project,
    size: [u32; 2],
    date: &str,
) -> Result<Vec<Figure>, RenderError> {
    map_image::prepare(renderer);
    let settings = ImageSettings {
        size,
        lang: Lang::Zh,
        source: map_image::plan_source(&plan.front, Lang::Zh),
        date: date.to_string(),
    };
    figure_images(plan, sources.catalogue, project)
        .into_iter()
        .map(|image| {
            let pixels = map_image::render_map(renderer, sources, &image, &settings)?;
            let mut png = Vec::new();
            pixels
                .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
                .map_err(|e| RenderError::Input(format!("cannot encode the figure “{}”: {e}", image.title)))?;
            Ok(Figure {
                png,
                width_px: pixels.width(),
                height_px: pixels.height(),
                caption: image.title,
            })
        })
        .collect()
}

/// [`scene_figures`] with a renderer and map data of its own, from the built-in basemap
/// and catalogue, at [`FIGURE_SIZE`]: what a background job or the CLI calls.
pub fn project_figures(plan: &Plan, project: crate::model::Project, date: &str) -> Result<Vec<Figure>, RenderError> {
    let mut renderer = OffscreenRenderer::new(RendererOptions::default())?;
    let data = MapData::builtin()?;
    let project = ProjectData::new(project);
    let sources = data.sources().with_project(&project);
    scene_figures(&mut renderer, plan, &sources, &project.project, FIGURE_SIZE, date)
}
