//! Reading import files: YAML (`network:` + a list) and CSV (a header row and
//! `;`-separated lists), into records with their record and line numbers;
//! JSON Lines (one record per line), read as a stream for files too large to
//! hold in memory. Nothing here writes; the caller checks the records and
//! imports them.

use std::path::Path;

use serde_yaml::{Mapping, Value};

/// One record of a file, not yet checked.
pub struct RawRecord {
    /// 1-based position among the records.
    pub number: usize,
    /// 1-based line where the record starts, when known.
    pub line: Option<usize>,
    /// The fields, or why the record could not be read at all.
    pub fields: Result<Mapping, String>,
}

impl RawRecord {
    /// `record 3 (line 7)`.
    pub fn position(&self) -> String {
        match self.line {
            Some(line) => format!("record {} (line {line})", self.number),
            None => format!("record {}", self.number),
        }
    }
}

/// A whole file.
pub struct RawFile {
    /// The `network:` the YAML file says it belongs to.
    pub network: Option<String>,
    pub records: Vec<RawRecord>,
}

/// Reads a YAML or CSV file (by extension) whose records are under `list_key`
/// (YAML) or whose columns are `columns` (CSV; `list_columns` hold `;`-separated lists).
pub fn read(path: &Path, list_key: &str, columns: &[&str], list_columns: &[&str]) -> Result<RawFile, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read the file: {e}"))?;
    let extension = path.extension().and_then(|e| e.to_str()).unwrap_or_default().to_ascii_lowercase();
    read_bytes(&bytes, &extension, list_key, columns, list_columns)
}

/// Reads the content of a file of the type its `extension` names (`yaml`,
/// `yml` or `csv`), as [`read`] does.
pub fn read_bytes(
    bytes: &[u8],
    extension: &str,
    list_key: &str,
    columns: &[&str],
    list_columns: &[&str],
) -> Result<RawFile, String> {
    match extension {
        "yaml" | "yml" => read_yaml(bytes, list_key),
        "csv" if columns.is_empty() => Err(format!("{list_key} are imported from YAML files only")),
        "csv" => read_csv(bytes, columns, list_columns),
        other => Err(format!("unknown file type `.{other}` (expected .yaml, .yml or .csv)")),
    }
}

/// Lines where the items of the top-level `key:` list start.
fn item_lines(text: &str, key: &str) -> Vec<usize> {
    let mut lines = Vec::new();
    let mut inside = false;
    let mut indent = None;
    for (number, line) in text.lines().enumerate() {
        if line.starts_with(&format!("{key}:")) {
            inside = true;
            continue;
        }
        if !inside || line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let leading = line.len() - line.trim_start().len();
        if leading == 0 && !line.starts_with('-') {
            break;
        }
        if line.trim_start().starts_with("- ") || line.trim() == "-" {
            match indent {
                None => {
                    indent = Some(leading);
                    lines.push(number + 1);
                }
                Some(i) if i == leading => lines.push(number + 1),
                Some(_) => {}
            }
        }
    }
    lines
}

fn read_yaml(bytes: &[u8], list_key: &str) -> Result<RawFile, String> {
    let text = std::str::from_utf8(bytes).map_err(|e| format!("not valid UTF-8: {e}"))?;
    let document: Value = serde_yaml::from_str(text).map_err(|e| format!("not valid YAML: {e}"))?;
    let Value::Mapping(top) = document else {
        return Err(format!("expected a mapping with `{list_key}:` at the top"));
    };
    let network = top.get("network").and_then(Value::as_str).map(str::to_owned);
    let items = match top.get(list_key) {
        Some(Value::Sequence(items)) => items.clone(),
        Some(Value::Null) | None => return Err(format!("no `{list_key}:` list in the file")),
        Some(_) => return Err(format!("`{list_key}:` must be a list")),
    };
    let lines = item_lines(text, list_key);
    let lines =
        if lines.len() == items.len() { lines.into_iter().map(Some).collect() } else { vec![None; items.len()] };
    let records = items
        .into_iter()
        .zip(lines)
        .enumerate()
        .map(|(i, (item, line))| RawRecord {
            number: i + 1,
            line,
            fields: match item {
                Value::Mapping(map) => Ok(map),
                _ => Err("expected a mapping".into()),
            },
        })
        .collect();
    Ok(RawFile { network, records })
}

/// Whether a file is JSON Lines (`.jsonl`), which is read as a stream.
pub fn is_json_lines(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| e.eq_ignore_ascii_case("jsonl"))
}

/// The records of a JSON Lines file, one JSON object per line, read as they
/// are asked for. A record may say which network it belongs to
/// (`"network"`, which must be `network`) and what it is (`"type"`, which
/// must be `kind`); neither is kept among its fields. Blank lines are skipped.
pub fn read_lines(path: &Path, network: &str, kind: &str) -> Result<impl Iterator<Item = RawRecord> + use<>, String> {
    use std::io::BufRead as _;
    let file = std::fs::File::open(path).map_err(|e| format!("cannot read the file: {e}"))?;
    let (network, kind) = (network.to_owned(), kind.to_owned());
    let lines = std::io::BufReader::with_capacity(1 << 20, file).lines().enumerate();
    let records = lines.filter(|(_, line)| line.as_ref().map_or(true, |l| !l.trim().is_empty())).enumerate().map(
        move |(i, (line_index, line))| RawRecord {
            number: i + 1,
            line: Some(line_index + 1),
            fields: line.map_err(|e| format!("cannot read: {e}")).and_then(|line| line_fields(&line, &network, &kind)),
        },
    );
    Ok(records)
}

