//! The demo's catalogue and market: ten products with priorities, the ideal
//! customer profile, and ~1,500 accounts with an industry, a headcount (and
//! so a segment), a region, a territory, an owner and a fit score.

use super::{new_id, org::Org, weighted, Clock};
use attain_db::{
    schema::tenant::accounts,
    tenant::{
        accounts::{replace_criteria, CriterionRow},
        products::Product,
    },
    TenantConn,
};
use attain_domain::{
    icp::{self, AccountProfile, IcpAttribute, IcpCriterion},
    org::{SalesRole, Segment},
};
use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;
use rand::{rngs::StdRng, seq::SliceRandom, Rng};
use rust_decimal::Decimal;
use std::collections::HashMap;
use uuid::Uuid;

pub const ACCOUNT_COUNT: usize = 1_500;

/// What a product is in a deal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The licence a customer buys first and renews.
    Platform,
    AddOn,
    Service,
}

#[derive(Debug, Clone)]
pub struct ProductInfo {
    pub id: Uuid,
    pub name: &'static str,
    pub kind: Kind,
    /// List price per unit per year, in cents.
    pub list_cents: i64,
}

/// `(name, category, kind, list price in dollars, priority)`.
const PRODUCTS: [(&str, &str, Kind, i64, &str); 10] = [
    (
        "Analytics Cloud",
        "Platform",
        Kind::Platform,
        9_600,
        "strategic",
    ),
    ("AI Forecasting", "Add-on", Kind::AddOn, 6_000, "strategic"),
    (
        "Revenue Intelligence Suite",
        "Add-on",
        Kind::AddOn,
        7_200,
        "strategic",
    ),
    (
        "Reporting Standard",
        "Platform",
        Kind::Platform,
        4_800,
        "standard",
    ),
    ("Dashboards Plus", "Add-on", Kind::AddOn, 2_400, "standard"),
    (
        "Data Connectors",
        "Integration",
        Kind::AddOn,
        1_800,
        "standard",
    ),
    (
        "Premium Support",
        "Services",
        Kind::Service,
        3_000,
        "standard",
    ),
    (
        "Implementation Services",
        "Services",
        Kind::Service,
        12_000,
        "standard",
    ),
    (
        "Starter Edition",
        "Platform",
        Kind::Platform,
        1_200,
        "loss_leader",
    ),
    (
        "Training Pack",
        "Services",
        Kind::Service,
        900,
        "loss_leader",
    ),
];

/// Industries and the words company names in them end with.
const INDUSTRIES: [(&str, &[&str]); 9] = [
    (
        "Software",
        &[
            "Software",
            "Labs",
            "Systems",
            "Cloud",
            "Digital",
            "Technologies",
            "Data",
            "Networks",
        ],
    ),
    (
        "Healthcare",
        &["Health", "Medical", "Clinics", "Care", "Biotech"],
    ),
    (
        "Financial Services",
        &["Capital", "Bank", "Financial", "Insurance", "Partners"],
    ),
    (
        "Manufacturing",
        &[
            "Manufacturing",
            "Industries",
            "Machines",
            "Metals",
            "Components",
        ],
    ),
    ("Retail", &["Retail", "Stores", "Outfitters", "Markets"]),
    ("Logistics", &["Logistics", "Freight", "Shipping"]),
    ("Education", &["Academy", "Learning", "Education"]),
    ("Media", &["Media", "Studios", "Publishing"]),
    ("Energy", &["Energy", "Power", "Utilities"]),
];

const NAME_STEMS: [&str; 56] = [
    "Northwind",
    "Blue Harbor",
    "Silverline",
    "Redwood",
    "Brightpath",
    "Ironclad",
    "Summit",
    "Crescent",
    "Evergreen",
    "Granite",
    "Harborview",
    "Keystone",
    "Lakeshore",
    "Maple",
    "Meridian",
    "Nimbus",
    "Oakridge",
    "Pinnacle",
    "Quantum",
    "Riverbend",
    "Sapphire",
    "Starling",
    "Tidewater",
    "Vanguard",
    "Willow",
    "Zenith",
    "Apex",
    "Beacon",
    "Cobalt",
    "Driftwood",
    "Ember",
    "Falcon",
    "Glacier",
    "Horizon",
    "Juniper",
    "Kestrel",
    "Lumen",
    "Mosaic",
    "Northstar",
    "Orchid",
    "Polaris",
    "Radiant",
    "Sterling",
    "Trillium",
    "Upland",
    "Verity",
    "Westbrook",
    "Yarrow",
    "Alder",
    "Bramble",
    "Cedar Point",
    "Copperfield",
    "Fairhaven",
    "Goldcrest",
    "Highland",
    "Ashford",
];

