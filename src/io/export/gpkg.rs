//! GeoPackage export: a new GeoPackage 1.2 file (application id `GPKG`, user version
//! 10200, as GDAL 3.6 writes), one feature table per layer.
//!
//! - `gpkg_spatial_ref_sys` holds the three required rows (−1, 0, 4326) and 4490 when
//!   it is used, with GDAL's WKT definitions.
//! - Positions: the features are WGS-84; EPSG:4326 writes them as given, and EPSG:4490
//!   writes the same numbers — CGCS2000 and WGS-84 differ by centimetres, below map
//!   scale (see [`crate::crs::Crs::Cgcs2000`]).
//! - Tables: the layer name made an SQL-safe identifier (letters, digits — Chinese
//!   included — and `_`; not starting with a digit, `gpkg_`, `rtree_` or `sqlite_`),
//!   unique regardless of case; `fid INTEGER PRIMARY KEY AUTOINCREMENT` numbered 1, 2, …
//!   in feature order (a feature's own `id` is not kept: GeoJSON ids may be text);
//!   a `geom` column of the layer's geometry type (`GEOMETRY` when mixed or empty); one
//!   column per property key (in order of first appearance, renamed `key_2`… where it
//!   would clash with `fid`, `geom` or another key regardless of case), typed from its
//!   values: all integers → INTEGER, all booleans → BOOLEAN, all numbers → REAL, else
//!   TEXT (numbers and booleans in a TEXT column as their JSON text, arrays and objects
//!   as JSON text). TEXT is UTF-8, so Chinese names stay intact.
//! - A feature without geometry (or with an empty one) gets a NULL `geom`.
//! - `gpkg_contents` has the table's extent; each table has the `gpkg_rtree_index`
//!   spatial index, filled here, with GDAL's six triggers that keep it right when the
//!   file is edited in QGIS or GDAL (they call `ST_*` functions those programs provide).
//! - The file is built beside the target under a temporary name, synced and renamed over
//!   it: a reader sees the old file or the new one, never half of one.

use std::path::Path;

use crate::model::PropValue;
use geo::BoundingRect;
use rusqlite::{Connection, params};

use crate::io::wkb;
use crate::model::export::{ExportError, ExportLayer};

const WGS84_WKT: &str = r#"GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]"#;
const CGCS2000_WKT: &str = r#"GEOGCS["China Geodetic Coordinate System 2000",DATUM["China_2000",SPHEROID["CGCS2000",6378137,298.257222101,AUTHORITY["EPSG","1024"]],AUTHORITY["EPSG","1043"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4490"]]"#;

const CORE_TABLES: &str = "
CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER NOT NULL PRIMARY KEY, organization TEXT NOT NULL, organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE, description TEXT DEFAULT '', last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')), min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER, CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));
CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL, CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name), CONSTRAINT uk_gc_table_name UNIQUE (table_name), CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name), CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));
CREATE TABLE gpkg_extensions (table_name TEXT, column_name TEXT, extension_name TEXT NOT NULL, definition TEXT NOT NULL, scope TEXT NOT NULL, CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name));
INSERT INTO gpkg_spatial_ref_sys VALUES ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system');
INSERT INTO gpkg_spatial_ref_sys VALUES ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system');
";

/// GDAL's spatial index triggers; `{t}`, `{r}` are the quoted table and rtree names.
const RTREE_TRIGGERS: &str = r#"
CREATE TRIGGER {ins} AFTER INSERT ON {t} WHEN (new."geom" NOT NULL AND NOT ST_IsEmpty(NEW."geom")) BEGIN INSERT OR REPLACE INTO {r} VALUES (NEW."fid",ST_MinX(NEW."geom"), ST_MaxX(NEW."geom"),ST_MinY(NEW."geom"), ST_MaxY(NEW."geom")); END;
CREATE TRIGGER {up1} AFTER UPDATE OF "geom" ON {t} WHEN OLD."fid" = NEW."fid" AND (NEW."geom" NOTNULL AND NOT ST_IsEmpty(NEW."geom")) BEGIN INSERT OR REPLACE INTO {r} VALUES (NEW."fid",ST_MinX(NEW."geom"), ST_MaxX(NEW."geom"),ST_MinY(NEW."geom"), ST_MaxY(NEW."geom")); END;
CREATE TRIGGER {up2} AFTER UPDATE OF "geom" ON {t} WHEN OLD."fid" = NEW."fid" AND (NEW."geom" ISNULL OR ST_IsEmpty(NEW."geom")) BEGIN DELETE FROM {r} WHERE id = OLD."fid"; END;
CREATE TRIGGER {up3} AFTER UPDATE ON {t} WHEN OLD."fid" != NEW."fid" AND (NEW."geom" NOTNULL AND NOT ST_IsEmpty(NEW."geom")) BEGIN DELETE FROM {r} WHERE id = OLD."fid"; INSERT OR REPLACE INTO {r} VALUES (NEW."fid",ST_MinX(NEW."geom"), ST_MaxX(NEW."geom"),ST_MinY(NEW."geom"), ST_MaxY(NEW."geom")); END;
CREATE TRIGGER {up4} AFTER UPDATE ON {t} WHEN OLD."fid" != NEW."fid" AND (NEW."geom" ISNULL OR ST_IsEmpty(NEW."geom")) BEGIN DELETE FROM {r} WHERE id IN (OLD."fid", NEW."fid"); END;
CREATE TRIGGER {del} AFTER DELETE ON {t} WHEN old."geom" NOT NULL BEGIN DELETE FROM {r} WHERE id = OLD."fid"; END;
"#;

