//! CSV imports as a background job. The whole file is applied in one
//! transaction (a failure changes nothing) while progress is written through
//! a second connection, so the page's progress bar moves. Re-importing the
//! same file creates nothing new: rows are matched by external id (deals,
//! activities), email (people) or name (accounts), and unchanged rows are
//! left alone. Every refused row is stored with its line, column and reason.

use crate::WorkerContext;
use attain_db::{
    control::{inbox, tenants},
    schema::tenant::{
        accounts as accounts_table, activities as activities_table, people as people_table,
    },
    tenant::{
        accounts, deals,
        imports::{self, DealUpsert, Import, RejectionRow},
        people::{self, Person},
        stages::{self, Stage},
    },
    DbError, TenantConn,
};
use attain_import::{
    read_accounts, read_activities, read_csv, read_deals, read_people, suggest_stage_key, CsvFile,
    Field, ImportKind, Mapping, ReadOptions, Rejection,
};
use attain_jobs::{
    consumer::{Handler, HandlerError},
    envelope::{enqueue, kinds, DealChanged, ImportRequested},
    topology::IMPORT_QUEUE,
    Envelope,
};
use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use futures_util::FutureExt;
use std::{
    collections::{BTreeMap, HashMap},
    sync::Arc,
};
use uuid::Uuid;

/// Rows written per statement, and how often progress is reported.
const CHUNK: usize = 5_000;

pub fn handler(ctx: WorkerContext) -> Handler {
    Arc::new(move |envelope| {
        let ctx = ctx.clone();
        async move { run(&ctx, envelope).await }.boxed()
    })
}

