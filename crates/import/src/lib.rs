//! Reading CRM CSV exports (HubSpot, Salesforce or any other with a column
//! mapping) into typed rows for four import kinds: people, accounts, deals
//! (with stage history where present) and activities.
//!
//! The flow: [`read_csv`] turns the uploaded bytes into a [`CsvFile`] or a
//! [`FileError`] (then nothing is imported); [`suggest_mapping`] proposes
//! which column feeds which [`Field`] and the admin adjusts the [`Mapping`];
//! [`read_deals`] and its siblings return the rows that are good and a
//! [`Rejection`] for every problem in the rows that are not, each with the
//! physical line it starts on. No IO happens here: bytes in, data out.

#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]

pub mod file;
pub mod mapping;
pub mod rows;
pub mod value;

pub use file::{read_csv, CsvFile, FileError, Record, TextEncoding, MAX_ROWS};
pub use mapping::{
    detect_source, missing_required, stage_history_columns, suggest_mapping, Field, ImportKind,
    Mapping, Source, UnknownName,
};
pub use rows::{
    infer_date_order, read_accounts, read_activities, read_deals, read_people, stages_in,
    AccountRow, ActivityRow, DealRow, PersonRow, ReadOptions, Rejection, Rows, ROW_COLUMN,
};
pub use value::{
    parse_amount, parse_currency, parse_date, parse_datetime, suggest_stage_key, ActivityKind,
    DateOrder, DealType, InvalidValue, ParsedAmount, SalesRole, STAGE_KEYS,
};

#[cfg(test)]
mod tests;