/// The fields of one JSON Lines record.
fn line_fields(line: &str, network: &str, kind: &str) -> Result<Mapping, String> {
    let mut object = match serde_json::from_str::<serde_json::Value>(line) {
        Ok(serde_json::Value::Object(object)) => object,
        Ok(_) => return Err("expected a JSON object".into()),
        Err(e) => return Err(format!("not valid JSON: {e}")),
    };
    match object.remove("network") {
        Some(serde_json::Value::String(given)) if given == network => {}
        Some(given) => {
            return Err(format!("the record is for the network {given}, but this instance runs `{network}`"));
        }
        None => {}
    }
    match object.remove("type") {
        Some(serde_json::Value::String(given)) if given == kind => {}
        Some(given) => return Err(format!("type: expected \"{kind}\", found {given}")),
        None => {}
    }
    match serde_yaml::to_value(object) {
        Ok(Value::Mapping(map)) => Ok(map),
        Ok(_) => Err("expected a JSON object".into()),
        Err(e) => Err(format!("cannot read: {e}")),
    }
}

/// Columns a CSV file may add after the required ones.
fn optional_column(name: &str) -> bool {
    matches!(name, "languages" | "description_lang")
        || name.strip_prefix("description_").is_some_and(coopfed_core::codes::is_language)
}

fn read_csv(bytes: &[u8], columns: &[&str], list_columns: &[&str]) -> Result<RawFile, String> {
    let mut reader = csv::ReaderBuilder::new().has_headers(true).flexible(true).from_reader(bytes);
    let headers = reader.byte_headers().map_err(|e| format!("cannot read the header row: {e}"))?.clone();
    let names: Vec<String> =
        headers.iter().map(|h| String::from_utf8_lossy(h).trim().trim_start_matches('\u{feff}').to_owned()).collect();
    let required_first = names.len() >= columns.len() && names.iter().zip(columns).all(|(a, b)| a == b);
    let extra = names.get(columns.len()..).unwrap_or_default();
    if !required_first || extra.iter().any(|name| !optional_column(name)) {
        return Err(format!(
            "the header row must be `{}`, optionally followed by `languages`, `description_lang` and \
             `description_<language>` columns (like `description_de`)",
            columns.join(",")
        ));
    }
    let columns: Vec<&str> = names.iter().map(String::as_str).collect();
    let columns = columns.as_slice();
    let mut records = Vec::new();
    for (i, result) in reader.byte_records().enumerate() {
        let number = i + 2; // the header is record 1
        let (line, fields) = match result {
            Err(e) => (e.position().map(|p| usize::try_from(p.line()).unwrap_or(0)), Err(format!("cannot read: {e}"))),
            Ok(record) => {
                let line = record.position().map(|p| usize::try_from(p.line()).unwrap_or(0));
                let fields = if record.len() == columns.len() {
                    record_fields(&record, columns, list_columns)
                } else {
                    Err(format!("expected {} fields, found {}", columns.len(), record.len()))
                };
                (line, fields)
            }
        };
        records.push(RawRecord { number, line, fields });
    }
    Ok(RawFile { network: None, records })
}

/// Characters that make a spreadsheet read a cell as a formula.
const FORMULA_STARTS: &[char] = &['=', '+', '-', '@', '\t', '\r'];

/// A CSV cell as exported: a text that a spreadsheet would take for a
/// formula (`=HYPERLINK(…)`) gets a leading `'`, which the import removes.
pub fn csv_cell(text: &str) -> std::borrow::Cow<'_, str> {
    if text.starts_with(FORMULA_STARTS) || (text.starts_with('\'') && text[1..].starts_with(FORMULA_STARTS)) {
        std::borrow::Cow::Owned(format!("'{text}"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// The text of an exported CSV cell ([`csv_cell`] undone).
fn csv_text(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_STARTS) || rest.starts_with('\'') => rest,
        _ => cell,
    }
}

fn record_fields(record: &csv::ByteRecord, columns: &[&str], list_columns: &[&str]) -> Result<Mapping, String> {
    let mut map = Mapping::new();
    for (name, raw) in columns.iter().zip(record.iter()) {
        let text = std::str::from_utf8(raw).map_err(|_| format!("invalid UTF-8 in `{name}`"))?;
        let text = csv_text(text.trim());
        if text.is_empty() {
            continue;
        }
        let value = if list_columns.contains(name) {
            Value::Sequence(
                text.split(';').map(str::trim).filter(|s| !s.is_empty()).map(|s| Value::String(s.to_owned())).collect(),
            )
        } else {
            Value::String(text.to_owned())
        };
        map.insert(Value::String((*name).to_owned()), value);
    }
    Ok(map)
}

/// Checks records one by one with `check` (which gives a record its key
/// and value, or its errors), refusing a key seen before; errors read
/// `NAME: record N (line L): …`.
///
/// A key is remembered as a 128-bit hash with the number of the record
/// that had it (24 bytes a key, whatever its length). Two different keys
/// in one file share a hash with a probability of about 10⁻²⁷.
pub struct RecordChecker<'a, C> {
    name: &'a str,
    key_field: &'a str,
    check: C,
    seen: std::collections::HashMap<(u64, u64), u32>,
}