/// Writes `layers` to a new GeoPackage at `path` (replacing any file there, atomically),
/// one feature table per layer, positions in EPSG:`srs` (4326 or 4490), with a spatial index.
pub fn save_gpkg(path: &Path, layers: &[ExportLayer], srs: u32) -> Result<(), ExportError> {
    save_gpkg_on(&crate::io::atomic::RealDisk, path, layers, srs)
}

/// [`save_gpkg`] through `disk` (its flush and rename steps; SQLite writes the temporary
/// file itself): on a failure the previous file is untouched and no temporary file is left.
pub fn save_gpkg_on(
    disk: &dyn crate::io::atomic::Disk,
    path: &Path,
    layers: &[ExportLayer],
    srs: u32,
) -> Result<(), ExportError> {
    let file = path.display().to_string();
    let fail = |reason: String| ExportError::Write {
        file: file.clone(),
        reason,
    };
    let (srs_name, srs_wkt, srs_description) = match srs {
        4326 => (
            "WGS 84 geodetic",
            WGS84_WKT,
            "longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid",
        ),
        4490 => (
            "China Geodetic Coordinate System 2000",
            CGCS2000_WKT,
            "CGCS2000 longitude/latitude",
        ),
        other => {
            return Err(fail(format!(
                "EPSG:{other} is not offered for GeoPackage export (EPSG:4326 or 4490)"
            )));
        }
    };
    let result = crate::io::atomic::replace_atomic_on(disk, path, |tmp| -> Result<(), BuildError> {
        let mut conn = Connection::open(tmp)?;
        conn.execute_batch(
            "PRAGMA application_id = 1196444487; PRAGMA user_version = 10200; \
             PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;",
        )?;
        let tx = conn.transaction()?;
        tx.execute_batch(CORE_TABLES)?;
        let wgs84_description = "longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid";
        tx.execute(
            "INSERT INTO gpkg_spatial_ref_sys VALUES ('WGS 84 geodetic', 4326, 'EPSG', 4326, ?1, ?2)",
            params![WGS84_WKT, wgs84_description],
        )?;
        if srs != 4326 {
            tx.execute(
                "INSERT INTO gpkg_spatial_ref_sys VALUES (?1, ?2, 'EPSG', ?2, ?3, ?4)",
                params![srs_name, srs, srs_wkt, srs_description],
            )?;
        }
        let mut taken = Vec::new();
        for layer in layers {
            let table = unique(&table_name(&layer.name), &mut taken);
            write_layer(&tx, layer, &table, srs)?;
        }
        tx.commit()?;
        conn.close().map_err(|(_, e)| BuildError::Sqlite(e))
    });
    result.map_err(|e| {
        fail(match e {
            BuildError::Io(e) => crate::io::atomic::describe(&e),
            BuildError::Sqlite(e) => e.to_string(),
        })
    })
}

/// Why building the GeoPackage failed: SQLite, or the file system around it.
#[derive(Debug, thiserror::Error)]
enum BuildError {
    #[error("{0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// The SQL type of a property column.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Integer,
    Boolean,
    Real,
    Text,
}

