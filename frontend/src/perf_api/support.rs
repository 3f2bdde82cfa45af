//! Server-side helpers of the performance server functions: form values to
//! API inputs, today's date (UTC), the organisation as scope choices, and
//! names for ids.

use super::model::{Choice, ChoiceGroup};
use crate::problem::Problem;
use attain_api::{auth::Principal, pagination::PageQuery, ApiError, AppState};
use attain_db::tenant::{people::Person, teams::Team};
use std::collections::HashMap;
use uuid::Uuid;

// Form values to API inputs: the same rules as the sales pages'.
pub use crate::sales_api::support::{field, id, required, text};

/// A day from a date input, `None` when empty.
pub fn date<T: std::str::FromStr>(raw: &str, name: &'static str) -> Result<Option<T>, Problem> {
    match raw.trim() {
        "" => Ok(None),
        d => d
            .parse()
            .map(Some)
            .map_err(|_| field(name, "must be a date such as 2026-12-31")),
    }
}

/// A time from a `datetime-local` input, read as UTC.
pub fn utc_time<T: std::str::FromStr>(raw: &str, name: &'static str) -> Result<Option<T>, Problem> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    let full = match raw.len() {
        16 => format!("{raw}:00Z"),
        19 => format!("{raw}Z"),
        _ => raw.to_owned(),
    };
    full.parse()
        .map(Some)
        .map_err(|_| field(name, "must be a date and time such as 2026-07-06 14:30"))
}

/// A number as typed ("48,000.50") without grouping characters, as the API
/// reads decimals (a JSON string).
pub fn decimal(raw: &str) -> serde_json::Value {
    serde_json::Value::String(
        raw.trim()
            .chars()
            .filter(|c| !matches!(c, ',' | ' ' | '_' | '\''))
            .collect(),
    )
}

pub fn page(page: i64, per_page: i64) -> PageQuery {
    PageQuery {
        page: Some(page.max(1)),
        per_page: Some(per_page),
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date.
pub fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date `days` after 1970-01-01: (year, month, day).
pub fn civil_from_days(days: i64) -> (i32, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year as i32, month as u32, day as u32)
}

fn now_seconds() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or_default()
}

/// Today (UTC, as the API counts days): (year, month, day).
pub fn today() -> (i32, u32, u32) {
    civil_from_days(now_seconds().div_euclid(86_400))
}

pub fn today_text() -> String {
    let (y, m, d) = today();
    format!("{y}-{m:02}-{d:02}")
}

/// Now (UTC) as a `datetime-local` value: "2026-07-06T14:30".
pub fn now_local_input() -> String {
    let seconds = now_seconds();
    let (y, m, d) = civil_from_days(seconds.div_euclid(86_400));
    let of_day = seconds.rem_euclid(86_400);
    format!(
        "{y}-{m:02}-{d:02}T{:02}:{:02}",
        of_day / 3600,
        of_day % 3600 / 60
    )
}

/// Days from the "YYYY-MM-DD" day `from` to today; 0 when unreadable.
pub fn days_since(from: &str) -> i64 {
    let parts: Vec<i64> = from.split('-').filter_map(|p| p.parse().ok()).collect();
    match parts.as_slice() {
        [y, m, d] => now_seconds().div_euclid(86_400) - days_from_civil(*y, *m, *d),
        _ => 0,
    }
}

/// The whole sales organisation (a company's people: hundreds, not millions).
pub async fn everyone(state: &AppState, principal: &Principal) -> Result<Vec<Person>, Problem> {
    use attain_api::routes::people::list::{run, PeopleQuery};
    let mut all = Vec::new();
    let mut number = 1;
    loop {
        let paged = run(
            state,
            principal,
            page(number, PageQuery::MAX_PER_PAGE),
            PeopleQuery::default(),
        )
        .await?;
        let fetched = paged.items.len();
        all.extend(paged.items);
        if fetched == 0 || all.len() as i64 >= paged.total || number >= 100 {
            return Ok(all);
        }
        number += 1;
    }
}

/// The caller's own person, if they are in the sales organisation.
pub fn me(people: &[Person], principal: &Principal) -> Option<Uuid> {
    people
        .iter()
        .find(|p| p.user_id == Some(principal.user_id))
        .map(|p| p.id)
}

/// Everyone who reports to `manager`, at any depth.
pub fn reports_of(people: &[Person], manager: Uuid) -> Vec<Uuid> {
    let mut found = vec![manager];
    let mut next = 0;
    while next < found.len() {
        let boss = found[next];
        for person in people.iter().filter(|p| p.manager_id == Some(boss)) {
            if !found.contains(&person.id) {
                found.push(person.id);
            }
        }
        next += 1;
    }
    found.remove(0);
    found
}