#[derive(Debug, thiserror::Error)]
enum ImportFailure {
    #[error("{0}")]
    Db(#[from] DbError),
    #[error("{0}")]
    File(String),
}

impl From<diesel::result::Error> for ImportFailure {
    fn from(e: diesel::result::Error) -> Self {
        ImportFailure::Db(e.into())
    }
}

/// What an import did.
#[derive(Debug, Default)]
struct Outcome {
    created: i32,
    updated: i32,
    rejections: Vec<Rejection>,
}

async fn run(ctx: &WorkerContext, envelope: Envelope) -> Result<(), HandlerError> {
    let request: ImportRequested = serde_json::from_value(envelope.payload.clone())
        .map_err(|e| HandlerError::Permanent(format!("bad import.requested payload: {e}")))?;
    let tenant_id = envelope.tenant_id;
    let message_id = envelope.message_id;
    let pool = ctx.db.pool().clone();
    ctx.db
        .run(move |conn| -> Result<(), JobFailure> {
            let tenant = tenants::find(conn, tenant_id)
                .map_err(|e| HandlerError::Transient(e.to_string()))?
                .ok_or_else(|| HandlerError::Permanent(format!("no tenant {tenant_id}")))?;
            let tenant_ref = tenant.tenant_ref().map_err(|e| HandlerError::Permanent(e.to_string()))?;
            let mut side = pool.get().map_err(|e| HandlerError::Transient(e.to_string()))?;
            let mut report = |f: &dyn Fn(&mut TenantConn<'_>) -> Result<(), DbError>| {
                if let Err(e) = TenantConn::transaction(&mut side, &tenant_ref, |t| f(t)) {
                    tracing::warn!(error = %e, "could not record import progress");
                }
            };
            report(&|t| imports::set_status(t, request.import_id, "running"));
            let outcome = conn.transaction(|conn| -> Result<Option<Outcome>, ImportFailure> {
                if !inbox::claim(conn, IMPORT_QUEUE, message_id, Some(tenant_id))? {
                    return Ok(None);
                }
                TenantConn::transaction(conn, &tenant_ref, |t| {
                    // Not locked: progress is written to this row from another connection meanwhile.
                    let Some(import) = imports::find(t, request.import_id)? else {
                        return Ok(None);
                    };
                    let mut progress = |processed: usize| {
                        report(&|t| imports::set_progress(t, import.id, processed as i32));
                    };
                    let outcome = apply(t, &import, &mut progress)?;
                    let rows: Vec<RejectionRow> = outcome
                        .rejections
                        .iter()
                        .map(|r| RejectionRow {
                            import_id: import.id,
                            line: r.line as i64,
                            column_name: r.column.clone(),
                            reason: r.reason.clone(),
                        })
                        .collect();
                    imports::finish(t, import.id, outcome.created, outcome.updated, &rows)?;
                    if outcome.created + outcome.updated > 0 {
                        let tenant_id = t.tenant_id();
                        enqueue(t.conn(), tenant_id, kinds::DEAL_CHANGED, DealChanged { deal_id: import.id, change: "import".into() })?;
                    }
                    Ok(Some(outcome))
                })
            });
            match outcome {
                Ok(Some(outcome)) => {
                    tracing::info!(import_id = %request.import_id, created = outcome.created, updated = outcome.updated, rejected = outcome.rejections.len(), "import finished");
                    Ok(())
                }
                Ok(None) => Ok(()),
                Err(failure) => {
                    let message = failure.to_string();
                    tracing::warn!(import_id = %request.import_id, error = %message, "import failed; nothing was changed");
                    report(&|t| imports::fail(t, request.import_id, &format!("The import stopped and changed nothing: {message}")));
                    Err(HandlerError::Permanent(message).into())
                }
            }
        })
        .await
        .map_err(|failure| match failure {
            JobFailure::Handler(e) => e,
            JobFailure::Db(e) => HandlerError::Transient(e.to_string()),
        })
}

/// A handler's verdict, or a database error from running the job at all.
enum JobFailure {
    Handler(HandlerError),
    Db(DbError),
}

impl From<DbError> for JobFailure {
    fn from(e: DbError) -> Self {
        JobFailure::Db(e)
    }
}

impl From<HandlerError> for JobFailure {
    fn from(e: HandlerError) -> Self {
        JobFailure::Handler(e)
    }
}

fn apply(
    t: &mut TenantConn<'_>,
    import: &Import,
    progress: &mut dyn FnMut(usize),
) -> Result<Outcome, ImportFailure> {
    let file = read_csv(&import.content).map_err(|e| ImportFailure::File(e.to_string()))?;
    let mapping: Mapping = serde_json::from_value(import.mapping.clone())
        .map_err(|e| ImportFailure::File(e.to_string()))?;
    let stage_mapping: BTreeMap<String, String> =
        serde_json::from_value(import.stage_mapping.clone()).unwrap_or_default();
    let options = ReadOptions::default();
    let kind: ImportKind = import
        .kind
        .parse()
        .map_err(|_| ImportFailure::File(format!("unknown import kind {}", import.kind)))?;
    match kind {
        ImportKind::Deals => import_deals(t, &file, &mapping, &stage_mapping, &options, progress),
        ImportKind::People => import_people(t, &file, &mapping, &options, progress),
        ImportKind::Accounts => import_accounts(t, &file, &mapping, &options, progress),
        ImportKind::Activities => import_activities(t, &file, &mapping, &options, progress),
    }
}

fn utc(at: NaiveDateTime) -> DateTime<Utc> {
    DateTime::from_naive_utc_and_offset(at, Utc)
}

fn key(name: &str) -> String {
    name.trim().to_lowercase()
}

/// The tenant stage a CRM stage goes to: the admin's choice, else the
/// suggested key when the pipeline has it.
pub fn stage_for<'a>(
    crm_stage: &str,
    stage_mapping: &BTreeMap<String, String>,
    pipeline: &'a [Stage],
) -> Option<&'a Stage> {
    let wanted = match stage_mapping.get(crm_stage) {
        Some(key) => key.as_str(),
        None => suggest_stage_key(crm_stage)?,
    };
    pipeline.iter().find(|s| s.active && s.key == wanted)
}