/// The ideal customer profile: `(attribute, value, weight)`.
const ICP: [(IcpAttribute, &str, i32); 4] = [
    (IcpAttribute::Industry, "Software", 40),
    (IcpAttribute::Industry, "Healthcare", 25),
    (IcpAttribute::Segment, "mid_market", 30),
    (IcpAttribute::EmployeesMin, "100", 20),
];

#[derive(Debug, Clone)]
pub struct AccountInfo {
    pub id: Uuid,
    pub name: String,
    pub region: usize,
    pub segment: Segment,
    /// Index into `Org::members`.
    pub owner: Option<usize>,
    pub icp_score: i32,
}

pub struct Catalogue {
    pub products: Vec<ProductInfo>,
    pub accounts: Vec<AccountInfo>,
    /// Account indexes by region, then segment (enterprise, mid-market, SMB).
    pub by_region_segment: Vec<[Vec<usize>; 3]>,
    /// Account indexes by owner (member index).
    pub owned: HashMap<usize, Vec<usize>>,
}

pub fn segment_index(segment: Segment) -> usize {
    match segment {
        Segment::Enterprise => 0,
        Segment::MidMarket => 1,
        Segment::Smb => 2,
    }
}

/// An account row for `COPY` (every column written, `NULL`s included).
#[derive(Insertable)]
#[diesel(table_name = accounts, treat_none_as_default_value = false)]
struct AccountRow {
    id: Uuid,
    external_id: Option<String>,
    name: String,
    industry: String,
    employees: Option<i32>,
    segment: String,
    region_id: Option<Uuid>,
    territory_id: Option<Uuid>,
    owner_id: Option<Uuid>,
    icp_score: i32,
    version: i32,
    created_at: DateTime<Utc>,
}

