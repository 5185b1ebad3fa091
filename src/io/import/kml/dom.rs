//! A small element tree built from quick-xml's event stream: KML files are read whole
//! (styles may follow the placemarks that use them), and a tree keeps the walk simple.

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

/// Elements nested deeper than this are refused (a hostile file must not exhaust the
/// stack of the recursive walk).
pub(super) const MAX_DEPTH: usize = 200;

/// One element: its local name (no namespace prefix), attributes, child elements and
/// its own text (text and CDATA directly inside it, concatenated).
#[derive(Debug, Default)]
pub(super) struct Element {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub children: Vec<Element>,
    pub text: String,
}

impl Element {
    /// The first child named `name`.
    pub fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }

    /// Every child named `name`.
    pub fn children_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// The trimmed text of the first child named `name`.
    pub fn child_text(&self, name: &str) -> Option<&str> {
        self.child(name).map(|c| c.text.trim())
    }

    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
}

/// Why the text is not well-formed XML, with the byte offset where it was noticed.
#[derive(Debug)]
pub(super) struct XmlError {
    pub offset: u64,
    pub reason: String,
}

/// The root element of `text`.
pub(super) fn parse(text: &str) -> Result<Element, XmlError> {
    let mut reader = Reader::from_str(text);
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    loop {
        let event = reader.read_event().map_err(|e| XmlError {
            offset: reader.error_position(),
            reason: e.to_string(),
        })?;
        let at = |reason: String| XmlError {
            offset: reader.buffer_position(),
            reason,
        };
        match event {
            Event::Start(e) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(at(format!("elements nested deeper than {MAX_DEPTH} levels")));
                }
                if root.is_some() {
                    return Err(at("content after the root element".to_string()));
                }
                stack.push(element(&e).map_err(at)?);
            }
            Event::Empty(e) => {
                let el = element(&e).map_err(at)?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(el),
                    None if root.is_none() => root = Some(el),
                    None => return Err(at("content after the root element".to_string())),
                }
            }
            Event::End(_) => {
                let Some(el) = stack.pop() else {
                    return Err(at("a closing tag without its opening tag".to_string()));
                };
                match stack.last_mut() {
                    Some(parent) => parent.children.push(el),
                    None => root = Some(el),
                }
            }
            Event::Text(t) => {
                if let Some(el) = stack.last_mut() {
                    el.text.push_str(&t.xml10_content());
                } else if !t.xml10_content().trim().is_empty() {
                    return Err(at("text outside the root element".to_string()));
                }
            }
            Event::CData(t) => {
                if let Some(el) = stack.last_mut() {
                    el.text.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                let c = match r.resolve_char_ref() {
                    Ok(Some(c)) => c,
                    Ok(None) => match &*r {
                        "amp" => '&',
                        "lt" => '<',
                        "gt" => '>',
                        "quot" => '"',
                        "apos" => '\'',
                        other => return Err(at(format!("unknown entity &{other};"))),
                    },
                    Err(e) => return Err(at(e.to_string())),
                };
                if let Some(el) = stack.last_mut() {
                    el.text.push(c);
                }
            }
            Event::Eof => break,
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
        }
    }
    if let Some(open) = stack.last() {
        return Err(XmlError {
            offset: reader.buffer_position(),
            reason: format!("the file ends inside <{}> (truncated?)", open.name),
        });
    }
    root.ok_or_else(|| XmlError {
        offset: 0,
        reason: "no XML element in the file".to_string(),
    })
}

/// An element from its start tag, names without namespace prefixes.
fn element(e: &BytesStart<'_>) -> Result<Element, String> {
    let mut attrs = Vec::new();
    for a in e.attributes() {
        let a = a.map_err(|e| e.to_string())?;
        let value = a
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map_err(|e| e.to_string())?;
        attrs.push((a.key.local_name().as_ref().to_string(), value.into_owned()));
    }
    Ok(Element {
        name: e.local_name().as_ref().to_string(),
        attrs,
        children: Vec::new(),
        text: String::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_cdata_and_entities_are_joined_and_namespaces_dropped() {
        let root =
            parse(r#"<kml xmlns:gx="x"><a k="v&amp;w">x &lt; <![CDATA[<b>y</b>]]>&#x4e2d;</a><gx:Track/></kml>"#)
                .expect("parses");
        assert_eq!(root.name, "kml");
        let a = root.child("a").expect("a");
        assert_eq!(a.text, "x < <b>y</b>中");
        assert_eq!(a.attr("k"), Some("v&w"));
        assert_eq!(root.children[1].name, "Track");
    }

    #[test]
    fn a_truncated_file_and_a_deep_one_are_errors() {
        assert!(parse("<kml><Document>").is_err());
        assert!(parse(&"<a>".repeat(MAX_DEPTH + 5)).is_err());
        assert!(parse("").is_err());
        assert!(parse("<a></b>").is_err());
    }
}