/// People by lower-case name, creating (as AEs) the names not known yet.
fn people_by_name(
    t: &mut TenantConn<'_>,
    names: impl Iterator<Item = String>,
) -> Result<HashMap<String, Uuid>, DbError> {
    let mut known: HashMap<String, Uuid> = people::all(t)?
        .into_iter()
        .map(|p| (key(&p.name), p.id))
        .collect();
    for name in names {
        if name.trim().is_empty() || known.contains_key(&key(&name)) {
            continue;
        }
        let person = Person {
            id: Uuid::new_v4(),
            user_id: None,
            external_id: None,
            name: name.trim().to_owned(),
            email: None,
            team_id: None,
            manager_id: None,
            sales_role: "ae".into(),
            active: true,
            version: 1,
            created_at: Utc::now(),
        };
        people::insert(t, &person)?;
        known.insert(key(&name), person.id);
    }
    Ok(known)
}

/// Accounts by lower-case name, creating the names not known yet.
fn accounts_by_name(
    t: &mut TenantConn<'_>,
    names: impl Iterator<Item = String>,
) -> Result<HashMap<String, Uuid>, DbError> {
    let mut known: HashMap<String, Uuid> = accounts::all(t)?
        .into_iter()
        .map(|a| (key(&a.name), a.id))
        .collect();
    let mut new = Vec::new();
    for name in names {
        if name.trim().is_empty() || known.contains_key(&key(&name)) {
            continue;
        }
        let account = accounts::Account {
            id: Uuid::new_v4(),
            external_id: None,
            name: name.trim().to_owned(),
            industry: String::new(),
            employees: None,
            segment: "smb".into(),
            region_id: None,
            territory_id: None,
            owner_id: None,
            icp_score: 0,
            version: 1,
            created_at: Utc::now(),
        };
        known.insert(key(&name), account.id);
        new.push(account);
    }
    for chunk in new.chunks(CHUNK) {
        diesel::insert_into(accounts_table::table)
            .values(chunk)
            .execute(t.conn())?;
    }
    Ok(known)
}

