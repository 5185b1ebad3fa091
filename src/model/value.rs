//! A feature property's value ([`PropValue`]): what a JSON value holds, kept compactly
//! (issue 14's memory goal).
//!
//! Text of up to 23 bytes — nearly every name, category, colour or code a planner's
//! layer holds — is kept inside the value (`smol_str`), not in an allocation of its
//! own; arrays are boxed slices without room to grow; objects are [`Properties`]. A
//! layer of 100 000 features with five short strings each held half a million small
//! allocations (32 bytes each in glibc's heap, whatever the text's length) before.
//!
//! It reads and writes the same JSON as `serde_json::Value` (numbers keep serde_json's
//! integer or float, so a round trip is lossless), and converts to and from it.

use std::fmt;

use serde::de::{DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde::ser::SerializeSeq;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Number, Value};
use smol_str::SmolStr;

use super::properties::Properties;

/// One property's value; see the module docs.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum PropValue {
    #[default]
    Null,
    Bool(bool),
    Number(Number),
    String(SmolStr),
    Array(Box<[PropValue]>),
    Object(Box<Properties>),
}

/// A value seen as a scalar, whichever type holds it (`serde_json::Value` in
/// annotations and styles, [`PropValue`] in features): what the readers of
/// simplestyle and of categories look at.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Scalar<'a> {
    Null,
    Bool(bool),
    Number(&'a Number),
    String(&'a str),
    /// An array or an object.
    Composite,
}

impl<'a> Scalar<'a> {
    pub fn as_str(self) -> Option<&'a str> {
        match self {
            Scalar::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_f64(self) -> Option<f64> {
        match self {
            Scalar::Number(n) => n.as_f64(),
            _ => None,
        }
    }
}

impl<'a> From<&'a Value> for Scalar<'a> {
    fn from(v: &'a Value) -> Scalar<'a> {
        match v {
            Value::Null => Scalar::Null,
            Value::Bool(b) => Scalar::Bool(*b),
            Value::Number(n) => Scalar::Number(n),
            Value::String(s) => Scalar::String(s),
            Value::Array(_) | Value::Object(_) => Scalar::Composite,
        }
    }
}

impl<'a> From<&'a PropValue> for Scalar<'a> {
    fn from(v: &'a PropValue) -> Scalar<'a> {
        match v {
            PropValue::Null => Scalar::Null,
            PropValue::Bool(b) => Scalar::Bool(*b),
            PropValue::Number(n) => Scalar::Number(n),
            PropValue::String(s) => Scalar::String(s),
            PropValue::Array(_) | PropValue::Object(_) => Scalar::Composite,
        }
    }
}

/// Either value type, where a reader needs more than the [`Scalar`]: composite values
/// as their JSON text.
pub trait AnyValue {
    fn scalar(&self) -> Scalar<'_>;
    /// Compact JSON text.
    fn json_text(&self) -> String;
}

impl AnyValue for Value {
    fn scalar(&self) -> Scalar<'_> {
        self.into()
    }

    fn json_text(&self) -> String {
        self.to_string()
    }
}

impl AnyValue for PropValue {
    fn scalar(&self) -> Scalar<'_> {
        self.into()
    }

    fn json_text(&self) -> String {
        self.to_string()
    }
}

impl PropValue {
    pub fn is_null(&self) -> bool {
        matches!(self, PropValue::Null)
    }

    pub fn is_string(&self) -> bool {
        matches!(self, PropValue::String(_))
    }

    pub fn is_number(&self) -> bool {
        matches!(self, PropValue::Number(_))
    }

    pub fn is_array(&self) -> bool {
        matches!(self, PropValue::Array(_))
    }

    pub fn is_object(&self) -> bool {
        matches!(self, PropValue::Object(_))
    }

