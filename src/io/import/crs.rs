//! Coordinate reference checks: `crs` members naming WGS-84 and positions in range.

use serde_json::Value;

/// Why a position is out of range, with a hint at the likely cause.
pub(super) fn range_reason(lon: f64, lat: f64) -> String {
    let mut out = if (-180.0..=180.0).contains(&lon) {
        format!("latitude {lat} is outside −90…90")
    } else {
        format!("longitude {lon} is outside −180…180")
    };
    if lon.abs() <= 90.0 && lat.abs() <= 180.0 {
        out.push_str(" — are longitude and latitude swapped? GeoJSON puts longitude first");
    } else if lon.abs() > 1000.0 || lat.abs() > 1000.0 {
        out.push_str(
            " — the coordinates look projected (metres); the atlas needs WGS-84 longitude/latitude in degrees",
        );
    } else {
        out.push_str("; the atlas needs WGS-84 longitude/latitude in degrees");
    }
    out
}

/// `None` if `crs` names WGS-84 longitude/latitude, else a name for it.
pub(super) fn unsupported_crs(crs: &Value) -> Option<String> {
    const ACCEPTED_CODES: [u64; 2] = [4326, 4490];
    if crs.is_null() {
        return None;
    }
    let props = crs.get("properties");
    match crs.get("type").and_then(Value::as_str) {
        Some("name") => {
            let name = props.and_then(|p| p.get("name")).and_then(Value::as_str)?;
            let n = name.trim().to_ascii_uppercase();
            let code_ok = |rest: &str| {
                rest.rsplit([':', '/', '#'])
                    .next()
                    .and_then(|c| c.parse::<u64>().ok())
                    .is_some_and(|c| ACCEPTED_CODES.contains(&c))
            };
            let crs84 = n.ends_with("CRS84") && (n == "CRS84" || n.contains("OGC"));
            let epsg = (n.starts_with("EPSG:")
                || n.starts_with("URN:OGC:DEF:CRS:EPSG:")
                || n.starts_with("HTTP://WWW.OPENGIS.NET/DEF/CRS/EPSG/")
                || n.starts_with("HTTPS://WWW.OPENGIS.NET/DEF/CRS/EPSG/")
                || n.starts_with("HTTP://WWW.OPENGIS.NET/GML/SRS/EPSG.XML#"))
                && code_ok(&n);
            if crs84 || epsg { None } else { Some(name.to_string()) }
        }
        Some("EPSG") => match props.and_then(|p| p.get("code")) {
            Some(code) if code.as_u64().is_some_and(|c| ACCEPTED_CODES.contains(&c)) => None,
            Some(code) => Some(format!("EPSG:{code}")),
            None => Some(crs.to_string()),
        },
        _ => {
            let mut text = crs.to_string();
            if text.len() > 120 {
                let mut end = 120;
                while !text.is_char_boundary(end) {
                    end -= 1;
                }
                text.truncate(end);
                text.push('…');
            }
            Some(text)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crs_names_for_wgs84_are_accepted_and_others_named() {
        let name = |n: &str| serde_json::json!({"type": "name", "properties": {"name": n}});
        for ok in [
            "urn:ogc:def:crs:OGC:1.3:CRS84",
            "urn:ogc:def:crs:OGC::CRS84",
            "EPSG:4326",
            "urn:ogc:def:crs:EPSG::4326",
            "urn:ogc:def:crs:EPSG:6.6:4326",
            "http://www.opengis.net/def/crs/EPSG/0/4326",
            "EPSG:4490",
        ] {
            assert_eq!(unsupported_crs(&name(ok)), None, "{ok}");
        }
        assert_eq!(
            unsupported_crs(&serde_json::json!({"type": "EPSG", "properties": {"code": 4326}})),
            None
        );
        assert_eq!(unsupported_crs(&Value::Null), None);
        assert_eq!(
            unsupported_crs(&name("urn:ogc:def:crs:EPSG::3857")).as_deref(),
            Some("urn:ogc:def:crs:EPSG::3857")
        );
        assert_eq!(
            unsupported_crs(&serde_json::json!({"type": "EPSG", "properties": {"code": 3857}})).as_deref(),
            Some("EPSG:3857")
        );
        assert_eq!(unsupported_crs(&name("EPSG:43260")).as_deref(), Some("EPSG:43260"));
    }
}