fn import_deals(
    t: &mut TenantConn<'_>,
    file: &CsvFile,
    mapping: &Mapping,
    stage_mapping: &BTreeMap<String, String>,
    options: &ReadOptions,
    progress: &mut dyn FnMut(usize),
) -> Result<Outcome, ImportFailure> {
    let read = read_deals(file, mapping, options);
    let mut rejections = read.rejections;
    let pipeline = stages::all(t)?;
    let stage_column = mapping
        .columns_for(Field::Stage)
        .next()
        .unwrap_or("Stage")
        .to_owned();
    let owners = people_by_name(t, read.rows.iter().map(|r| r.owner_name.clone()))?;
    let companies = accounts_by_name(t, read.rows.iter().filter_map(|r| r.account_name.clone()))?;
    let now = Utc::now();

    let mut upserts = Vec::with_capacity(read.rows.len());
    let mut histories: HashMap<String, Vec<(Uuid, DateTime<Utc>)>> = HashMap::new();
    for row in &read.rows {
        let Some(stage) = stage_for(&row.stage, stage_mapping, &pipeline) else {
            rejections.push(Rejection {
                line: row.line,
                column: stage_column.clone(),
                reason: format!("\"{}\" is not mapped to a stage of your pipeline; choose one in the import's stage mapping", row.stage),
            });
            continue;
        };
        let Some(owner) = owners.get(&key(&row.owner_name)).copied() else {
            continue;
        };
        let created_at = row
            .created_at
            .map(utc)
            .or_else(|| row.close_date.and_then(|d| d.and_hms_opt(0, 0, 0)).map(utc))
            .unwrap_or(now);
        let history: Vec<(Uuid, DateTime<Utc>)> = row
            .stage_history
            .iter()
            .filter_map(|(text, at)| {
                Some((stage_for(text, stage_mapping, &pipeline)?.id, utc(*at)))
            })
            .collect();
        let closed = stage.kind != "open";
        upserts.push(DealUpsert {
            id: Uuid::new_v4(),
            external_id: row.external_id.clone(),
            name: row.name.clone(),
            owner_id: owner,
            amount: row.amount,
            currency: row.currency.clone(),
            status: stage.kind.clone(),
            expected_close_date: if closed { None } else { row.close_date },
            closed_date: if closed {
                Some(row.close_date.unwrap_or_else(|| created_at.date_naive()))
            } else {
                None
            },
            created_at,
            stage_id: stage.id,
            deal_type: row.deal_type.as_str().to_owned(),
            loss_reason: if stage.kind == "lost" {
                row.loss_reason.clone()
            } else {
                None
            },
            account_id: row
                .account_name
                .as_ref()
                .and_then(|a| companies.get(&key(a)).copied()),
            stage_entered_at: history.last().map_or(created_at, |(_, at)| *at),
        });
        histories.insert(row.external_id.clone(), history);
    }

    let mut outcome = Outcome::default();
    let mut processed = 0;
    for chunk in upserts.chunks(CHUNK) {
        let external_ids: Vec<String> = chunk.iter().map(|d| d.external_id.clone()).collect();
        let previous_stage: HashMap<String, Uuid> = {
            use attain_db::schema::tenant::deals as deals_table;
            deals_table::table
                .filter(deals_table::external_id.eq_any(&external_ids))
                .select((
                    deals_table::external_id.assume_not_null(),
                    deals_table::stage_id,
                ))
                .load::<(String, Uuid)>(t.conn())?
                .into_iter()
                .collect()
        };
        let written = imports::upsert_deals(t, chunk)?;
        let by_external: HashMap<&str, &DealUpsert> =
            chunk.iter().map(|d| (d.external_id.as_str(), d)).collect();
        let ids: Vec<Uuid> = written.iter().map(|w| w.id).collect();
        imports::clear_imported_milestones(t, &ids)?;
        let mut milestones = Vec::new();
        for row in &written {
            if row.inserted {
                outcome.created += 1;
            } else {
                outcome.updated += 1;
            }
            let Some(deal) = by_external.get(row.external_id.as_str()) else {
                continue;
            };
            let history = histories.get(&row.external_id).cloned().unwrap_or_default();
            let mut from = if row.inserted {
                None
            } else {
                previous_stage.get(&row.external_id).copied()
            };
            if !history.is_empty() {
                from = None;
                for (stage_id, at) in history {
                    milestones.push(deals::NewMilestone {
                        deal_id: row.id,
                        from_stage_id: from,
                        to_stage_id: stage_id,
                        at,
                        by_user_id: None,
                        source: "import".into(),
                    });
                    from = Some(stage_id);
                }
            }
            if from != Some(deal.stage_id) {
                let at = if row.inserted {
                    deal.created_at
                } else {
                    Utc::now()
                };
                milestones.push(deals::NewMilestone {
                    deal_id: row.id,
                    from_stage_id: from,
                    to_stage_id: deal.stage_id,
                    at,
                    by_user_id: None,
                    source: "import".into(),
                });
            }
        }
        deals::record_milestones(t, &milestones)?;
        processed += chunk.len();
        progress(processed);
    }
    rejections.sort_by(|a, b| a.line.cmp(&b.line).then_with(|| a.column.cmp(&b.column)));
    outcome.rejections = rejections;
    Ok(outcome)
}