    /// A number held as a float (not an integer), as `serde_json::Value::is_f64`.
    pub fn is_f64(&self) -> bool {
        matches!(self, PropValue::Number(n) if n.is_f64())
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            PropValue::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_f64(&self) -> Option<f64> {
        match self {
            PropValue::Number(n) => n.as_f64(),
            _ => None,
        }
    }

    pub fn as_i64(&self) -> Option<i64> {
        match self {
            PropValue::Number(n) => n.as_i64(),
            _ => None,
        }
    }

    pub fn as_u64(&self) -> Option<u64> {
        match self {
            PropValue::Number(n) => n.as_u64(),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            PropValue::Bool(b) => Some(*b),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&[PropValue]> {
        match self {
            PropValue::Array(items) => Some(items),
            _ => None,
        }
    }

    /// As serde_json's value (a copy).
    pub fn to_value(&self) -> Value {
        match self {
            PropValue::Null => Value::Null,
            PropValue::Bool(b) => Value::Bool(*b),
            PropValue::Number(n) => Value::Number(n.clone()),
            PropValue::String(s) => Value::String(s.to_string()),
            PropValue::Array(items) => Value::Array(items.iter().map(PropValue::to_value).collect()),
            PropValue::Object(p) => Value::Object(p.to_map()),
        }
    }
}

impl From<Value> for PropValue {
    fn from(v: Value) -> PropValue {
        match v {
            Value::Null => PropValue::Null,
            Value::Bool(b) => PropValue::Bool(b),
            Value::Number(n) => PropValue::Number(n),
            Value::String(s) => PropValue::String(s.into()),
            Value::Array(items) => PropValue::Array(items.into_iter().map(PropValue::from).collect()),
            Value::Object(map) => PropValue::Object(Box::new(Properties::from_keyed(
                map.into_iter().map(|(k, v)| (k.into(), v.into())).collect(),
            ))),
        }
    }
}

impl From<&Value> for PropValue {
    fn from(v: &Value) -> PropValue {
        match v {
            Value::String(s) => PropValue::String(s.as_str().into()),
            Value::Array(items) => PropValue::Array(items.iter().map(PropValue::from).collect()),
            Value::Object(map) => PropValue::Object(Box::new(Properties::from_keyed(
                map.iter().map(|(k, v)| (k.as_str().into(), v.into())).collect(),
            ))),
            Value::Null => PropValue::Null,
            Value::Bool(b) => PropValue::Bool(*b),
            Value::Number(n) => PropValue::Number(n.clone()),
        }
    }
}

impl From<PropValue> for Value {
    fn from(v: PropValue) -> Value {
        v.to_value()
    }
}

impl From<&str> for PropValue {
    fn from(s: &str) -> PropValue {
        PropValue::String(s.into())
    }
}

impl From<String> for PropValue {
    fn from(s: String) -> PropValue {
        PropValue::String(s.into())
    }
}

impl From<f64> for PropValue {
    /// A number, or null for NaN and the infinities (as `serde_json::Value`).
    fn from(x: f64) -> PropValue {
        Number::from_f64(x).map_or(PropValue::Null, PropValue::Number)
    }
}

impl From<i64> for PropValue {
    fn from(x: i64) -> PropValue {
        PropValue::Number(x.into())
    }
}

impl From<i32> for PropValue {
    fn from(x: i32) -> PropValue {
        PropValue::Number(x.into())
    }
}

impl From<u64> for PropValue {
    fn from(x: u64) -> PropValue {
        PropValue::Number(x.into())
    }
}

impl From<bool> for PropValue {
    fn from(b: bool) -> PropValue {
        PropValue::Bool(b)
    }
}

impl PartialEq<Value> for PropValue {
    fn eq(&self, other: &Value) -> bool {
        match (self, other) {
            (PropValue::Null, Value::Null) => true,
            (PropValue::Bool(a), Value::Bool(b)) => a == b,
            (PropValue::Number(a), Value::Number(b)) => a == b,
            (PropValue::String(a), Value::String(b)) => a == b,
            (PropValue::Array(a), Value::Array(b)) => a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y),
            (PropValue::Object(a), Value::Object(b)) => {
                a.len() == b.len() && a.iter().zip(b).all(|((ka, va), (kb, vb))| ka == kb && va == vb)
            }
            _ => false,
        }
    }
}

impl PartialEq<PropValue> for Value {
    fn eq(&self, other: &PropValue) -> bool {
        other == self
    }
}

/// A string equal to `other` (as `serde_json::Value` compares).
impl PartialEq<str> for PropValue {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == Some(other)
    }
}

impl PartialEq<&str> for PropValue {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == Some(*other)
    }
}

impl PartialEq<String> for PropValue {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == Some(other.as_str())
    }
}

/// A number equal to `other` (as `serde_json::Value` compares).
impl PartialEq<i64> for PropValue {
    fn eq(&self, other: &i64) -> bool {
        self.as_i64() == Some(*other)
    }
}

impl PartialEq<f64> for PropValue {
    fn eq(&self, other: &f64) -> bool {
        self.as_f64() == Some(*other)
    }
}

impl PartialEq<bool> for PropValue {
    fn eq(&self, other: &bool) -> bool {
        self.as_bool() == Some(*other)
    }
}

/// As JSON text, as `serde_json::Value` displays (indented with `{:#}`).
impl fmt::Display for PropValue {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        let text = if f.alternate() {
            serde_json::to_string_pretty(self)
        } else {
            serde_json::to_string(self)
        };
        match text {
            Ok(text) => f.write_str(&text),
            Err(_) => Err(fmt::Error),
        }
    }
}

impl Serialize for PropValue {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            PropValue::Null => serializer.serialize_unit(),
            PropValue::Bool(b) => serializer.serialize_bool(*b),
            PropValue::Number(n) => n.serialize(serializer),
            PropValue::String(s) => serializer.serialize_str(s),
            PropValue::Array(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            PropValue::Object(p) => p.serialize(serializer),
        }
    }
}

struct PropValueVisitor;

