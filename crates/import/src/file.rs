//! Reading the bytes of an uploaded CSV export into header names and records.
//!
//! Text is UTF-8 (with or without byte-order mark), UTF-16 with a byte-order
//! mark, or else read as Windows-1252, which is what Excel writes on Windows.
//! The delimiter is `,`, `;` or tab, whichever the header line uses most
//! outside quotes (an Excel `sep=;` first line wins). Every record keeps the
//! physical line it starts on, counting quoted line breaks, so reports point
//! at the line a person sees in an editor. Blank lines and lines of empty
//! values are skipped, as is the footer Salesforce appends to report exports.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

/// The most data records one file may hold.
pub const MAX_ROWS: usize = 1_000_000;

/// Why a file could not be read at all; nothing in it should be imported.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FileError {
    #[error("the file is empty; export the records from your CRM again and upload that CSV file")]
    Empty,
    #[error(
        "the first line holds no column names; the first line must be the header row \
         (e.g. Deal Name,Amount,Close Date)"
    )]
    NoHeader,
    #[error(
        "the file is not text (it may be an Excel workbook or another binary file); \
         save or export it as CSV and upload that"
    )]
    NotText,
    #[error("line {line}: {reason}")]
    Malformed { line: u64, reason: String },
    #[error(
        "the column \"{0}\" appears more than once in the header; rename or remove the extra \
         column and upload again"
    )]
    DuplicateHeader(String),
    #[error("the file has more than {limit} rows; split it into smaller files and upload each")]
    TooManyRows { limit: usize },
}

/// How the bytes were decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TextEncoding {
    Utf8,
    Utf16,
    Windows1252,
}

/// A parsed file: header names (trimmed, BOM removed) and records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvFile {
    pub headers: Vec<String>,
    pub delimiter: u8,
    pub records: Vec<Record>,
    pub encoding: TextEncoding,
}

impl CsvFile {
    /// The index of the column with this header name: exact first, then
    /// ignoring case and surrounding spaces.
    pub fn column_index(&self, name: &str) -> Option<usize> {
        let name = name.trim();
        self.headers.iter().position(|h| h == name).or_else(|| {
            self.headers
                .iter()
                .position(|h| h.eq_ignore_ascii_case(name))
        })
    }

    /// The delimiter as a word for messages.
    pub fn delimiter_name(&self) -> &'static str {
        match self.delimiter {
            b';' => "semicolon",
            b'\t' => "tab",
            b',' => "comma",
            _ => "delimiter",
        }
    }
}

/// One data record: the physical line it starts on and its values, kept in
/// one string with the end offset of every value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub line: u64,
    text: Box<str>,
    ends: Box<[u32]>,
}

impl Record {
    pub fn new<I, T>(line: u64, fields: I) -> Self
    where
        I: IntoIterator<Item = T>,
        T: AsRef<str>,
    {
        let mut text = String::new();
        let mut ends = Vec::new();
        for field in fields {
            text.push_str(field.as_ref());
            ends.push(u32::try_from(text.len()).unwrap_or(u32::MAX));
        }
        Self {
            line,
            text: text.into_boxed_str(),
            ends: ends.into_boxed_slice(),
        }
    }

