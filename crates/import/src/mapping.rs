//! Which canonical field each column feeds: the fields of every import kind,
//! recognising HubSpot and Salesforce exports, and the mapping suggested for
//! a header that the admin then adjusts.
//!
//! Column names are compared by their letters and digits only, ignoring case,
//! so `Close Date`, `close_date` and `CLOSE-DATE` are the same.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::value::normalize;

/// A name that is not one of the accepted ones.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("\"{value}\" is not a known {what}")]
pub struct UnknownName {
    pub what: &'static str,
    pub value: String,
}

/// What a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportKind {
    People,
    Accounts,
    Deals,
    Activities,
}

impl ImportKind {
    pub const ALL: [ImportKind; 4] = [Self::People, Self::Accounts, Self::Deals, Self::Activities];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::People => "people",
            Self::Accounts => "accounts",
            Self::Deals => "deals",
            Self::Activities => "activities",
        }
    }
}

impl fmt::Display for ImportKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ImportKind {
    type Err = UnknownName;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| UnknownName {
                what: "import kind",
                value: s.to_owned(),
            })
    }
}

/// The CRM a file was exported from, as far as its header tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    Hubspot,
    Salesforce,
    Generic,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Hubspot => "hubspot",
            Self::Salesforce => "salesforce",
            Self::Generic => "generic",
        }
    }
}

/// Which canonical field a column feeds.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    ExternalId,
    Name,
    Email,
    ManagerName,
    SalesRole,
    TeamName,
    AccountName,
    Industry,
    Employees,
    Region,
    Website,
    OwnerName,
    Stage,
    Amount,
    Currency,
    CloseDate,
    CreatedDate,
    DealType,
    Probability,
    LossReason,
    Product,
    ActivityKind,
    OccurredAt,
    Subject,
    DealExternalId,
}

impl Field {
    pub const ALL: [Field; 25] = [
        Self::ExternalId,
        Self::Name,
        Self::Email,
        Self::ManagerName,
        Self::SalesRole,
        Self::TeamName,
        Self::AccountName,
        Self::Industry,
        Self::Employees,
        Self::Region,
        Self::Website,
        Self::OwnerName,
        Self::Stage,
        Self::Amount,
        Self::Currency,
        Self::CloseDate,
        Self::CreatedDate,
        Self::DealType,
        Self::Probability,
        Self::LossReason,
        Self::Product,
        Self::ActivityKind,
        Self::OccurredAt,
        Self::Subject,
        Self::DealExternalId,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::ExternalId => "external_id",
            Self::Name => "name",
            Self::Email => "email",
            Self::ManagerName => "manager_name",
            Self::SalesRole => "sales_role",
            Self::TeamName => "team_name",
            Self::AccountName => "account_name",
            Self::Industry => "industry",
            Self::Employees => "employees",
            Self::Region => "region",
            Self::Website => "website",
            Self::OwnerName => "owner_name",
            Self::Stage => "stage",
            Self::Amount => "amount",
            Self::Currency => "currency",
            Self::CloseDate => "close_date",
            Self::CreatedDate => "created_date",
            Self::DealType => "deal_type",
            Self::Probability => "probability",
            Self::LossReason => "loss_reason",
            Self::Product => "product",
            Self::ActivityKind => "activity_kind",
            Self::OccurredAt => "occurred_at",
            Self::Subject => "subject",
            Self::DealExternalId => "deal_external_id",
        }
    }

    /// The name shown to people.
    pub fn label(self) -> &'static str {
        match self {
            Self::ExternalId => "ID",
            Self::Name => "Name",
            Self::Email => "Email",
            Self::ManagerName => "Manager",
            Self::SalesRole => "Sales role",
            Self::TeamName => "Team",
            Self::AccountName => "Account",
            Self::Industry => "Industry",
            Self::Employees => "Employees",
            Self::Region => "Region",
            Self::Website => "Website",
            Self::OwnerName => "Owner",
            Self::Stage => "Stage",
            Self::Amount => "Amount",
            Self::Currency => "Currency",
            Self::CloseDate => "Close date",
            Self::CreatedDate => "Created date",
            Self::DealType => "Deal type",
            Self::Probability => "Probability",
            Self::LossReason => "Loss reason",
            Self::Product => "Product",
            Self::ActivityKind => "Activity kind",
            Self::OccurredAt => "Date",
            Self::Subject => "Subject",
            Self::DealExternalId => "Deal ID",
        }
    }

    /// The fields a file of this kind can feed, most important first.
    pub fn fields_for(kind: ImportKind) -> &'static [Field] {
        use Field::*;
        match kind {
            ImportKind::People => &[
                ExternalId,
                Name,
                Email,
                ManagerName,
                SalesRole,
                TeamName,
                Region,
            ],
            ImportKind::Accounts => &[
                ExternalId, Name, Industry, Employees, Region, Website, OwnerName,
            ],
            ImportKind::Deals => &[
                ExternalId,
                Name,
                AccountName,
                OwnerName,
                Stage,
                Amount,
                Currency,
                CloseDate,
                CreatedDate,
                DealType,
                Probability,
                LossReason,
                Product,
            ],
            ImportKind::Activities => &[
                ExternalId,
                ActivityKind,
                OwnerName,
                OccurredAt,
                Subject,
                DealExternalId,
                AccountName,
            ],
        }
    }

    /// The fields every row of this kind must have.
    pub fn required_for(kind: ImportKind) -> &'static [Field] {
        use Field::*;
        match kind {
            ImportKind::People | ImportKind::Accounts => &[Name],
            ImportKind::Deals => &[ExternalId, Name, OwnerName, Stage, Amount],
            ImportKind::Activities => &[ActivityKind, OwnerName, OccurredAt],
        }
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Field {
    type Err = UnknownName;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|f| f.as_str() == s)
            .ok_or_else(|| UnknownName {
                what: "field",
                value: s.to_owned(),
            })
    }
}