impl<'de> Visitor<'de> for PropValueVisitor {
    type Value = PropValue;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        // serde_json's words for its value, so that messages do not change.
        f.write_str("any valid JSON value")
    }

    fn visit_bool<E>(self, b: bool) -> Result<PropValue, E> {
        Ok(PropValue::Bool(b))
    }

    fn visit_i64<E>(self, x: i64) -> Result<PropValue, E> {
        Ok(PropValue::Number(x.into()))
    }

    fn visit_u64<E>(self, x: u64) -> Result<PropValue, E> {
        Ok(PropValue::Number(x.into()))
    }

    /// As serde_json's value: one that fits 64 bits (other formats than JSON give these).
    fn visit_i128<E: serde::de::Error>(self, x: i128) -> Result<PropValue, E> {
        match i64::try_from(x) {
            Ok(x) => Ok(x.into()),
            Err(_) => u64::try_from(x)
                .map(PropValue::from)
                .map_err(|_| E::custom("JSON number out of range")),
        }
    }

    fn visit_u128<E: serde::de::Error>(self, x: u128) -> Result<PropValue, E> {
        u64::try_from(x)
            .map(PropValue::from)
            .map_err(|_| E::custom("JSON number out of range"))
    }

    fn visit_f64<E>(self, x: f64) -> Result<PropValue, E> {
        Ok(x.into())
    }

    fn visit_str<E>(self, s: &str) -> Result<PropValue, E> {
        Ok(PropValue::String(s.into()))
    }

    fn visit_none<E>(self) -> Result<PropValue, E> {
        Ok(PropValue::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<PropValue, D::Error> {
        PropValue::deserialize(deserializer)
    }

    fn visit_unit<E>(self) -> Result<PropValue, E> {
        Ok(PropValue::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut access: A) -> Result<PropValue, A::Error> {
        let mut items = Vec::with_capacity(access.size_hint().unwrap_or(0).min(64));
        while let Some(item) = access.next_element()? {
            items.push(item);
        }
        Ok(PropValue::Array(items.into_boxed_slice()))
    }

    fn visit_map<A: MapAccess<'de>>(self, access: A) -> Result<PropValue, A::Error> {
        super::properties::read_entries(access, false).map(|p| PropValue::Object(Box::new(p)))
    }
}

impl<'de> Deserialize<'de> for PropValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<PropValue, D::Error> {
        deserializer.deserialize_any(PropValueVisitor)
    }
}

/// Reads one value (for [`Properties`]' reader, which holds no type of its own to read).
pub(super) struct ValueSeed;

impl<'de> DeserializeSeed<'de> for ValueSeed {
    type Value = PropValue;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<PropValue, D::Error> {
        deserializer.deserialize_any(PropValueVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn values_are_read_and_written_as_serde_jsons_are() {
        let texts = [
            r#"null"#,
            r#"true"#,
            r#"-3"#,
            r#"18446744073709551615"#,
            r#"2.5e-300"#,
            r#"0.1"#,
            r#""大连市中山区人民路 1 号，一段超过二十三字节的文字""#,
            r#""短""#,
            r#"[1,"a",[],{"z":null,"a":[true]}]"#,
            r#"{"b":{"c":1},"a":"x"}"#,
        ];
        for text in texts {
            let ours: PropValue = serde_json::from_str(text).unwrap();
            let theirs: Value = serde_json::from_str(text).unwrap();
            assert_eq!(
                serde_json::to_string(&ours).unwrap(),
                serde_json::to_string(&theirs).unwrap()
            );
            assert_eq!(ours, theirs, "{text}");
            assert_eq!(ours.to_value(), theirs, "{text}");
            assert_eq!(PropValue::from(theirs.clone()), ours, "{text}");
            assert_eq!(PropValue::from(&theirs), ours, "{text}");
            assert_eq!(ours.to_string(), theirs.to_string(), "{text}");
            assert_eq!(format!("{ours:#}"), format!("{theirs:#}"), "{text}");
        }
    }

    #[test]
    fn integers_and_floats_stay_apart() {
        let int: PropValue = serde_json::from_str("2").unwrap();
        let float: PropValue = serde_json::from_str("2.0").unwrap();
        assert_ne!(int, float);
        assert_eq!(serde_json::to_string(&float).unwrap(), "2.0");
        assert_eq!(int.as_i64(), Some(2));
        assert_eq!(float.as_i64(), None);
        assert_eq!(float.as_f64(), Some(2.0));
    }

    #[test]
    fn a_short_text_needs_no_allocation_of_its_own() {
        let short = PropValue::from("大连市中山区");
        let PropValue::String(s) = &short else { panic!() };
        assert!(!s.is_heap_allocated(), "18 bytes are kept inline");
        let long = PropValue::from("大连市中山区人民路一号");
        let PropValue::String(s) = &long else { panic!() };
        assert!(s.is_heap_allocated());
        assert_eq!(long.as_str(), Some("大连市中山区人民路一号"));
    }

    #[test]
    fn a_value_is_no_bigger_than_serde_jsons() {
        assert!(std::mem::size_of::<PropValue>() <= std::mem::size_of::<Value>());
    }

    #[test]
    fn scalars_read_the_same_from_either_type() {
        for v in [json!(null), json!(true), json!(3.5), json!("#fff"), json!([1])] {
            let p = PropValue::from(&v);
            assert_eq!(Scalar::from(&v), Scalar::from(&p));
        }
        assert_eq!(PropValue::from(f64::NAN), PropValue::Null);
    }
}