    fn from_csv(line: u64, record: &csv::StringRecord) -> Option<Self> {
        let text = record.as_slice();
        u32::try_from(text.len()).ok()?;
        let mut end = 0u32;
        let ends = record
            .iter()
            .map(|field| {
                end += field.len() as u32;
                end
            })
            .collect();
        Some(Self {
            line,
            text: text.into(),
            ends,
        })
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The value at `index`, trimmed; `None` past the end.
    pub fn get(&self, index: usize) -> Option<&str> {
        let end = *self.ends.get(index)? as usize;
        let start = match index {
            0 => 0,
            _ => self.ends[index - 1] as usize,
        };
        self.text.get(start..end).map(str::trim)
    }

    pub fn iter(&self) -> impl Iterator<Item = &str> {
        (0..self.len()).filter_map(|i| self.get(i))
    }
}

/// Reads a whole CSV file. Records whose number of values differs from the
/// header's are kept: they are reported as rejected rows when read.
pub fn read_csv(bytes: &[u8]) -> Result<CsvFile, FileError> {
    let (text, encoding) = decode(bytes)?;
    let text = text.trim_start_matches('\u{feff}');
    if text.trim().is_empty() {
        return Err(FileError::Empty);
    }
    let (body_start, excel_delimiter) = excel_separator_line(text);
    let body = &text.as_bytes()[body_start..];
    let delimiter = excel_delimiter.unwrap_or_else(|| sniff_delimiter(body));
    let mut lines = LineCounter::new(text.as_bytes());

    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(body);
    let mut record = csv::StringRecord::new();
    let mut headers: Option<Vec<String>> = None;
    let mut records = Vec::new();
    let mut last_start = body_start;
    loop {
        let more = reader
            .read_record(&mut record)
            .map_err(|e| FileError::Malformed {
                line: e.position().map_or(0, |p| {
                    lines.line_at(record_start(
                        text.as_bytes(),
                        body_start + p.byte() as usize,
                    ))
                }),
                reason: format!("the file cannot be read as CSV ({e})"),
            })?;
        if !more {
            break;
        }
        let start = record
            .position()
            .map_or(body_start, |p| body_start + p.byte() as usize);
        if record.iter().all(|v| v.trim().is_empty()) {
            continue;
        }
        if headers.is_none() {
            headers = Some(header_names(&record)?);
            last_start = start;
            continue;
        }
        if records.len() == MAX_ROWS {
            return Err(FileError::TooManyRows { limit: MAX_ROWS });
        }
        let line = lines.line_at(record_start(text.as_bytes(), start));
        let parsed = Record::from_csv(line, &record).ok_or_else(|| FileError::Malformed {
            line,
            reason: "this record is too large to be a row; check for a stray quote".to_owned(),
        })?;
        records.push(parsed);
        last_start = start;
    }
    // An unclosed quote swallows the rest of the file, so it can only be in
    // the last record read.
    if let Some(open) = unclosed_quote(&text.as_bytes()[last_start..], delimiter) {
        return Err(FileError::Malformed {
            line: LineCounter::new(text.as_bytes()).line_at(last_start + open),
            reason: "a quoted value starts here and its closing quote (\") is missing; \
                     add it or remove the stray quote"
                .to_owned(),
        });
    }
    let headers = headers.ok_or(FileError::Empty)?;
    drop_salesforce_footer(&mut records);
    Ok(CsvFile {
        headers,
        delimiter,
        records,
        encoding,
    })
}

fn header_names(record: &csv::StringRecord) -> Result<Vec<String>, FileError> {
    let headers: Vec<String> = record
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').trim().to_owned())
        .collect();
    let looks_like_data = |h: &String| {
        h.bytes().any(|b| b.is_ascii_digit())
            && h.bytes()
                .all(|b| b.is_ascii_digit() || b".,-/: $".contains(&b))
    };
    if headers.iter().all(String::is_empty) || headers.iter().any(looks_like_data) {
        return Err(FileError::NoHeader);
    }
    for (i, h) in headers.iter().enumerate() {
        if !h.is_empty() && headers[..i].contains(h) {
            return Err(FileError::DuplicateHeader(h.clone()));
        }
    }
    Ok(headers)
}

/// csv reports where it started reading a record, which may be the end of
/// the previous line or blank lines before it.
fn record_start(bytes: &[u8], mut at: usize) -> usize {
    while at < bytes.len() && matches!(bytes[at], b'\r' | b'\n') {
        at += 1;
    }
    at
}

/// Physical line numbers of byte offsets that only ever grow.
struct LineCounter<'a> {
    bytes: &'a [u8],
    offset: usize,
    line: u64,
}

impl<'a> LineCounter<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        Self {
            bytes,
            offset: 0,
            line: 1,
        }
    }

    fn line_at(&mut self, offset: usize) -> u64 {
        let offset = offset.min(self.bytes.len());
        if offset < self.offset {
            self.offset = 0;
            self.line = 1;
        }
        for i in self.offset..offset {
            // A line ends at \n, or at a \r that no \n follows (old Mac files).
            match self.bytes[i] {
                b'\n' => self.line += 1,
                b'\r' if self.bytes.get(i + 1) != Some(&b'\n') => self.line += 1,
                _ => {}
            }
        }
        self.offset = offset;
        self.line
    }
}

fn decode(bytes: &[u8]) -> Result<(Cow<'_, str>, TextEncoding), FileError> {
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return decode_utf16(rest, u16::from_le_bytes);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return decode_utf16(rest, u16::from_be_bytes);
    }
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    if bytes.contains(&0) {
        return Err(FileError::NotText);
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok((Cow::Borrowed(text), TextEncoding::Utf8)),
        Err(_) => Ok((
            Cow::Owned(bytes.iter().map(|&b| windows_1252(b)).collect()),
            TextEncoding::Windows1252,
        )),
    }
}