fn import_people(
    t: &mut TenantConn<'_>,
    file: &CsvFile,
    mapping: &Mapping,
    options: &ReadOptions,
    progress: &mut dyn FnMut(usize),
) -> Result<Outcome, ImportFailure> {
    let read = read_people(file, mapping, options);
    let mut outcome = Outcome {
        rejections: read.rejections,
        ..Outcome::default()
    };
    let teams: HashMap<String, Uuid> = attain_db::tenant::teams::all(t)?
        .into_iter()
        .map(|team| (key(&team.name), team.id))
        .collect();
    let mut existing = people::all(t)?;
    for (index, row) in read.rows.iter().enumerate() {
        let found = existing.iter_mut().find(|p| {
            row.external_id.is_some() && p.external_id == row.external_id
                || row.email.as_ref().is_some_and(|e| {
                    p.email
                        .as_deref()
                        .is_some_and(|pe| pe.eq_ignore_ascii_case(e))
                })
                || row.external_id.is_none()
                    && row.email.is_none()
                    && key(&p.name) == key(&row.name)
        });
        let team_id = row
            .team_name
            .as_ref()
            .and_then(|n| teams.get(&key(n)).copied());
        let role = row.sales_role.map(|r| r.as_str().to_owned());
        match found {
            Some(person) => {
                let mut after = person.clone();
                after.name = row.name.clone();
                after.email = row.email.clone().or(after.email);
                after.external_id = row.external_id.clone().or(after.external_id);
                after.team_id = team_id.or(after.team_id);
                after.sales_role = role.unwrap_or(after.sales_role);
                if after != *person {
                    after.version += 1;
                    people::save(t, &after)?;
                    *person = after;
                    outcome.updated += 1;
                }
            }
            None => {
                let person = Person {
                    id: Uuid::new_v4(),
                    user_id: None,
                    external_id: row.external_id.clone(),
                    name: row.name.clone(),
                    email: row.email.clone(),
                    team_id,
                    manager_id: None,
                    sales_role: role.unwrap_or_else(|| "ae".into()),
                    active: true,
                    version: 1,
                    created_at: Utc::now(),
                };
                people::insert(t, &person)?;
                existing.push(person);
                outcome.created += 1;
            }
        }
        if (index + 1) % CHUNK == 0 {
            progress(index + 1);
        }
    }
    // Managers by name, once everyone exists.
    for row in &read.rows {
        let Some(manager) = &row.manager_name else {
            continue;
        };
        let manager_id = existing
            .iter()
            .find(|p| key(&p.name) == key(manager))
            .map(|p| p.id);
        let person_id = existing
            .iter()
            .find(|p| key(&p.name) == key(&row.name))
            .map(|p| p.id);
        if let (Some(manager_id), Some(person_id)) = (manager_id, person_id) {
            if manager_id != person_id {
                diesel::update(people_table::table.find(person_id))
                    .set(people_table::manager_id.eq(manager_id))
                    .execute(t.conn())?;
            }
        }
    }
    progress(read.rows.len());
    Ok(outcome)
}

fn import_accounts(
    t: &mut TenantConn<'_>,
    file: &CsvFile,
    mapping: &Mapping,
    options: &ReadOptions,
    progress: &mut dyn FnMut(usize),
) -> Result<Outcome, ImportFailure> {
    let read = read_accounts(file, mapping, options);
    let mut outcome = Outcome {
        rejections: read.rejections,
        ..Outcome::default()
    };
    let criteria: Vec<attain_domain::icp::IcpCriterion> = accounts::criteria(t)?
        .into_iter()
        .filter_map(|c| {
            Some(attain_domain::icp::IcpCriterion {
                attribute: c.attribute.parse().ok()?,
                value: c.value,
                weight: c.weight,
            })
        })
        .collect();
    let regions: HashMap<String, Uuid> = attain_db::tenant::teams::all(t)?
        .into_iter()
        .filter(|team| team.kind == "region")
        .map(|team| (key(&team.name), team.id))
        .collect();
    let owners = people_by_name(t, read.rows.iter().filter_map(|r| r.owner_name.clone()))?;
    let mut existing: HashMap<String, accounts::Account> = accounts::all(t)?
        .into_iter()
        .map(|a| (key(&a.name), a))
        .collect();
    for (index, row) in read.rows.iter().enumerate() {
        let segment = attain_domain::org::Segment::for_employees(row.employees.unwrap_or(0));
        let mut account = match existing.get(&key(&row.name)) {
            Some(current) => current.clone(),
            None => accounts::Account {
                id: Uuid::new_v4(),
                external_id: None,
                name: row.name.clone(),
                industry: String::new(),
                employees: None,
                segment: segment.as_str().into(),
                region_id: None,
                territory_id: None,
                owner_id: None,
                icp_score: 0,
                version: 1,
                created_at: Utc::now(),
            },
        };
        let before = account.clone();
        account.external_id = row.external_id.clone().or(account.external_id);
        account.industry = row.industry.clone().unwrap_or(account.industry);
        if row.employees.is_some() {
            account.employees = row.employees;
            account.segment = segment.as_str().into();
        }
        account.region_id = row
            .region
            .as_ref()
            .and_then(|r| regions.get(&key(r)).copied())
            .or(account.region_id);
        account.owner_id = row
            .owner_name
            .as_ref()
            .and_then(|o| owners.get(&key(o)).copied())
            .or(account.owner_id);
        account.icp_score = attain_domain::icp::score(
            &criteria,
            &attain_domain::icp::AccountProfile {
                industry: account.industry.clone(),
                segment: account.segment.parse().ok(),
                region_id: account.region_id.map(|r| r.to_string()),
                employees: account.employees,
            },
        );
        if !existing.contains_key(&key(&row.name)) {
            accounts::insert(t, &account)?;
            outcome.created += 1;
        } else if account != before {
            account.version += 1;
            accounts::save(t, &account)?;
            outcome.updated += 1;
        }
        existing.insert(key(&row.name), account);
        if (index + 1) % CHUNK == 0 {
            progress(index + 1);
        }
    }
    progress(read.rows.len());
    Ok(outcome)
}