/// Column → field, serialised as a JSON object `{"Deal Name":"name", …}` the
/// admin can edit. Columns mapped to nothing (absent, `null` or `""`) are
/// ignored. Several columns may feed one field: text values are then joined
/// with a space in file order (e.g. `First Name` + `Last Name` → name); for
/// other fields the first non-empty one is used.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    try_from = "BTreeMap<String, Option<String>>",
    into = "BTreeMap<String, Field>"
)]
pub struct Mapping {
    pub columns: BTreeMap<String, Field>,
}

impl Mapping {
    /// The columns feeding `field`, in name order.
    pub fn columns_for(&self, field: Field) -> impl Iterator<Item = &str> {
        self.columns
            .iter()
            .filter(move |(_, f)| **f == field)
            .map(|(c, _)| c.as_str())
    }

    pub fn is_mapped(&self, field: Field) -> bool {
        self.columns.values().any(|f| *f == field)
    }
}

impl TryFrom<BTreeMap<String, Option<String>>> for Mapping {
    type Error = UnknownName;

    fn try_from(raw: BTreeMap<String, Option<String>>) -> Result<Self, Self::Error> {
        let mut columns = BTreeMap::new();
        for (column, field) in raw {
            match field.as_deref().map(str::trim) {
                None | Some("") => {}
                Some(name) => {
                    columns.insert(column, name.parse()?);
                }
            }
        }
        Ok(Self { columns })
    }
}

impl From<Mapping> for BTreeMap<String, Field> {
    fn from(mapping: Mapping) -> Self {
        mapping.columns
    }
}

/// The required fields of `kind` that no column is mapped to.
pub fn missing_required(kind: ImportKind, mapping: &Mapping) -> Vec<Field> {
    Field::required_for(kind)
        .iter()
        .copied()
        .filter(|f| !mapping.is_mapped(*f))
        .collect()
}

const HUBSPOT_MARKERS: &[&str] = &[
    "recordid",
    "dealstage",
    "dealowner",
    "associatedcompany",
    "associatedcompanyprimary",
    "createdate",
    "contactowner",
    "companyowner",
    "activityassignedto",
    "dealname",
    "closedlostreason",
    "dealcurrencycode",
    "pipeline",
];

const SALESFORCE_MARKERS: &[&str] = &[
    "opportunityid",
    "opportunityname",
    "opportunityowner",
    "amountcurrency",
    "createddate",
    "accountid",
    "accountowner",
    "contactid",
    "activityid",
    "tasksubtype",
    "billingcountry",
    "billingstateprovince",
    "fiscalperiod",
    "leadsource",
    "nextstep",
];