/// Active people as choices: `first` (the caller) first, then by name.
pub fn people_choices(
    people: &[Person],
    only: Option<&[Uuid]>,
    first: Option<Uuid>,
) -> Vec<Choice> {
    let mut chosen: Vec<&Person> = people
        .iter()
        .filter(|p| p.active)
        .filter(|p| only.is_none_or(|ids| ids.contains(&p.id) || Some(p.id) == first))
        .collect();
    chosen.sort_by_key(|p| (Some(p.id) != first, p.name.to_lowercase()));
    chosen
        .into_iter()
        .map(|p| {
            let label = if Some(p.id) == first {
                format!("{} (you)", p.name)
            } else {
                p.name.clone()
            };
            (p.id.to_string(), label)
        })
        .collect()
}

/// Teams in tree order with their depth (siblings by name).
pub fn team_tree(teams: &[Team]) -> Vec<(Team, usize)> {
    fn visit(parent: Option<Uuid>, depth: usize, all: &[Team], out: &mut Vec<(Team, usize)>) {
        let mut children: Vec<&Team> = all.iter().filter(|t| t.parent_id == parent).collect();
        children.sort_by_key(|t| t.name.to_lowercase());
        for team in children {
            out.push((team.clone(), depth));
            if depth < 32 {
                visit(Some(team.id), depth + 1, all, out);
            }
        }
    }
    let mut out = Vec::with_capacity(teams.len());
    visit(None, 0, teams, &mut out);
    out
}

/// Company, regions, teams and people as grouped scope choices
/// (`company`, `region:<id>`, `team:<id>`, `rep:<person id>`).
pub fn scope_groups(teams: &[Team], people: &[Person], me: Option<Uuid>) -> Vec<ChoiceGroup> {
    let tree = team_tree(teams);
    let of_kind = |kind: &str, prefix: &str| -> Vec<Choice> {
        tree.iter()
            .filter(|(t, _)| t.kind == kind)
            .map(|(t, depth)| {
                (
                    format!("{prefix}:{}", t.id),
                    format!(
                        "{}{}",
                        "\u{2003}".repeat(depth.saturating_sub(usize::from(kind == "team")).min(4)),
                        t.name
                    ),
                )
            })
            .collect()
    };
    let mut groups = vec![(
        "Company".to_owned(),
        vec![("company".to_owned(), "Whole company".to_owned())],
    )];
    let regions = of_kind("region", "region");
    if !regions.is_empty() {
        groups.push(("Regions".to_owned(), regions));
    }
    let teams = of_kind("team", "team");
    if !teams.is_empty() {
        groups.push(("Teams".to_owned(), teams));
    }
    let people: Vec<Choice> = people_choices(people, None, me)
        .into_iter()
        .map(|(id, name)| (format!("rep:{id}"), name))
        .collect();
    if !people.is_empty() {
        groups.push(("People".to_owned(), people));
    }
    groups
}

/// The label of `value` among grouped choices.
pub fn label_in(groups: &[ChoiceGroup], value: &str) -> Option<String> {
    groups
        .iter()
        .flat_map(|(_, choices)| choices.iter())
        .find(|(v, _)| v == value)
        .map(|(_, label)| label.trim_start_matches('\u{2003}').to_owned())
}

/// Names of members (who changed a task), by user id.
pub async fn member_names(
    state: &AppState,
    tenant_id: Uuid,
) -> Result<HashMap<Uuid, String>, Problem> {
    let members = state
        .db
        .run(move |conn| attain_db::control::memberships::list_members(conn, tenant_id, 10_000, 0))
        .await
        .map_err(ApiError::from)?;
    Ok(members.0.into_iter().map(|m| (m.user_id, m.name)).collect())
}

/// Person names by id.
pub fn names(people: &[Person]) -> HashMap<Uuid, String> {
    people.iter().map(|p| (p.id, p.name.clone())).collect()
}

/// An amount as people read it in `currency`, to the cent.
pub fn money(amount: rust_decimal::Decimal, currency: &str) -> String {
    crate::model::format_money(&amount.round_dp(2).to_string(), currency)
}

/// A share (0.42) as a whole percentage ("42%").
pub fn percent(share: rust_decimal::Decimal) -> String {
    format!(
        "{}%",
        (share * rust_decimal::Decimal::ONE_HUNDRED).round_dp(0)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates_round_trip() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(days_from_civil(2026, 7, 6), 20_640);
        assert_eq!(civil_from_days(20_640), (2026, 7, 6));
        assert_eq!(civil_from_days(days_from_civil(2024, 2, 29)), (2024, 2, 29));
        assert_eq!(
            civil_from_days(days_from_civil(2000, 12, 31) + 1),
            (2001, 1, 1)
        );
    }
}
