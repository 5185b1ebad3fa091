//! A feature's properties, kept compactly (issue 14's memory goal): one vector of
//! entries sorted by key, keys shared between features, values as [`PropValue`]s
//! (short text inline).
//!
//! What serde_json's `Map` (a B-tree) gives — keys in sorted order, one value per key,
//! the last read of a repeated key winning, written back as the same JSON object — at a
//! fraction of its memory: the tree's node is the size of eleven entries whatever their
//! number, and every key of every feature was its own allocation. A layer of 100 000
//! features with eight properties each held 800 000 copies of eight names.

use std::collections::HashSet;
use std::fmt;
use std::sync::Arc;

use serde::de::{DeserializeSeed, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use super::value::{PropValue, Scalar, ValueSeed};

/// Property names, shared: the same name read twice on one thread is one allocation.
pub type Key = Arc<str>;

/// Properties in key order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Properties {
    /// Sorted by key, no key twice.
    entries: Vec<(Key, PropValue)>,
}

/// How many distinct names a thread keeps for sharing; names met after that (until
/// [`fresh_names`]) are not shared (a file of millions of distinct names keeps nothing
/// extra).
const SHARED_NAMES: usize = 4096;

/// Longer names are not shared (nor kept for sharing).
const SHARED_NAME_BYTES: usize = 128;

thread_local! {
    /// Hashed with foldhash (seeded per process): SipHash was a tenth of reading a
    /// layer's properties.
    static NAMES: std::cell::RefCell<HashSet<Key, foldhash::fast::RandomState>> = std::cell::RefCell::default();
}

/// Forgets the names this thread shares: called where a file's reading starts, so that
/// its names are shared whatever was read before on the same thread (the window's, which
/// opens projects).
pub fn fresh_names() {
    NAMES.with(|names| names.borrow_mut().clear());
}

/// `name` as a shared key: the one this thread handed out before, if any.
pub fn key(name: &str) -> Key {
    if name.len() > SHARED_NAME_BYTES {
        return name.into();
    }
    NAMES.with(|names| {
        let mut names = names.borrow_mut();
        if let Some(k) = names.get(name) {
            return k.clone();
        }
        let k: Key = name.into();
        if names.len() < SHARED_NAMES {
            names.insert(k.clone());
        }
        k
    })
}

/// Looking a property up by name, in a feature's [`Properties`] or in serde_json's map
/// (styles are read from both).
pub trait Lookup {
    fn lookup(&self, name: &str) -> Option<Scalar<'_>>;
}

impl Lookup for Properties {
    fn lookup(&self, name: &str) -> Option<Scalar<'_>> {
        self.get(name).map(Scalar::from)
    }
}

impl Lookup for Map<String, Value> {
    fn lookup(&self, name: &str) -> Option<Scalar<'_>> {
        self.get(name).map(Scalar::from)
    }
}

impl Properties {
    pub fn new() -> Properties {
        Properties::default()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn find(&self, name: &str) -> Result<usize, usize> {
        self.entries.binary_search_by(|(k, _)| (**k).cmp(name))
    }

    pub fn get(&self, name: &str) -> Option<&PropValue> {
        self.find(name).ok().map(|k| &self.entries[k].1)
    }

    pub fn contains_key(&self, name: &str) -> bool {
        self.find(name).is_ok()
    }

    /// Sets `name` to `value`; returns the value it had.
    pub fn insert(&mut self, name: impl AsRef<str>, value: impl Into<PropValue>) -> Option<PropValue> {
        let name = name.as_ref();
        let value = value.into();
        match self.find(name) {
            Ok(k) => Some(std::mem::replace(&mut self.entries[k].1, value)),
            Err(k) => {
                self.entries.insert(k, (key(name), value));
                None
            }
        }
    }

    /// Removes `name`; returns the value it had.
    pub fn remove(&mut self, name: &str) -> Option<PropValue> {
        self.find(name).ok().map(|k| self.entries.remove(k).1)
    }

    /// Keeps the entries `keep` says yes to.
    pub fn retain(&mut self, mut keep: impl FnMut(&str, &mut PropValue) -> bool) {
        self.entries.retain_mut(|(k, v)| keep(k, v));
    }

    /// Names and values in key order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = (&str, &PropValue)> + ExactSizeIterator + Clone {
        self.entries.iter().map(|(k, v)| (&**k, v))
    }

    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &str> + ExactSizeIterator + Clone {
        self.entries.iter().map(|(k, _)| &**k)
    }

    pub fn values(&self) -> impl DoubleEndedIterator<Item = &PropValue> + ExactSizeIterator + Clone {
        self.entries.iter().map(|(_, v)| v)
    }

    /// The properties as serde_json's map (a copy).
    pub fn to_map(&self) -> Map<String, Value> {
        self.iter().map(|(k, v)| (k.to_owned(), v.to_value())).collect()
    }

