//! Stripe's request encoding: `application/x-www-form-urlencoded` bodies and
//! query strings whose keys nest with brackets (`line_items[0][price]`,
//! `metadata[tenant_id]`, `expand[]`), as async-stripe writes them with
//! serde_qs. Parsed into a tree of strings the handlers read by path.

use std::collections::BTreeMap;

/// One parsed value: a string leaf or a map of children. Lists are maps
/// whose keys are indices (`[0]`, `[1]`, or `[]` appended in order).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Form {
    Leaf(String),
    Map(BTreeMap<String, Form>),
}

impl Default for Form {
    fn default() -> Self {
        Form::Map(BTreeMap::new())
    }
}

impl Form {
    /// Parses a body or query string. Malformed pairs are skipped, as a
    /// lenient server would; a key given twice keeps the last value.
    pub fn parse(input: &[u8]) -> Form {
        let mut root = Form::default();
        for (key, value) in form_urlencoded::parse(input) {
            let path = split_key(&key);
            root.insert(&path, value.into_owned());
        }
        root
    }

    fn insert(&mut self, path: &[String], value: String) {
        let Some((first, rest)) = path.split_first() else {
            return;
        };
        if !matches!(self, Form::Map(_)) {
            *self = Form::default();
        }
        let Form::Map(children) = self else {
            return;
        };
        let first = if first.is_empty() {
            children.len().to_string()
        } else {
            first.clone()
        };
        if rest.is_empty() {
            children.insert(first, Form::Leaf(value));
        } else {
            children.entry(first).or_default().insert(rest, value);
        }
    }

    /// The child at `key`, if this is a map holding it.
    pub fn get(&self, key: &str) -> Option<&Form> {
        match self {
            Form::Map(children) => children.get(key),
            Form::Leaf(_) => None,
        }
    }

    /// The string at `key`; an empty string counts as absent (Stripe's way
    /// of unsetting a field).
    pub fn str(&self, key: &str) -> Option<&str> {
        match self.get(key) {
            Some(Form::Leaf(value)) if !value.is_empty() => Some(value),
            _ => None,
        }
    }

    /// The string at `key` parsed as a number or boolean.
    pub fn parsed<T: std::str::FromStr>(&self, key: &str) -> Option<T> {
        self.str(key).and_then(|value| value.parse().ok())
    }

    /// The entries of the list at `key`, in index order.
    pub fn list(&self, key: &str) -> Vec<&Form> {
        let Some(Form::Map(children)) = self.get(key) else {
            return Vec::new();
        };
        let mut indexed: Vec<(usize, &Form)> = children
            .iter()
            .filter_map(|(index, child)| Some((index.parse().ok()?, child)))
            .collect();
        indexed.sort_by_key(|(index, _)| *index);
        indexed.into_iter().map(|(_, child)| child).collect()
    }

    /// The string map at `key` (metadata), without unset (empty) values.
    pub fn strings(&self, key: &str) -> BTreeMap<String, String> {
        let Some(Form::Map(children)) = self.get(key) else {
            return BTreeMap::new();
        };
        children
            .iter()
            .filter_map(|(name, child)| match child {
                Form::Leaf(value) if !value.is_empty() => Some((name.clone(), value.clone())),
                _ => None,
            })
            .collect()
    }
}

/// `a[b][0][]` → `["a", "b", "0", ""]`.
fn split_key(key: &str) -> Vec<String> {
    let (head, mut rest) = match key.find('[') {
        Some(at) => (&key[..at], &key[at..]),
        None => return vec![key.to_owned()],
    };
    let mut path = vec![head.to_owned()];
    while let Some(stripped) = rest.strip_prefix('[') {
        let Some(end) = stripped.find(']') else {
            break;
        };
        path.push(stripped[..end].to_owned());
        rest = &stripped[end + 1..];
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_keys_lists_and_metadata_are_read_back() {
        let body = b"mode=subscription&line_items%5B0%5D%5Bprice%5D=price_a\
&line_items[1][price]=price_b&line_items[0][quantity]=3\
&metadata[tenant_id]=t1&metadata[gone]=&expand[]=x&expand[]=y&success_url=http%3A%2F%2Fa%2Fok";
        let form = Form::parse(body);
        assert_eq!(form.str("mode"), Some("subscription"));
        assert_eq!(form.str("success_url"), Some("http://a/ok"));
        let items = form.list("line_items");
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].str("price"), Some("price_a"));
        assert_eq!(items[0].parsed::<u64>("quantity"), Some(3));
        assert_eq!(items[1].str("price"), Some("price_b"));
        let metadata = form.strings("metadata");
        assert_eq!(metadata.get("tenant_id").map(String::as_str), Some("t1"));
        assert!(!metadata.contains_key("gone"));
        let expand: Vec<Form> = form.list("expand").into_iter().cloned().collect();
        assert_eq!(expand, vec![Form::Leaf("x".into()), Form::Leaf("y".into())]);
        assert_eq!(form.str("missing"), None);
    }

    #[test]
    fn lists_order_by_number_not_by_text() {
        let pairs: Vec<String> = (0..12)
            .map(|i| format!("items[{i}][quantity]={i}"))
            .collect();
        let form = Form::parse(pairs.join("&").as_bytes());
        let quantities: Vec<u64> = form
            .list("items")
            .iter()
            .filter_map(|item| item.parsed("quantity"))
            .collect();
        assert_eq!(quantities, (0..12).collect::<Vec<u64>>());
    }
}