/// Guesses the CRM from header names it always writes (HubSpot: `Record ID`,
/// `Deal Stage`, `Create Date`, `Date entered …`; Salesforce: `Opportunity ID`,
/// `Amount Currency`, `Created Date`, …). `Generic` when neither or both fit
/// equally.
pub fn detect_source(headers: &[String]) -> Source {
    let (mut hubspot, mut salesforce) = (0, 0);
    for header in headers {
        let n = normalize(header);
        if HUBSPOT_MARKERS.contains(&n.as_str()) || n.starts_with("dateentered") {
            hubspot += 1;
        }
        if SALESFORCE_MARKERS.contains(&n.as_str()) {
            salesforce += 1;
        }
    }
    match hubspot.cmp(&salesforce) {
        std::cmp::Ordering::Greater => Source::Hubspot,
        std::cmp::Ordering::Less => Source::Salesforce,
        std::cmp::Ordering::Equal => Source::Generic,
    }
}

/// Known column names per field for one kind, best first, normalised.
fn synonyms(kind: ImportKind) -> &'static [(Field, &'static [&'static str])] {
    use Field::*;
    match kind {
        ImportKind::People => &[
            (
                ExternalId,
                &[
                    "recordid",
                    "userid",
                    "contactid",
                    "employeeid",
                    "personid",
                    "externalid",
                    "id",
                ],
            ),
            (
                Name,
                &[
                    "fullname",
                    "name",
                    "username",
                    "personname",
                    "repname",
                    "salesrep",
                    "contactname",
                    "employeename",
                ],
            ),
            (Email, &["email", "emailaddress", "workemail", "useremail"]),
            (
                ManagerName,
                &[
                    "manager",
                    "managername",
                    "reportsto",
                    "linemanager",
                    "supervisor",
                ],
            ),
            (SalesRole, &["salesrole", "role", "userrole"]),
            (
                TeamName,
                &["team", "teamname", "salesteam", "squad", "division"],
            ),
            (
                Region,
                &[
                    "region",
                    "salesregion",
                    "territory",
                    "countryregion",
                    "country",
                    "market",
                ],
            ),
        ],
        ImportKind::Accounts => &[
            (
                ExternalId,
                &["recordid", "accountid", "companyid", "externalid", "id"],
            ),
            (
                Name,
                &[
                    "companyname",
                    "accountname",
                    "name",
                    "company",
                    "account",
                    "organization",
                ],
            ),
            (Industry, &["industry", "sector", "vertical"]),
            (
                Employees,
                &[
                    "numberofemployees",
                    "employees",
                    "employeecount",
                    "headcount",
                ],
            ),
            (
                Region,
                &[
                    "countryregion",
                    "billingcountry",
                    "region",
                    "country",
                    "territory",
                    "billingstateprovince",
                    "stateregion",
                ],
            ),
            (
                Website,
                &[
                    "websiteurl",
                    "website",
                    "companydomainname",
                    "domain",
                    "url",
                ],
            ),
            (
                OwnerName,
                &["companyowner", "accountowner", "owner", "ownername"],
            ),
        ],
        ImportKind::Deals => &[
            (
                ExternalId,
                &["recordid", "opportunityid", "dealid", "externalid", "id"],
            ),
            (
                Name,
                &[
                    "dealname",
                    "opportunityname",
                    "name",
                    "deal",
                    "opportunity",
                    "title",
                ],
            ),
            (
                AccountName,
                &[
                    "associatedcompany",
                    "associatedcompanyprimary",
                    "accountname",
                    "companyname",
                    "company",
                    "account",
                ],
            ),
            (
                OwnerName,
                &[
                    "dealowner",
                    "opportunityowner",
                    "owner",
                    "ownername",
                    "ownerfullname",
                    "salesrep",
                    "rep",
                ],
            ),
            (Stage, &["dealstage", "stage", "stagename", "salesstage"]),
            (Amount, &["amount", "dealamount", "dealvalue", "value"]),
            (
                Currency,
                &[
                    "amountcurrency",
                    "currency",
                    "dealcurrencycode",
                    "currencycode",
                    "currencyisocode",
                    "opportunitycurrency",
                ],
            ),
            (
                CloseDate,
                &[
                    "closedate",
                    "expectedclosedate",
                    "closedat",
                    "closed",
                    "closedon",
                ],
            ),
            (
                CreatedDate,
                &[
                    "createdate",
                    "createddate",
                    "created",
                    "createdat",
                    "createdon",
                    "datecreated",
                ],
            ),
            (
                DealType,
                &["dealtype", "type", "opportunitytype", "businesstype"],
            ),
            (
                Probability,
                &["probability", "dealprobability", "winprobability"],
            ),
            (
                LossReason,
                &["closedlostreason", "lossreason", "lostreason", "reasonlost"],
            ),
            (
                Product,
                &["product", "productname", "products", "productfamily"],
            ),
        ],
        ImportKind::Activities => &[
            (
                ExternalId,
                &[
                    "activityid",
                    "recordid",
                    "taskid",
                    "eventid",
                    "externalid",
                    "id",
                ],
            ),
            (
                ActivityKind,
                &[
                    "activitytype",
                    "tasksubtype",
                    "eventsubtype",
                    "type",
                    "kind",
                    "activity",
                    "engagementtype",
                    "tasktype",
                ],
            ),
            (
                OwnerName,
                &[
                    "assigned",
                    "assignedto",
                    "activityassignedto",
                    "owner",
                    "activityowner",
                    "ownername",
                    "rep",
                ],
            ),
            (
                OccurredAt,
                &[
                    "date",
                    "activitydate",
                    "occurredat",
                    "duedate",
                    "timestamp",
                    "startdate",
                    "datetime",
                ],
            ),
            (Subject, &["subject", "title", "activitysubject"]),
            (
                DealExternalId,
                &[
                    "dealid",
                    "opportunityid",
                    "dealrecordid",
                    "associateddealid",
                ],
            ),
            (
                AccountName,
                &[
                    "accountname",
                    "associatedcompany",
                    "companyname",
                    "company",
                    "account",
                ],
            ),
        ],
    }
}

