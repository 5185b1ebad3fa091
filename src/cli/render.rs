//! `render`: the map, or a project's scenes, as PNG files without a window.

use std::io::Write;
use std::path::Path;

use super::{Args, CliError, SceneChoice, load_basemap, load_plan};
use crate::catalogue::Catalogue;
use crate::plan::Plan;

/// The title band's texts and the legend's place given on the command line.
pub(super) struct ImageOptions<'a> {
    pub title: Option<&'a str>,
    pub date: Option<&'a str>,
    pub legend: crate::model::LegendPlacement,
}

/// `render`: one image of the map at `args.view` (the whole municipality by default), or
/// the chosen scenes of `--project` (one file for `--scene` unless `--out` is a folder;
/// `NN-title.png` files in the `--out` folder for `--all`). `status_style`: the plan's
/// features in the colours of `--project`'s statuses, with the status legend.
pub(super) fn render(
    args: &Args,
    file: &Path,
    size: [u32; 2],
    options: ImageOptions,
    scenes: Option<&SceneChoice>,
    status_style: bool,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    use crate::i18n::{Key, Lang, tr};
    use crate::render::map_image::{self, DeckItem, ImageSettings, MapData};
    use crate::render::{OffscreenRenderer, RendererOptions};

    let ImageOptions { title, date, legend } = options;

    if file.is_dir() && scenes.is_none() {
        return Err(CliError::Usage(format!(
            "--out {} is a folder; render writes one FILE.png",
            file.display()
        )));
    }
    let lang = args.lang.as_deref().and_then(Lang::from_code).unwrap_or_default();
    let mut renderer = OffscreenRenderer::new(RendererOptions::default())?;
    renderer.check_size(size)?;
    map_image::prepare(&renderer);
    let plan = load_plan(args)?;
    let settings = ImageSettings {
        size,
        lang,
        source: map_image::plan_source(&plan.front, lang),
        date: date.map_or_else(map_image::today_utc, str::to_string),
    };
    let data = MapData::new(load_basemap(args)?, Catalogue::builtin()?);
    let (project, styling) = project_for_images(args, &data, scenes.is_some() || status_style)?;
    let items: Vec<DeckItem> = match (scenes, &project) {
        (Some(choice), Some(project)) => {
            let mut items = scene_items(&plan, &data, &project.project.scenes, choice, file)?;
            for item in &mut items {
                item.image.status_styling |= status_style;
                item.image.legend = legend;
            }
            items
        }
        _ => {
            let mut image = view_image(args, title.unwrap_or(tr(lang, Key::AppName)), status_style);
            image.legend = legend;
            vec![DeckItem {
                image,
                out: file.to_path_buf(),
            }]
        }
    };
    writeln!(
        out,
        "rendering {} image(s) at {}×{} px on {}",
        items.len(),
        size[0],
        size[1],
        renderer.adapter()
    )?;
    // A progress line per image as it is written.
    let mut write_error = None;
    let mut sources = match &project {
        Some(project) => data.sources().with_project(project),
        None => data.sources(),
    };
    if let Some(styling) = &styling {
        sources = sources.with_status(styling);
    }
    let total = map_image::render_deck(&mut renderer, &sources, &settings, &items, |p| {
        if let Err(e) = writeln!(out, "{p}").and_then(|()| out.flush()) {
            write_error.get_or_insert(e);
        }
    })?;
    if let Some(e) = write_error {
        return Err(e.into());
    }
    writeln!(
        out,
        "{} image(s) in {total:.1} s ({:.2} s per image)",
        items.len(),
        total / items.len() as f64
    )?;
    Ok(())
}

/// A print layout's texts and options given on the command line.
pub(super) struct PrintOptions<'a> {
    pub title: Option<&'a str>,
    pub date: Option<&'a str>,
    pub flags: &'a super::PrintFlags,
}