/// A key's 128-bit hash: SipHash with two fixed keys (the same in every
/// run, so a file checks the same way twice).
fn key_hash(key: &str) -> (u64, u64) {
    use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};
    let hash = |salt: u8| BuildHasherDefault::<DefaultHasher>::default().hash_one((salt, key));
    (hash(0), hash(1))
}

impl<'a, T, C: FnMut(&Mapping) -> Result<(String, T), Vec<String>>> RecordChecker<'a, C> {
    pub fn new(name: &'a str, key_field: &'a str, check: C) -> Self {
        Self { name, key_field, check, seen: std::collections::HashMap::new() }
    }

    /// Forgets the keys seen, to check the same records again (a second
    /// pass over a file too large to keep).
    pub fn start_over(&mut self) {
        self.seen.clear();
    }

    /// The record's value, or its errors.
    pub fn check(&mut self, record: &RawRecord) -> Result<T, Vec<String>> {
        let (name, key_field) = (self.name, self.key_field);
        let located = |m: String| format!("{name}: {}: {m}", record.position());
        let result = match &record.fields {
            Ok(fields) => (self.check)(fields),
            Err(message) => Err(vec![message.clone()]),
        };
        match result {
            Ok((key, value)) => match self.seen.entry(key_hash(&key)) {
                std::collections::hash_map::Entry::Occupied(first) => Err(vec![located(format!(
                    "{key_field}: duplicate {key_field}: {key} (first in record {})",
                    first.get()
                ))]),
                std::collections::hash_map::Entry::Vacant(slot) => {
                    slot.insert(u32::try_from(record.number).unwrap_or(u32::MAX));
                    Ok(value)
                }
            },
            Err(messages) => Err(messages.into_iter().map(located).collect()),
        }
    }
}

/// Checks every record of `file` with a [`RecordChecker`]. Returns the valid
/// values and the errors; `tick` is called after each record (a progress bar).
pub fn check_records<T>(
    name: &str,
    file: &RawFile,
    key_field: &str,
    check: impl FnMut(&Mapping) -> Result<(String, T), Vec<String>>,
    mut tick: impl FnMut(),
) -> (Vec<T>, Vec<String>) {
    let mut checker = RecordChecker::new(name, key_field, check);
    let mut valid = Vec::new();
    let mut errors = Vec::new();
    for record in &file.records {
        tick();
        match checker.check(record) {
            Ok(value) => valid.push(value),
            Err(messages) => errors.extend(messages),
        }
    }
    (valid, errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_escaped_and_read_back() {
        for text in ["=HYPERLINK(\"https://evil.example\",\"click\")", "+1", "-2", "@SUM(A1)", "'=x", "plain", "O'Neil"]
        {
            let cell = csv_cell(text);
            assert!(!cell.starts_with(FORMULA_STARTS), "{cell}");
            assert_eq!(csv_text(&cell), text);
        }
        assert_eq!(csv_cell("plain"), "plain");
        assert_eq!(csv_cell("=1+1"), "'=1+1");
    }

    #[test]
    fn a_key_seen_before_is_refused_with_the_record_that_had_it() {
        let mut checker = RecordChecker::new("jobs.jsonl", "id", |fields: &Mapping| {
            let id = fields.get("id").and_then(Value::as_str).unwrap_or_default().to_owned();
            Ok((id.clone(), id))
        });
        let record = |number: usize, id: &str| {
            let mut fields = Mapping::new();
            fields.insert("id".into(), id.into());
            RawRecord { number, line: Some(number + 1), fields: Ok(fields) }
        };
        // Keys that differ by one character, or only in their order, are distinct.
        for (number, id) in [(1, "coop-a/job-1"), (2, "coop-a/job-2"), (3, "coop-a/job-10"), (4, "job-1/coop-a")] {
            assert_eq!(checker.check(&record(number, id)).ok().as_deref(), Some(id));
        }
        let errors = checker.check(&record(5, "coop-a/job-2")).err().unwrap_or_default();
        assert_eq!(errors, ["jobs.jsonl: record 5 (line 6): id: duplicate id: coop-a/job-2 (first in record 2)"]);
        checker.start_over();
        assert!(checker.check(&record(6, "coop-a/job-2")).is_ok());
        assert_eq!(key_hash("coop-a/job-2"), key_hash("coop-a/job-2"));
        assert_ne!(key_hash("coop-a/job-2"), key_hash("coop-a/job-3"));
    }
}