    /// From entries in any order, a repeated name's last value winning (as a JSON
    /// object's is read).
    fn from_entries(mut entries: Vec<(Key, PropValue)>) -> Properties {
        if !entries.is_sorted_by(|a, b| a.0 < b.0) {
            // Stable: of equal names, the last read stays last.
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            let mut kept: Vec<(Key, PropValue)> = Vec::with_capacity(entries.len());
            for entry in entries {
                match kept.last_mut() {
                    Some(last) if last.0 == entry.0 => *last = entry,
                    _ => kept.push(entry),
                }
            }
            entries = kept;
        }
        entries.shrink_to_fit();
        Properties { entries }
    }
}

impl Properties {
    /// From entries whose names are keys already, in any order; as a JSON object is
    /// read, a repeated name's last value wins. A feature's names are shared keys
    /// ([`key`]); an object property's are not (an object's names — a file's `tags`, say —
    /// may be many and distinct, and would crowd a feature's own out of the shared ones).
    pub(crate) fn from_keyed(entries: Vec<(Key, PropValue)>) -> Properties {
        Properties::from_entries(entries)
    }
}

impl From<Map<String, Value>> for Properties {
    fn from(map: Map<String, Value>) -> Properties {
        // Sorted and distinct already (checked: serde_json keeps a file's order where
        // its `preserve_order` feature is on).
        Properties::from_entries(map.into_iter().map(|(k, v)| (key(&k), v.into())).collect())
    }
}

impl From<Properties> for Map<String, Value> {
    fn from(p: Properties) -> Map<String, Value> {
        p.entries.into_iter().map(|(k, v)| (k.to_string(), v.into())).collect()
    }
}

impl<K: AsRef<str>, V: Into<PropValue>> FromIterator<(K, V)> for Properties {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Properties {
        Properties::from_entries(iter.into_iter().map(|(k, v)| (key(k.as_ref()), v.into())).collect())
    }
}

/// `properties["name"]`: the value, or `null` where there is none (as
/// `serde_json::Value` indexes).
impl std::ops::Index<&str> for Properties {
    type Output = PropValue;

    fn index(&self, name: &str) -> &PropValue {
        static NULL: PropValue = PropValue::Null;
        self.get(name).unwrap_or(&NULL)
    }
}

impl<'a> IntoIterator for &'a Properties {
    type Item = (&'a str, &'a PropValue);
    type IntoIter =
        std::iter::Map<std::slice::Iter<'a, (Key, PropValue)>, fn(&'a (Key, PropValue)) -> (&'a str, &'a PropValue)>;

    fn into_iter(self) -> Self::IntoIter {
        self.entries.iter().map(|(k, v)| (&**k, v))
    }
}

impl Serialize for Properties {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.entries.len()))?;
        for (k, v) in &self.entries {
            map.serialize_entry(&**k, v)?;
        }
        map.end()
    }
}

/// A property name read as a key, shared ([`key`]) where `shared`.
struct KeySeed {
    shared: bool,
}

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Key;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Key, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for KeySeed {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        // serde_json's words for a map's key, so that messages do not change.
        f.write_str("a string")
    }

    fn visit_str<E: serde::de::Error>(self, name: &str) -> Result<Key, E> {
        Ok(if self.shared { key(name) } else { name.into() })
    }
}

struct PropertiesVisitor;

impl<'de> Visitor<'de> for PropertiesVisitor {
    type Value = Properties;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        // serde_json's words for its map.
        f.write_str("a map")
    }

    /// As serde_json's map: a unit is an empty one.
    fn visit_unit<E: serde::de::Error>(self) -> Result<Properties, E> {
        Ok(Properties::new())
    }

    fn visit_map<A: MapAccess<'de>>(self, access: A) -> Result<Properties, A::Error> {
        read_entries(access, true)
    }
}

/// The entries of a JSON object, as properties: a feature's (names `shared`) or an
/// object property's value (not, see [`Properties::from_keyed`]).
pub(super) fn read_entries<'de, A: MapAccess<'de>>(mut access: A, shared: bool) -> Result<Properties, A::Error> {
    let mut entries = Vec::with_capacity(access.size_hint().unwrap_or(0).min(64));
    while let Some(k) = access.next_key_seed(KeySeed { shared })? {
        entries.push((k, access.next_value_seed(ValueSeed)?));
    }
    Ok(Properties::from_entries(entries))
}