fn decode_utf16(
    bytes: &[u8],
    unit: fn([u8; 2]) -> u16,
) -> Result<(Cow<'_, str>, TextEncoding), FileError> {
    if bytes.len() % 2 != 0 {
        return Err(FileError::NotText);
    }
    let units = bytes.chunks_exact(2).map(|p| unit([p[0], p[1]]));
    let text: String = char::decode_utf16(units)
        .collect::<Result<_, _>>()
        .map_err(|_| FileError::NotText)?;
    if text.contains('\0') {
        return Err(FileError::NotText);
    }
    Ok((Cow::Owned(text), TextEncoding::Utf16))
}

fn windows_1252(byte: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž',
        '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}',
        'ž', 'Ÿ',
    ];
    match byte {
        0x80..=0x9F => HIGH[usize::from(byte - 0x80)],
        _ => char::from(byte),
    }
}

/// Excel's `sep=;` first line: where the CSV starts and the delimiter it names.
fn excel_separator_line(text: &str) -> (usize, Option<u8>) {
    let first = text.lines().next().unwrap_or_default();
    let hint = first
        .trim_end_matches('\r')
        .strip_prefix("sep=")
        .or_else(|| first.strip_prefix("\"sep="))
        .map(|rest| rest.trim_end_matches(['"', '\r']));
    match hint.map(str::as_bytes) {
        Some(&[d]) if matches!(d, b',' | b';' | b'\t' | b'|') => {
            let start = text.find('\n').map_or(text.len(), |i| i + 1);
            (start, Some(d))
        }
        _ => (0, None),
    }
}

/// The most frequent of `,`, `;` and tab outside quotes on the header line;
/// comma when none occurs or on a tie.
fn sniff_delimiter(body: &[u8]) -> u8 {
    let mut counts = [0usize; 3];
    let mut in_quotes = false;
    for &b in body {
        match b {
            b'"' => in_quotes = !in_quotes,
            b'\n' | b'\r' if !in_quotes => break,
            b',' if !in_quotes => counts[0] += 1,
            b';' if !in_quotes => counts[1] += 1,
            b'\t' if !in_quotes => counts[2] += 1,
            _ => {}
        }
    }
    let mut best = (b',', counts[0]);
    for (d, n) in [(b';', counts[1]), (b'\t', counts[2])] {
        if n > best.1 {
            best = (d, n);
        }
    }
    best.0
}

/// The offset of a quote that opens a value and is never closed, following
/// the same rules as the csv reader: a quote opens a value only as its first
/// character, and `""` inside quotes is a literal quote.
fn unclosed_quote(body: &[u8], delimiter: u8) -> Option<usize> {
    #[derive(PartialEq)]
    enum State {
        FieldStart,
        Unquoted,
        Quoted,
        QuoteInQuoted,
    }
    let mut state = State::FieldStart;
    let mut opened = 0;
    for (i, &b) in body.iter().enumerate() {
        let ends_field = b == delimiter || b == b'\n' || b == b'\r';
        state = match state {
            State::FieldStart if b == b'"' => {
                opened = i;
                State::Quoted
            }
            State::FieldStart | State::Unquoted if ends_field => State::FieldStart,
            State::FieldStart | State::Unquoted => State::Unquoted,
            State::Quoted if b == b'"' => State::QuoteInQuoted,
            State::Quoted => State::Quoted,
            State::QuoteInQuoted if b == b'"' => State::Quoted,
            State::QuoteInQuoted if ends_field => State::FieldStart,
            State::QuoteInQuoted => State::Unquoted,
        };
    }
    (state == State::Quoted).then_some(opened)
}

/// Salesforce report exports end with a few one-value lines ("Confidential
/// Information - Do Not Distribute", "Copyright (c) … salesforce.com",
/// "Generated By: …", the company name); they are not data.
fn drop_salesforce_footer(records: &mut Vec<Record>) {
    let is_marker = |r: &Record| {
        r.len() == 1
            && r.get(0).is_some_and(|v| {
                v.starts_with("Confidential Information - Do Not Distribute")
                    || (v.starts_with("Copyright (c)") && v.contains("salesforce.com"))
                    || v.starts_with("Generated By:")
            })
    };
    let Some(first) = records.iter().position(is_marker) else {
        return;
    };
    let tail = &records[first..];
    if tail.len() <= 8
        && tail
            .iter()
            .all(|r| r.iter().filter(|v| !v.is_empty()).count() <= 1)
    {
        records.truncate(first);
    }
}