fn import_activities(
    t: &mut TenantConn<'_>,
    file: &CsvFile,
    mapping: &Mapping,
    options: &ReadOptions,
    progress: &mut dyn FnMut(usize),
) -> Result<Outcome, ImportFailure> {
    let read = read_activities(file, mapping, options);
    let mut outcome = Outcome {
        rejections: read.rejections,
        ..Outcome::default()
    };
    let owners = people_by_name(t, read.rows.iter().map(|r| r.owner_name.clone()))?;
    let companies = accounts_by_name(t, read.rows.iter().filter_map(|r| r.account_name.clone()))?;
    let deal_ids: HashMap<String, Uuid> = {
        use attain_db::schema::tenant::deals as deals_table;
        deals_table::table
            .filter(deals_table::external_id.is_not_null())
            .select((deals_table::external_id.assume_not_null(), deals_table::id))
            .load::<(String, Uuid)>(t.conn())?
            .into_iter()
            .collect()
    };
    for (index, chunk) in read.rows.chunks(CHUNK).enumerate() {
        let rows: Vec<_> = chunk
            .iter()
            .filter_map(|row| {
                let person_id = owners.get(&key(&row.owner_name)).copied()?;
                // Without an id, the activity's own content identifies it on re-import.
                let external_id = row.external_id.clone().unwrap_or_else(|| {
                    format!(
                        "{}|{}|{}|{}",
                        key(&row.owner_name),
                        row.occurred_at,
                        row.kind.as_str(),
                        row.subject.as_deref().unwrap_or("")
                    )
                });
                Some((
                    activities_table::id.eq(Uuid::new_v4()),
                    activities_table::external_id.eq(Some(external_id)),
                    activities_table::kind.eq(row.kind.as_str().to_owned()),
                    activities_table::person_id.eq(person_id),
                    activities_table::deal_id.eq(row
                        .deal_external_id
                        .as_ref()
                        .and_then(|d| deal_ids.get(d).copied())),
                    activities_table::account_id.eq(row
                        .account_name
                        .as_ref()
                        .and_then(|a| companies.get(&key(a)).copied())),
                    activities_table::occurred_at.eq(utc(row.occurred_at)),
                    activities_table::subject.eq(row.subject.clone().unwrap_or_default()),
                ))
            })
            .collect();
        let inserted = diesel::insert_into(activities_table::table)
            .values(&rows)
            .on_conflict(activities_table::external_id)
            .do_nothing()
            .execute(t.conn())?;
        outcome.created += inserted as i32;
        progress((index + 1) * CHUNK.min(chunk.len()));
    }
    Ok(outcome)
}