/// `render --out FILE.pdf`: a print layout of the map at `args.view` (the whole
/// municipality by default), or of the chosen scenes of `--project`, one page each (see
/// [`crate::render::print`]).
pub(super) fn render_print(
    args: &Args,
    file: &Path,
    options: PrintOptions,
    scenes: Option<&SceneChoice>,
    status_style: bool,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    use crate::i18n::{Key, Lang, tr};
    use crate::render::map_image::{self, MapData, MapImage, scene_image};
    use crate::render::print::{self, PrintSettings};
    use crate::render::{OffscreenRenderer, RendererOptions};

    let PrintOptions { title, date, flags } = options;
    let lang = args.lang.as_deref().and_then(Lang::from_code).unwrap_or_default();
    let plan = load_plan(args)?;
    let mut settings = PrintSettings::new(&plan, lang);
    settings.paper = flags.paper.unwrap_or_default();
    settings.orientation = flags.orientation.unwrap_or_default();
    settings.scale = flags.scale;
    settings.unit = flags.unit.clone().unwrap_or_default();
    if let Some(date) = date {
        settings.date = date.to_string();
    }
    let data = MapData::new(load_basemap(args)?, Catalogue::builtin()?);
    let (project, styling) = project_for_images(args, &data, scenes.is_some() || status_style)?;
    let images: Vec<MapImage> = match (scenes, &project) {
        (Some(choice), Some(project)) => {
            let all = &project.project.scenes;
            if all.is_empty() {
                return Err(CliError::Usage("the project has no scenes".into()));
            }
            let chosen: Vec<usize> = match choice {
                SceneChoice::All => (0..all.len()).collect(),
                SceneChoice::Named(name) => vec![find_scene(all, name)?],
            };
            let links = crate::catalogue::Links::new(&plan, &data.catalogue);
            chosen
                .into_iter()
                .map(|k| {
                    let mut image = scene_image(&plan, &data.catalogue, &links, &all[k]);
                    image.status_styling |= status_style;
                    image
                })
                .collect()
        }
        _ => {
            vec![view_image(args, title.unwrap_or(tr(lang, Key::AppName)), status_style)]
        }
    };
    let mut renderer = OffscreenRenderer::new(RendererOptions::default())?;
    map_image::prepare(&renderer);
    writeln!(
        out,
        "printing {} page(s) on {} {} on {}",
        images.len(),
        settings.paper.name(),
        match settings.orientation {
            print::Orientation::Landscape => "landscape",
            print::Orientation::Portrait => "portrait",
        },
        renderer.adapter()
    )?;
    let mut sources = match &project {
        Some(project) => data.sources().with_project(project),
        None => data.sources(),
    };
    if let Some(styling) = &styling {
        sources = sources.with_status(styling);
    }
    let mut write_error = None;
    let seconds = print::render_pdf(&mut renderer, &sources, &images, &settings, file, |k, n, title| {
        if let Err(e) = writeln!(out, "[{k}/{n}] {title}").and_then(|()| out.flush()) {
            write_error.get_or_insert(e);
        }
    })?;
    if let Some(e) = write_error {
        return Err(e.into());
    }
    writeln!(out, "{} page(s) → {} in {seconds:.1} s", images.len(), file.display())?;
    Ok(())
}

/// The images of a project's scenes (see [`crate::render::map_image::scene_image`]).
fn scene_items(
    plan: &Plan,
    data: &crate::render::map_image::MapData,
    scenes: &[crate::model::Scene],
    choice: &SceneChoice,
    out: &Path,
) -> Result<Vec<crate::render::map_image::DeckItem>, CliError> {
    use crate::render::map_image::{DeckItem, scene_file_name, scene_image};
    if scenes.is_empty() {
        return Err(CliError::Usage("the project has no scenes".into()));
    }
    let chosen: Vec<usize> = match choice {
        SceneChoice::All => (0..scenes.len()).collect(),
        SceneChoice::Named(name) => vec![find_scene(scenes, name)?],
    };
    let links = crate::catalogue::Links::new(plan, &data.catalogue);
    let folder = matches!(choice, SceneChoice::All) || out.is_dir();
    if folder {
        crate::io::create_dir_all(out)?;
    }
    Ok(chosen
        .into_iter()
        .map(|k| {
            let scene = &scenes[k];
            let image = scene_image(plan, &data.catalogue, &links, scene);
            let path = if folder {
                out.join(scene_file_name(k, &scene.title))
            } else {
                out.to_path_buf()
            };
            DeckItem { image, out: path }
        })
        .collect())
}

/// The scene `name` names: its exact title, its number (from 1), or the only title that
/// contains it.
fn find_scene(scenes: &[crate::model::Scene], name: &str) -> Result<usize, CliError> {
    if let Some(k) = scenes.iter().position(|s| s.title == name) {
        return Ok(k);
    }
    if let Ok(n) = name.parse::<usize>()
        && (1..=scenes.len()).contains(&n)
    {
        return Ok(n - 1);
    }
    let matching: Vec<usize> = (0..scenes.len()).filter(|&k| scenes[k].title.contains(name)).collect();
    match matching[..] {
        [k] => Ok(k),
        _ => {
            let list: Vec<String> = scenes
                .iter()
                .enumerate()
                .map(|(k, s)| format!("  {:>2}  {}", k + 1, s.title))
                .collect();
            Err(CliError::Usage(format!(
                "no single scene is called “{name}”; the project's scenes are:\n{}",
                list.join("\n")
            )))
        }
    }
}

/// The project of `--project` when the images need it (its scenes, or its statuses for
/// `--style status`), drawn with its imported layers and annotations, and the colours of
/// its statuses (scenes saved in status styling draw in them too).
fn project_for_images(
    args: &Args,
    data: &crate::render::map_image::MapData,
    needed: bool,
) -> Result<
    (
        Option<crate::render::map_image::ProjectData>,
        Option<crate::symbology::status::StatusStyling>,
    ),
    CliError,
> {
    let project = match (needed, &args.project) {
        (true, Some(path)) => Some(crate::render::map_image::ProjectData::new(crate::cli::load_project(
            path,
        )?)),
        _ => None,
    };
    let styling = project
        .as_ref()
        .map(|p| crate::symbology::status::StatusStyling::new(&data.catalogue, &p.project.evaluation.statuses));
    Ok((project, styling))
}

/// The image of `--view` (the whole municipality without one), titled `title`.
fn view_image(args: &Args, title: &str, status_style: bool) -> crate::render::map_image::MapImage {
    let mut image = crate::render::map_image::MapImage::whole_municipality(title);
    image.view = args
        .view
        .map(|([lon, lat], zoom)| crate::model::MapView { lon, lat, zoom });
    image.status_styling = status_style;
    image
}