impl<'de> Deserialize<'de> for Properties {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Properties, D::Error> {
        deserializer.deserialize_map(PropertiesVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn pv(v: Value) -> PropValue {
        v.into()
    }

    #[test]
    fn properties_are_read_and_written_as_the_same_json_object_as_serde_jsons_map() {
        let texts = [
            r#"{"b":1,"a":[1,{"z":null}],"名称":"大连","c":true}"#,
            r#"{"x":1,"x":2,"a":3,"x":4}"#,
            r#"{}"#,
            r#"{"a\"b":"\u00e9","":0}"#,
        ];
        for text in texts {
            let ours: Properties = serde_json::from_str(text).unwrap();
            let theirs: Map<String, Value> = serde_json::from_str(text).unwrap();
            assert_eq!(
                serde_json::to_string(&ours).unwrap(),
                serde_json::to_string(&theirs).unwrap(),
                "{text}"
            );
            assert_eq!(ours.to_map(), theirs, "{text}");
            assert_eq!(Properties::from(theirs.clone()), ours, "{text}");
            assert_eq!(Map::from(ours.clone()), theirs, "{text}");
            assert!(
                ours.keys().eq(theirs.keys().map(String::as_str)),
                "{text}: the same order"
            );
        }
        let repeated: Properties = serde_json::from_str(texts[1]).unwrap();
        assert_eq!(
            repeated.get("x"),
            Some(&pv(json!(4))),
            "the last of a repeated name wins"
        );
        assert_eq!(repeated.len(), 2);
    }

    #[test]
    fn a_name_read_twice_on_one_thread_is_one_allocation() {
        let a: Properties = serde_json::from_str(r#"{"类别":1}"#).unwrap();
        let b: Properties = serde_json::from_str(r#"{"类别":2}"#).unwrap();
        assert!(Arc::ptr_eq(&a.entries[0].0, &b.entries[0].0));
    }

    #[test]
    fn inserting_and_removing_keep_the_names_in_order() {
        let mut p = Properties::new();
        assert_eq!(p.insert("b", json!(1)), None);
        assert_eq!(p.insert("a", json!(2)), None);
        assert_eq!(p.insert("c", json!(3)), None);
        assert_eq!(p.insert("b", json!(4)), Some(pv(json!(1))));
        assert_eq!(p.keys().collect::<Vec<_>>(), ["a", "b", "c"]);
        assert_eq!(p.remove("a"), Some(pv(json!(2))));
        assert_eq!(p.remove("a"), None);
        assert!(p.contains_key("c") && !p.contains_key("a"));
        p.retain(|k, _| k != "c");
        assert_eq!(p.iter().collect::<Vec<_>>(), [("b", &pv(json!(4)))]);
        let q: Properties = [("z", json!(1)), ("y", json!(2)), ("z", json!(3))]
            .into_iter()
            .collect();
        assert_eq!(q.to_map(), json!({"y": 2, "z": 3}).as_object().unwrap().clone());
    }

    #[test]
    fn names_past_what_a_thread_shares_are_still_read_right() {
        let long = "长".repeat(100);
        let text = format!(r#"{{"{long}":1,"a":2}}"#);
        let p: Properties = serde_json::from_str(&text).unwrap();
        assert_eq!(p.get(&long), Some(&pv(json!(1))));
        let q: Properties = serde_json::from_str(&text).unwrap();
        assert!(
            !Arc::ptr_eq(&p.entries[1].0, &q.entries[1].0),
            "a long name is not shared"
        );
        fresh_names();
        let many: Properties = (0..SHARED_NAMES + 10).map(|k| (format!("k{k}"), json!(k))).collect();
        assert_eq!(many.len(), SHARED_NAMES + 10);
        let past = format!("k{}", SHARED_NAMES + 5);
        assert_eq!(many.get(&past), Some(&pv(json!(SHARED_NAMES + 5))));
        assert!(Arc::ptr_eq(&key("k0"), &key("k0")), "the first names are shared");
        assert!(!Arc::ptr_eq(&key(&past), &key(&past)), "names past the table are not");
        fresh_names();
        assert!(Arc::ptr_eq(&key(&past), &key(&past)), "after a fresh start they are");
    }

    #[test]
    fn names_inside_an_object_value_are_not_shared_and_do_not_crowd_out_a_features_own() {
        let text = r#"{"tags":{"highway":"primary"}}"#;
        let (a, b): (Properties, Properties) =
            (serde_json::from_str(text).unwrap(), serde_json::from_str(text).unwrap());
        let inner = |p: &Properties| match &p.entries[0].1 {
            PropValue::Object(o) => o.entries[0].0.clone(),
            other => panic!("{other:?}"),
        };
        assert!(!Arc::ptr_eq(&inner(&a), &inner(&b)));
        assert!(Arc::ptr_eq(&a.entries[0].0, &b.entries[0].0));
        let value = PropValue::from(json!({"highway": "primary"}));
        assert_eq!(value, json!({"highway": "primary"}));
    }

    #[test]
    fn a_value_that_is_not_an_object_is_refused() {
        assert!(serde_json::from_str::<Properties>("[1]").is_err());
        assert!(serde_json::from_str::<Properties>(r#"{"a":}"#).is_err());
    }
}