pub fn build(
    t: &mut TenantConn<'_>,
    rng: &mut StdRng,
    org: &Org,
    clock: Clock,
) -> anyhow::Result<Catalogue> {
    let launched = super::at(clock.start - Duration::days(900), 0);
    let mut products = Vec::new();
    let mut product_rows = Vec::new();
    for (index, (name, category, kind, dollars, priority)) in PRODUCTS.iter().enumerate() {
        let id = new_id(rng);
        products.push(ProductInfo {
            id,
            name,
            kind: *kind,
            list_cents: dollars * 100,
        });
        product_rows.push(Product {
            id,
            name: (*name).to_owned(),
            category: (*category).to_owned(),
            list_price: Decimal::from(*dollars),
            currency: "USD".into(),
            priority: (*priority).to_owned(),
            active: true,
            version: 1,
            created_at: launched + Duration::days(index as i64 * 30),
        });
    }
    diesel::insert_into(attain_db::schema::tenant::products::table)
        .values(&product_rows)
        .execute(t.conn())?;

    let criteria: Vec<IcpCriterion> = ICP
        .iter()
        .map(|(attribute, value, weight)| IcpCriterion {
            attribute: *attribute,
            value: (*value).to_owned(),
            weight: *weight,
        })
        .collect();
    let criterion_rows: Vec<CriterionRow> = criteria
        .iter()
        .enumerate()
        .map(|(position, c)| CriterionRow {
            id: new_id(rng),
            attribute: c.attribute.as_str().to_owned(),
            value: c.value.clone(),
            weight: c.weight,
            position: position as i32,
        })
        .collect();
    replace_criteria(t, &criterion_rows)?;

    // Every stem with every industry word, shuffled: unique names.
    let mut names: Vec<(&str, &str, &str)> = NAME_STEMS
        .iter()
        .flat_map(|stem| {
            INDUSTRIES.iter().flat_map(move |(industry, words)| {
                words.iter().map(move |word| (*stem, *word, *industry))
            })
        })
        .collect();
    names.shuffle(rng);

    // Who may own an account: customer-facing sellers, by region.
    let owners_by_region: Vec<Vec<usize>> = (0..org.regions.len())
        .map(|region| {
            org.members
                .iter()
                .enumerate()
                .filter(|(_, m)| {
                    m.region == Some(region)
                        && m.sells
                        && matches!(
                            m.role,
                            SalesRole::Hunter | SalesRole::Ae | SalesRole::Farmer | SalesRole::Am
                        )
                })
                .map(|(index, _)| index)
                .collect()
        })
        .collect();

    let mut accounts = Vec::with_capacity(ACCOUNT_COUNT);
    let mut rows = Vec::with_capacity(ACCOUNT_COUNT);
    for (stem, word, industry) in names.into_iter().take(ACCOUNT_COUNT) {
        let segment = weighted(
            rng,
            &[
                (Segment::Smb, 0.55),
                (Segment::MidMarket, 0.33),
                (Segment::Enterprise, 0.12),
            ],
        )
        .unwrap_or(Segment::Smb);
        let (low, high): (f64, f64) = match segment {
            Segment::Smb => (10.0, 199.0),
            Segment::MidMarket => (200.0, 1_999.0),
            Segment::Enterprise => (2_000.0, 60_000.0),
        };
        let employees = (low.ln() + rng.gen::<f64>() * (high.ln() - low.ln()))
            .exp()
            .round() as i32;
        let segment = Segment::for_employees(employees);
        let region = weighted(rng, &[(0usize, 0.45), (1, 0.35), (2, 0.20)]).unwrap_or(0);
        let territory = org
            .territories
            .iter()
            .find(|(_, r, s)| *r == region && *s == segment)
            .map(|(id, _, _)| *id);
        let candidates: Vec<(usize, f64)> = owners_by_region[region]
            .iter()
            .map(|&index| {
                let member = &org.members[index];
                let focus = member.team.map(|team| org.teams[team].focus);
                let role_weight = match member.role {
                    SalesRole::Farmer | SalesRole::Am => 2.0,
                    _ => 1.0,
                };
                let fit = if focus.is_some_and(|f| f.covers(segment)) {
                    3.0
                } else {
                    0.3
                };
                (index, role_weight * fit)
            })
            .collect();
        // Some accounts are prospects nobody owns yet.
        let owner = if rng.gen_bool(0.85) {
            weighted(rng, &candidates)
        } else {
            None
        };
        let name = format!("{stem} {word}");
        let icp_score = icp::score(
            &criteria,
            &AccountProfile {
                industry: industry.to_owned(),
                segment: Some(segment),
                region_id: Some(org.regions[region].id.to_string()),
                employees: Some(employees),
            },
        );
        let id = new_id(rng);
        rows.push(AccountRow {
            id,
            external_id: None,
            name: name.clone(),
            industry: industry.to_owned(),
            employees: Some(employees),
            segment: segment.as_str().to_owned(),
            region_id: Some(org.regions[region].id),
            territory_id: territory,
            owner_id: owner.map(|index| org.members[index].id),
            icp_score,
            version: 1,
            created_at: super::at(clock.start - Duration::days(rng.gen_range(0..900)), 0)
                + Duration::seconds(rng.gen_range(28_800..64_800)),
        });
        accounts.push(AccountInfo {
            id,
            name,
            region,
            segment,
            owner,
            icp_score,
        });
    }
    diesel::copy_from(accounts::table)
        .from_insertable(&rows)
        .execute(t.conn())?;

    let mut by_region_segment: Vec<[Vec<usize>; 3]> = (0..org.regions.len())
        .map(|_| [Vec::new(), Vec::new(), Vec::new()])
        .collect();
    let mut owned: HashMap<usize, Vec<usize>> = HashMap::new();
    for (index, account) in accounts.iter().enumerate() {
        by_region_segment[account.region][segment_index(account.segment)].push(index);
        if let Some(owner) = account.owner {
            owned.entry(owner).or_default().push(index);
        }
    }
    Ok(Catalogue {
        products,
        accounts,
        by_region_segment,
        owned,
    })
}
