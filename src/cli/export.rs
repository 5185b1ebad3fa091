//! `export`: layers, or a project's annotations, as RFC 7946 GeoJSON.

use std::io::Write;
use std::path::Path;

use super::{Args, CliError, load_basemap, load_plan};
use crate::basemap;
use crate::catalogue::{self, Catalogue};

/// A layer `export` can write. Later layers (layout, parks, annotations …) join here.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportLayer {
    Land,
    Divisions,
    FunctionalAreas,
    Places,
    /// The plan's feature catalogue (`maps/plan/catalogue.json`), one layer each.
    Layout,
    Parks,
    Infrastructure,
    Projects,
}

impl ExportLayer {
    /// The layer names `--layers` accepts, and what each expands to.
    pub const NAMES: &[(&str, &[ExportLayer])] = &[
        (
            "basemap",
            &[
                ExportLayer::Land,
                ExportLayer::Divisions,
                ExportLayer::FunctionalAreas,
                ExportLayer::Places,
            ],
        ),
        ("land", &[ExportLayer::Land]),
        ("divisions", &[ExportLayer::Divisions]),
        ("functional-areas", &[ExportLayer::FunctionalAreas]),
        ("places", &[ExportLayer::Places]),
        (
            "plan",
            &[
                ExportLayer::Layout,
                ExportLayer::Parks,
                ExportLayer::Infrastructure,
                ExportLayer::Projects,
            ],
        ),
        ("layout", &[ExportLayer::Layout]),
        ("parks", &[ExportLayer::Parks]),
        ("infrastructure", &[ExportLayer::Infrastructure]),
        ("projects", &[ExportLayer::Projects]),
    ];

    /// The `layer` property value of this layer's features.
    pub fn property(self) -> &'static str {
        match self {
            ExportLayer::Land => "land",
            ExportLayer::Divisions => "divisions",
            ExportLayer::FunctionalAreas => "functional_areas",
            ExportLayer::Places => "places",
            ExportLayer::Layout => "layout",
            ExportLayer::Parks => "parks",
            ExportLayer::Infrastructure => "infrastructure",
            ExportLayer::Projects => "projects",
        }
    }

    /// The catalogue layer this is, if it is one.
    pub fn catalogue_layer(self) -> Option<catalogue::Layer> {
        match self {
            ExportLayer::Layout => Some(catalogue::Layer::Layout),
            ExportLayer::Parks => Some(catalogue::Layer::Parks),
            ExportLayer::Infrastructure => Some(catalogue::Layer::Infrastructure),
            ExportLayer::Projects => Some(catalogue::Layer::Projects),
            _ => None,
        }
    }
}

/// Parses a comma-separated `--layers` list (duplicates removed, order kept).
pub fn parse_layers(list: &str) -> Result<Vec<ExportLayer>, CliError> {
    let mut out: Vec<ExportLayer> = Vec::new();
    for name in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        let Some((_, layers)) = ExportLayer::NAMES.iter().find(|(n, _)| *n == name) else {
            let known: Vec<&str> = ExportLayer::NAMES.iter().map(|(n, _)| *n).collect();
            return Err(CliError::Usage(format!(
                "unknown layer “{name}” (known layers: {})",
                known.join(", ")
            )));
        };
        for l in *layers {
            if !out.contains(l) {
                out.push(*l);
            }
        }
    }
    if out.is_empty() {
        return Err(CliError::Usage("--layers needs at least one layer name".to_string()));
    }
    Ok(out)
}

pub(super) fn export(args: &Args, layers: &[ExportLayer], file: &Path, out: &mut dyn Write) -> Result<(), CliError> {
    let map = load_basemap(args)?;
    let mut features: Vec<_> = basemap::basemap_features(&map)
        .into_iter()
        .filter(|f| {
            let layer = f.properties.get("layer").and_then(|v| v.as_str()).unwrap_or("");
            layers.iter().any(|l| l.property() == layer)
        })
        .collect();
    let plan_layers: Vec<catalogue::Layer> = layers.iter().filter_map(|l| l.catalogue_layer()).collect();
    if !plan_layers.is_empty() {
        let plan = load_plan(args)?;
        let cat = Catalogue::builtin()?;
        features.extend(catalogue::export_features(&cat, &plan, &map, &plan_layers));
    }
    crate::symbology::export::with_simplestyle(&mut features, &Catalogue::builtin()?);
    let (attribution, license) = basemap::export_attribution();
    let names: Vec<&str> = layers.iter().map(|l| l.property()).collect();
    let text = basemap::feature_collection_text(
        &format!("dalian-atlas {}", names.join("+")),
        attribution,
        license,
        Some(&format!(
            "{}。{}{}",
            basemap::SCHEMATIC_NOTE_ZH,
            basemap::SCHEMATIC_NOTE_EN,
            if plan_layers.is_empty() {
                String::new()
            } else {
                format!(" {}", catalogue::CATALOGUE_NOTE_EN)
            }
        )),
        &features,
    );
    crate::io::write_atomic(file, text.as_bytes())?;
    writeln!(
        out,
        "wrote {} features ({}) to {}",
        features.len(),
        names.join(", "),
        file.display()
    )?;
    Ok(())
}

/// Writes a project's annotations as RFC 7946 GeoJSON with simplestyle properties and
/// the plan links (IDs and titles).
/// Writes a project's annotations as RFC 7946 GeoJSON with simplestyle properties and
/// the plan links (IDs and titles).
pub(super) fn export_annotations(
    args: &Args,
    project: &Path,
    file: &Path,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let plan = load_plan(args)?;
    let project = crate::cli::load_project(project)?;
    let name = file
        .file_stem()
        .map_or_else(|| "annotations".to_string(), |s| s.to_string_lossy().into_owned());
    let titles = |id: &str| plan.title_of(id);
    let text = crate::model::export::annotations_geojson(&name, &project.annotations, &titles);
    crate::io::export::save_geojson(file, &text).map_err(|e| CliError::Usage(e.to_string()))?;
    writeln!(
        out,
        "wrote {} annotations to {}",
        project.annotations.len(),
        file.display()
    )?;
    Ok(())
}