/// Suggests which column feeds which field of `kind`, from HubSpot,
/// Salesforce and plain English column names. Each column feeds at most one
/// field and each field takes its best-named column; for people without a
/// full-name column, `First Name` and `Last Name` both feed the name. Stage
/// history columns are left out (see [`stage_history_columns`]).
pub fn suggest_mapping(kind: ImportKind, headers: &[String]) -> Mapping {
    let normalized: Vec<String> = headers.iter().map(|h| normalize(h)).collect();
    let mut used: Vec<bool> = headers
        .iter()
        .map(|h| h.is_empty() || history_stage(h).is_some())
        .collect();
    let mut mapping = Mapping::default();
    for (field, names) in synonyms(kind) {
        let found = names
            .iter()
            .find_map(|name| (0..headers.len()).find(|&i| !used[i] && normalized[i] == *name));
        if let Some(i) = found {
            used[i] = true;
            mapping.columns.insert(headers[i].clone(), *field);
        }
    }
    if matches!(kind, ImportKind::People) && !mapping.is_mapped(Field::Name) {
        let first = normalized.iter().position(|n| n == "firstname");
        let last = normalized.iter().position(|n| n == "lastname");
        for i in [first, last].into_iter().flatten() {
            if !used[i] {
                mapping.columns.insert(headers[i].clone(), Field::Name);
            }
        }
    }
    mapping
}

/// Stage history columns: headers starting (case-insensitively) with
/// `Date entered` or `Entered `, or of the form `Stage: <name> date`. Each
/// gives the column index and the stage text, without quotes and without a
/// trailing ` (… Pipeline)`: HubSpot's `Date entered "Closed Won (Sales
/// Pipeline)"` → `Closed Won`.
pub fn stage_history_columns(headers: &[String]) -> Vec<(usize, String)> {
    headers
        .iter()
        .enumerate()
        .filter_map(|(i, h)| history_stage(h).map(|stage| (i, stage)))
        .collect()
}

fn history_stage(header: &str) -> Option<String> {
    let h = header.trim();
    let rest = strip_prefix_ci(h, "date entered")
        .or_else(|| strip_prefix_ci(h, "entered "))
        .or_else(|| strip_suffix_ci(strip_prefix_ci(h, "stage:")?, " date"))?;
    let mut stage = rest
        .trim()
        .trim_start_matches([':', '-'])
        .trim()
        .trim_matches(['"', '\'', '“', '”'])
        .trim();
    if let Some(open) = stage.rfind(" (") {
        if stage.ends_with(')') && stage[open..].to_lowercase().contains("pipeline") {
            stage = stage[..open].trim_end();
        }
    }
    (!stage.is_empty()).then(|| stage.to_owned())
}

fn strip_prefix_ci<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

fn strip_suffix_ci<'a>(text: &'a str, suffix: &str) -> Option<&'a str> {
    let cut = text.len().checked_sub(suffix.len())?;
    let tail = text.get(cut..)?;
    tail.eq_ignore_ascii_case(suffix).then(|| &text[..cut])
}