impl Kind {
    fn sql(self) -> &'static str {
        match self {
            Kind::Integer => "INTEGER",
            Kind::Boolean => "BOOLEAN",
            Kind::Real => "REAL",
            Kind::Text => "TEXT",
        }
    }

    /// The kind that holds both `self` (the values so far; `None`: none yet) and `v`.
    fn with(self_: Option<Kind>, v: &PropValue) -> Option<Kind> {
        let kind = match v {
            PropValue::Null => return self_,
            PropValue::Bool(_) => Kind::Boolean,
            PropValue::Number(n) if n.as_i64().is_some() => Kind::Integer,
            PropValue::Number(_) => Kind::Real,
            _ => Kind::Text,
        };
        Some(match (self_, kind) {
            (None, k) => k,
            (Some(a), b) if a == b => a,
            (Some(Kind::Integer | Kind::Real), Kind::Integer | Kind::Real) => Kind::Real,
            _ => Kind::Text,
        })
    }
}

fn write_layer(tx: &rusqlite::Transaction, layer: &ExportLayer, table: &str, srs: u32) -> Result<(), rusqlite::Error> {
    // Columns: (property key, column name, kind).
    let mut columns: Vec<(String, String, Option<Kind>)> = Vec::new();
    let mut taken = vec!["fid".to_string(), "geom".to_string()];
    for feature in &layer.features {
        for (key, value) in &feature.properties {
            match columns.iter_mut().find(|(k, _, _)| k == key) {
                Some(column) => column.2 = Kind::with(column.2, value),
                None => {
                    let name = unique(key, &mut taken);
                    columns.push((key.to_owned(), name, Kind::with(None, value)));
                }
            }
        }
    }
    let geometry_type = {
        let mut types = layer
            .features
            .iter()
            .filter_map(|f| f.geometry.as_ref())
            .filter(|g| g.bounding_rect().is_some())
            .map(wkb::gpkg_type_name);
        match types.next() {
            Some(first) if types.all(|t| t == first) => first,
            _ => "GEOMETRY",
        }
    };
    let t = quote(table);
    let mut create =
        format!("CREATE TABLE {t} (\"fid\" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, \"geom\" {geometry_type}");
    for (_, name, kind) in &columns {
        create.push_str(&format!(", {} {}", quote(name), kind.unwrap_or(Kind::Text).sql()));
    }
    create.push(')');
    tx.execute_batch(&create)?;
    let rtree_name = format!("rtree_{table}_geom");
    let r = quote(&rtree_name);
    tx.execute_batch(&format!(
        "CREATE VIRTUAL TABLE {r} USING rtree(id, minx, maxx, miny, maxy)"
    ))?;

    let mut insert_sql = format!("INSERT INTO {t} (\"fid\", \"geom\"");
    for (_, name, _) in &columns {
        insert_sql.push_str(&format!(", {}", quote(name)));
    }
    insert_sql.push_str(") VALUES (?1, ?2");
    for i in 0..columns.len() {
        insert_sql.push_str(&format!(", ?{}", i + 3));
    }
    insert_sql.push(')');
    let mut insert = tx.prepare(&insert_sql)?;
    let mut index_row = tx.prepare(&format!("INSERT INTO {r} VALUES (?1, ?2, ?3, ?4, ?5)"))?;
    let mut extent: Option<geo::Rect<f64>> = None;
    let mut values: Vec<rusqlite::types::Value> = Vec::with_capacity(columns.len() + 2);
    for (i, feature) in layer.features.iter().enumerate() {
        let fid = i as i64 + 1;
        let rect = feature.geometry.as_ref().and_then(|g| g.bounding_rect());
        values.clear();
        values.push(fid.into());
        values.push(match (&feature.geometry, rect) {
            (Some(g), Some(_)) => wkb::write_gpkg_blob(g, srs as i32).into(),
            _ => rusqlite::types::Value::Null,
        });
        for (key, _, kind) in &columns {
            values.push(sql_value(feature.properties.get(key), kind.unwrap_or(Kind::Text)));
        }
        insert.execute(rusqlite::params_from_iter(values.iter()))?;
        if let Some(rect) = rect {
            index_row.execute(params![fid, rect.min().x, rect.max().x, rect.min().y, rect.max().y])?;
            extent = Some(match extent {
                None => rect,
                Some(e) => geo::Rect::new(
                    geo::coord! { x: e.min().x.min(rect.min().x), y: e.min().y.min(rect.min().y) },
                    geo::coord! { x: e.max().x.max(rect.max().x), y: e.max().y.max(rect.max().y) },
                ),
            });
        }
    }
    let (min_x, min_y, max_x, max_y) = match extent {
        Some(e) => (Some(e.min().x), Some(e.min().y), Some(e.max().x), Some(e.max().y)),
        None => (None, None, None, None),
    };
    tx.execute(
        "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, min_x, min_y, max_x, max_y, srs_id) \
         VALUES (?1, 'features', ?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![table, layer.name, min_x, min_y, max_x, max_y, srs],
    )?;
    tx.execute(
        "INSERT INTO gpkg_geometry_columns VALUES (?1, 'geom', ?2, ?3, 0, 0)",
        params![table, geometry_type, srs],
    )?;
    tx.execute(
        "INSERT INTO gpkg_extensions VALUES (?1, 'geom', 'gpkg_rtree_index', \
         'http://www.geopackage.org/spec120/#extension_rtree', 'write-only')",
        params![table],
    )?;
    let trigger = |suffix: &str| quote(&format!("{rtree_name}_{suffix}"));
    let triggers = RTREE_TRIGGERS
        .replace("{ins}", &trigger("insert"))
        .replace("{up1}", &trigger("update1"))
        .replace("{up2}", &trigger("update2"))
        .replace("{up3}", &trigger("update3"))
        .replace("{up4}", &trigger("update4"))
        .replace("{del}", &trigger("delete"))
        .replace("{t}", &t)
        .replace("{r}", &r);
    tx.execute_batch(&triggers)
}

/// A property value for a column of `kind` (see the module docs).
fn sql_value(value: Option<&PropValue>, kind: Kind) -> rusqlite::types::Value {
    use rusqlite::types::Value as Sql;
    match (value, kind) {
        (None | Some(PropValue::Null), _) => Sql::Null,
        (Some(PropValue::Bool(b)), Kind::Boolean) => Sql::Integer(i64::from(*b)),
        (Some(PropValue::Number(n)), Kind::Integer) => n.as_i64().map_or(Sql::Null, Sql::Integer),
        (Some(PropValue::Number(n)), Kind::Real) => n.as_f64().map_or(Sql::Null, Sql::Real),
        (Some(PropValue::String(s)), _) => Sql::Text(s.to_string()),
        (Some(other), _) => Sql::Text(other.to_string()),
    }
}

/// A table name from a layer name (see the module docs).
fn table_name(layer: &str) -> String {
    let mut name: String = layer
        .trim()
        .chars()
        .map(|c| if c.is_alphanumeric() || c == '_' { c } else { '_' })
        .collect();
    let lower = name.to_lowercase();
    if name.is_empty() {
        return "layer".to_string();
    }
    if name.starts_with(|c: char| c.is_ascii_digit())
        || ["gpkg_", "rtree_", "sqlite_"].iter().any(|p| lower.starts_with(p))
    {
        name = format!("layer_{name}");
    }
    name
}

/// `name`, or `name_2`, `name_3`… — the first not in `taken` regardless of case (then taken).
fn unique(name: &str, taken: &mut Vec<String>) -> String {
    let free = |candidate: &str, taken: &[String]| !taken.iter().any(|t| t.eq_ignore_ascii_case(candidate));
    let name = if name.trim().is_empty() { "field" } else { name };
    let mut candidate = name.to_string();
    let mut n = 2;
    while !free(&candidate, taken) {
        candidate = format!("{name}_{n}");
        n += 1;
    }
    taken.push(candidate.clone());
    candidate
}

/// An SQL identifier in double quotes.
fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_names_are_safe_and_unique_regardless_of_case() {
        let mut taken = Vec::new();
        assert_eq!(unique(&table_name("道路 (规划)"), &mut taken), "道路__规划_");
        assert_eq!(unique(&table_name("Roads"), &mut taken), "Roads");
        assert_eq!(unique(&table_name("roads"), &mut taken), "roads_2");
        assert_eq!(table_name("2024"), "layer_2024");
        assert_eq!(table_name("gpkg_x"), "layer_gpkg_x");
        assert_eq!(unique("", &mut taken), "field");
        assert_eq!(unique(" ", &mut taken), "field_2");
        assert_eq!(table_name(""), "layer");
    }

    #[test]
    fn column_kinds_widen_from_integer_to_real_to_text() {
        let k = |values: &[PropValue]| values.iter().fold(None, Kind::with);
        assert_eq!(k(&[1.into(), PropValue::Null, 2.into()]), Some(Kind::Integer));
        assert_eq!(k(&[1.into(), 2.5.into()]), Some(Kind::Real));
        assert_eq!(k(&[1.into(), "a".into()]), Some(Kind::Text));
        assert_eq!(k(&[true.into(), false.into()]), Some(Kind::Boolean));
        assert_eq!(k(&[PropValue::Null]), None);
    }
}
