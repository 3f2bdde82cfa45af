//! Server functions of the sales pages (onboarding, pipeline, deals,
//! accounts and the ICP, products, stages, people). Like [`crate::api`], each
//! calls the same service (`run`) as the matching `/api/v1` endpoint, so
//! permissions, validation and audit are the API's own. Forms post one
//! argument per field, so some functions take many.
#![allow(clippy::too_many_arguments)]

use crate::{problem::Problem, sales_model::*};
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

#[cfg(feature = "ssr")]
use crate::server;

/// Runs `$body`; on error, hands the problem to the form (with or without JS).
#[cfg(feature = "ssr")]
macro_rules! form_call {
    ($fn_type:ty, $body:expr) => {{
        let result: Result<_, Problem> = async { $body }.await;
        match result {
            Ok(value) => Ok(value),
            Err(problem) => Err(server::form_error(
                <$fn_type as leptos::server_fn::ServerFn>::PATH,
                problem,
            )
            .await),
        }
    }};
}

// ---------------------------------------------------------------------------
// Onboarding
// ---------------------------------------------------------------------------

#[server(prefix = "/fn", input = GetUrl)]
pub async fn load_onboarding() -> Result<OnboardingView, Problem> {
    use attain_api::routes::{accounts, people, products, sales_model};
    let (state, principal) = server::caller(None).await?;
    let models = sales_model::list::run(&state, &principal).await?;
    let people = people::list::run(
        &state,
        &principal,
        support::page(1, 1),
        people::list::PeopleQuery::default(),
    )
    .await?
    .total;
    let products = products::list::run(&state, &principal, products::list::ProductQuery::default())
        .await?
        .len() as i64;
    let accounts = accounts::list::run(
        &state,
        &principal,
        support::page(1, 1),
        accounts::list::AccountQuery::default(),
    )
    .await?
    .total;
    Ok(OnboardingView {
        templates: models
            .templates
            .into_iter()
            .map(|m| TemplateCard {
                key: m.key.to_owned(),
                name: m.name.to_owned(),
                summary: m.summary.to_owned(),
                stages: m
                    .stages
                    .iter()
                    .map(|s| TemplateStage {
                        name: s.name.to_owned(),
                        probability: s.probability,
                        kind: s.kind.to_owned(),
                        pipeline: s.pipeline.as_str().to_owned(),
                    })
                    .collect(),
                kpis: m.kpis.iter().map(|k| (*k).to_owned()).collect(),
                roles: m.roles.iter().map(|r| r.as_str().to_owned()).collect(),
            })
            .collect(),
        chosen: models.chosen.as_ref().map(|c| c.template.clone()),
        chosen_at: models
            .chosen
            .map(|c| c.chosen_at.format("%Y-%m-%d").to_string()),
        people,
        products,
        accounts,
    })
}

/// Applies a sales-model template; returns how many stages the pipeline has.
#[server(prefix = "/fn")]
pub async fn apply_sales_model(csrf: String, template: String) -> Result<usize, Problem> {
    form_call!(ApplySalesModel, {
        use attain_api::routes::sales_model::apply::{run, ApplySalesModel};
        let (state, principal) = server::caller(Some(&csrf)).await?;
        let stages = run(&state, &principal, ApplySalesModel { template }).await?;
        Ok(stages.iter().filter(|s| s.active).count())
    })
}

// ---------------------------------------------------------------------------
// Pipeline and deals
// ---------------------------------------------------------------------------

/// The board (`view` other than "list": open new-business stages with their
/// largest deals) or one page of the deal list, with what the filters and
/// the new-deal form offer.
#[server(prefix = "/fn", input = GetUrl)]
pub async fn load_pipeline(
    view: String,
    stage: String,
    owner: String,
    deal_type: String,
    q: String,
    sort: String,
    page: i64,
) -> Result<PipelineView, Problem> {
    use attain_api::routes::deals::list::{run as list, DealQuery};
    let (state, principal) = server::caller(None).await?;
    let stages = support::stages(&state, &principal).await?;
    let people = support::everyone(&state, &principal).await?;
    let me = people
        .iter()
        .find(|p| p.user_id == Some(principal.user_id) && p.active)
        .map(|p| p.id.to_string());
    let mut names = support::Names::new(&people, &stages);
    let accounts = support::account_choices(&state, &principal, &mut names).await?;
    let query = |stage_id| -> Result<DealQuery, Problem> {
        Ok(DealQuery {
            status: None,
            stage_id,
            owner_id: support::id(&owner, "owner_id")?,
            account_id: None,
            deal_type: support::text(&deal_type),
            q: support::text(&q),
            sort: None,
        })
    };
    let active: Vec<StageRow> = stages.iter().filter(|s| s.active).cloned().collect();
    let mut columns = Vec::new();
    let mut list_page = None;
    if view == "list" {
        let mut filter = query(support::id(&stage, "stage_id")?)?;
        filter.sort = support::text(&sort);
        let paged = list(&state, &principal, support::page(page, 25), filter).await?;
        names
            .fetch_account_names(
                &state,
                &principal,
                paged.items.iter().filter_map(|d| d.account_id),
            )
            .await?;
        list_page = Some(crate::model::Page {
            items: paged.items.iter().map(|d| names.deal_row(d)).collect(),
            page: paged.page,
            per_page: paged.per_page,
            total: paged.total,
        });
    } else {
        for stage in active
            .iter()
            .filter(|s| s.kind == "open" && s.pipeline == "new_business")
        {
            let mut filter = query(stage.id.parse().ok())?;
            filter.sort = Some("amount".into());
            let paged = list(&state, &principal, support::page(1, BOARD_CARDS), filter).await?;
            names
                .fetch_account_names(
                    &state,
                    &principal,
                    paged.items.iter().filter_map(|d| d.account_id),
                )
                .await?;
            columns.push(BoardColumn {
                stage: stage.clone(),
                deals: paged.items.iter().map(|d| names.deal_row(d)).collect(),
                total: paged.total,
                sums: support::sum_by_currency(
                    paged.items.iter().map(|d| (d.currency.clone(), d.amount)),
                ),
            });
        }
    }
    Ok(PipelineView {
        columns,
        list: list_page,
        stages: active,
        people: support::choices(&people),
        accounts,
        me,
    })
}

/// Creates a deal; returns its id.
#[server(prefix = "/fn")]
pub async fn create_deal(
    csrf: String,
    name: String,
    amount: String,
    currency: String,
    stage_id: String,
    deal_type: String,
    expected_close_date: String,
    account_id: String,
    owner_id: String,
) -> Result<String, Problem> {
    form_call!(CreateDeal, {
        use attain_api::routes::deals::create::{run, CreateDeal};
        let (state, principal) = server::caller(Some(&csrf)).await?;
        let body = CreateDeal {
            name,
            amount: support::decimal(&amount),
            currency,
            stage_id: support::id(&stage_id, "stage_id")?,
            status: None,
            deal_type: support::text(&deal_type),
            account_id: support::id(&account_id, "account_id")?,
            expected_close_date: support::date(&expected_close_date, "expected_close_date")?,
            closed_date: None,
            loss_reason: None,
            owner_id: support::id(&owner_id, "owner_id")?,
            splits: Vec::new(),
            lines: Vec::new(),
        };
        Ok(run(&state, &principal, body).await?.deal.id.to_string())
    })
}

#[server(prefix = "/fn", input = GetUrl)]
pub async fn load_deal(id: String) -> Result<DealDetail, Problem> {
    use attain_api::routes::{deals, products};
    let (state, principal) = server::caller(None).await?;
    let deal_id = support::required(&id, "deal")?;
    let view = deals::get::run(&state, &principal, deal_id).await?;
    let milestones = deals::milestones::run(&state, &principal, deal_id).await?;
    let stages = support::stages(&state, &principal).await?;
    let people = support::everyone(&state, &principal).await?;
    let catalogue =
        products::list::run(&state, &principal, products::list::ProductQuery::default()).await?;
    let members = support::member_names(&state, principal.tenant.id).await?;
    let mut names = support::Names::new(&people, &stages);
    let accounts = support::account_choices(&state, &principal, &mut names).await?;
    names
        .fetch_account_names(&state, &principal, view.deal.account_id)
        .await?;
    let deal = &view.deal;
    let product_name = |id: uuid::Uuid| {
        catalogue
            .iter()
            .find(|p| p.id == id)
            .map(|p| (p.name.clone(), p.priority.clone()))
            .unwrap_or_else(|| ("Product no longer listed".into(), "standard".into()))
    };
    let mut previous: Option<i64> = None;
    let milestones = milestones
        .iter()
        .map(|m| {
            let at = m.at.timestamp();
            let after = previous.map(|p| support::span(at - p));
            previous = Some(at);
            MilestoneRow {
                from: m.from_stage_id.map(|s| names.stage(s)),
                to: names.stage(m.to_stage_id),
                to_kind: names.stage_kind(m.to_stage_id),
                at: m.at.format("%Y-%m-%d %H:%M UTC").to_string(),
                by: m
                    .by_user_id
                    .and_then(|u| members.get(&u).cloned())
                    .unwrap_or_else(|| match m.source.as_str() {
                        "import" => "CSV import".to_owned(),
                        "crm" => "CRM sync".to_owned(),
                        _ => "Attain".to_owned(),
                    }),
                source: m.source.clone(),
                after,
            }
        })
        .collect();
    Ok(DealDetail {
        id: deal.id.to_string(),
        name: deal.name.clone(),
        amount: deal.amount.to_string(),
        currency: deal.currency.clone(),
        status: deal.status.clone(),
        deal_type: deal.deal_type.clone(),
        version: deal.version,
        owner_id: deal.owner_id.to_string(),
        owner: names.person(deal.owner_id),
        account_id: deal.account_id.map(|a| a.to_string()),
        account: deal.account_id.and_then(|a| names.account(a)),
        stage_id: deal.stage_id.to_string(),
        expected_close: deal
            .expected_close_date
            .map(|d| d.format("%Y-%m-%d").to_string()),
        closed_date: deal.closed_date.map(|d| d.format("%Y-%m-%d").to_string()),
        loss_reason: deal.loss_reason.clone(),
        created: deal.created_at.format("%Y-%m-%d").to_string(),
        days_in_stage: support::days_since(deal.stage_entered_at.timestamp()),
        splits: view
            .splits
            .iter()
            .map(|s| SplitRow {
                person_id: s.person_id.to_string(),
                person: names.person(s.person_id),
                share: s.share.normalize().to_string(),
            })
            .collect(),
        lines: view
            .lines
            .iter()
            .map(|l| {
                let (product, priority) = product_name(l.product_id);
                LineRow {
                    product_id: l.product_id.to_string(),
                    product,
                    priority,
                    quantity: l.quantity.normalize().to_string(),
                    unit_price: l.unit_price.to_string(),
                    total: (l.quantity * l.unit_price).round_dp(2).to_string(),
                }
            })
            .collect(),
        milestones,
        stages: stages.into_iter().filter(|s| s.active).collect(),
        people: support::choices(&people),
        products: catalogue
            .iter()
            .filter(|p| p.active)
            .map(|p| ProductChoice {
                id: p.id.to_string(),
                name: p.name.clone(),
                currency: p.currency.clone(),
                list_price: p.list_price.to_string(),
            })
            .collect(),
        accounts,
    })
}

/// Moves a deal to another stage (a milestone); a lost deal needs a reason.
/// Returns the name of the stage reached.
#[server(prefix = "/fn")]
pub async fn move_deal(
    csrf: String,
    deal_id: String,
    version: i32,
    stage_id: String,
    #[server(default)] loss_reason: String,
) -> Result<String, Problem> {
    form_call!(MoveDeal, {
        let (state, principal) = server::caller(Some(&csrf)).await?;
        let deal_id = support::required(&deal_id, "deal")?;
        let stage = support::required(&stage_id, "stage")?;
        let stages = support::stages(&state, &principal).await?;
        let target = stages
            .iter()
            .find(|s| s.id == stage.to_string())
            .ok_or_else(|| support::field("stage_id", "is not a stage of your pipeline"))?;
        if target.kind == "lost" && loss_reason.trim().is_empty() {
            return Err(support::field(
                "loss_reason",
                "say why the deal was lost: it is what coaching learns from",
            ));
        }
        let mut body = support::no_change(version);
        body.stage_id = Some(stage);
        body.loss_reason = support::text(&loss_reason);
        attain_api::routes::deals::update::run(&state, &principal, deal_id, body).await?;
        Ok(target.name.clone())
    })
}

#[server(prefix = "/fn")]
pub async fn update_deal(
    csrf: String,
    deal_id: String,
    version: i32,
    name: String,
    #[server(default)] amount: String,
    #[server(default)] currency: String,
    deal_type: String,
    expected_close_date: String,
    account_id: String,
    #[server(default)] owner_id: String,
) -> Result<(), Problem> {
    form_call!(UpdateDeal, {
        let (state, principal) = server::caller(Some(&csrf)).await?;
        let deal_id = support::required(&deal_id, "deal")?;
        let mut body = support::no_change(version);
        body.name = Some(name);
        body.amount = support::decimal(&amount);
        body.currency = support::text(&currency);
        body.deal_type = support::text(&deal_type);
        body.expected_close_date = support::date(&expected_close_date, "expected_close_date")?;
        body.account_id = support::id(&account_id, "account_id")?;
        body.owner_id = support::id(&owner_id, "owner_id")?;
        attain_api::routes::deals::update::run(&state, &principal, deal_id, body).await?;
        Ok(())
    })
}

/// Replaces the deal's credit splits (no rows: the owner gets all the credit).
#[server(prefix = "/fn")]
pub async fn update_splits(
    csrf: String,
    deal_id: String,
    version: i32,
    #[server(default)] splits: Vec<SplitArg>,
) -> Result<(), Problem> {
    form_call!(UpdateSplits, {
        use attain_api::routes::deals::SplitInput;
        let (state, principal) = server::caller(Some(&csrf)).await?;
        let deal_id = support::required(&deal_id, "deal")?;
        let mut inputs = Vec::new();
        for row in splits
            .iter()
            .filter(|r| !r.person_id.trim().is_empty() || !r.share.trim().is_empty())
        {
            let Some(person_id) = support::id(&row.person_id, "splits")? else {
                return Err(support::field("splits", "choose a person for each share"));
            };
            if row.share.trim().is_empty() {
                return Err(support::field(
                    "splits",
                    "give each person a share in percent",
                ));
            }
            inputs.push(SplitInput {
                person_id,
                share: serde_json::Value::String(support::plain_number(&row.share)),
            });
        }
        let mut body = support::no_change(version);
        body.splits = Some(inputs);
        attain_api::routes::deals::update::run(&state, &principal, deal_id, body).await?;
        Ok(())
    })
}

/// Replaces the deal's product lines; the amount becomes their total.
#[server(prefix = "/fn")]
pub async fn update_lines(
    csrf: String,
    deal_id: String,
    version: i32,
    #[server(default)] lines: Vec<LineArg>,
) -> Result<(), Problem> {
    form_call!(UpdateLines, {
        use attain_api::routes::deals::LineInput;
        let (state, principal) = server::caller(Some(&csrf)).await?;
        let deal_id = support::required(&deal_id, "deal")?;
        let mut inputs = Vec::new();
        for row in lines.iter().filter(|r| !r.product_id.trim().is_empty()) {
            let Some(product_id) = support::id(&row.product_id, "lines")? else {
                continue;
            };
            let quantity = match row.quantity.trim() {
                "" => "1".to_owned(),
                q => support::plain_number(q),
            };
            inputs.push(LineInput {
                product_id,
                quantity: serde_json::Value::String(quantity),
                unit_price: support::decimal(&row.unit_price),
            });
        }
        let mut body = support::no_change(version);
        body.lines = Some(inputs);
        attain_api::routes::deals::update::run(&state, &principal, deal_id, body).await?;
        Ok(())
    })
}

// ---------------------------------------------------------------------------
// Accounts and the ideal customer profile
// ---------------------------------------------------------------------------

#[server(prefix = "/fn", input = GetUrl)]
pub async fn load_accounts(
    q: String,
    industry: String,
    segment: String,
    min_score: String,
    sort: String,
    page: i64,
) -> Result<AccountsView, Problem> {
    use attain_api::routes::{accounts, teams};
    let (state, principal) = server::caller(None).await?;
    let min_score = match min_score.trim() {
        "" => None,
        raw => Some(
            raw.parse::<i32>()
                .map_err(|_| support::field("min_score", "must be a whole number"))?,
        ),
    };
    let query = accounts::list::AccountQuery {
        q: support::text(&q),
        industry: support::text(&industry),
        segment: support::text(&segment),
        region_id: None,
        owner_id: None,
        min_score,
        sort: support::text(&sort),
    };
    let paged = accounts::list::run(&state, &principal, support::page(page, 25), query).await?;
    let criteria = accounts::icp::run(&state, &principal).await?.criteria;
    let regions: Vec<Choice> = teams::list::run(&state, &principal)
        .await?
        .into_iter()
        .filter(|t| t.kind == "region")
        .map(|t| (t.id.to_string(), t.name))
        .collect();
    let people = support::everyone(&state, &principal).await?;
    let names = support::Names::new(&people, &[]);
    let region_name = |id: &str| {
        regions
            .iter()
            .find(|(r, _)| r == id)
            .map(|(_, n)| n.clone())
    };
    let mut industries: Vec<String> = paged
        .items
        .iter()
        .map(|a| a.industry.clone())
        .chain(
            criteria
                .iter()
                .filter(|c| c.attribute == "industry")
                .map(|c| c.value.clone()),
        )
        .filter(|i| !i.trim().is_empty())
        .collect();
    industries.sort_by_key(|i| i.to_lowercase());
    industries.dedup_by(|a, b| a.eq_ignore_ascii_case(b));
    Ok(AccountsView {
        page: crate::model::Page {
            items: paged
                .items
                .iter()
                .map(|a| AccountRow {
                    id: a.id.to_string(),
                    name: a.name.clone(),
                    industry: a.industry.clone(),
                    employees: a.employees,
                    segment: a.segment.clone(),
                    region_id: a.region_id.map(|r| r.to_string()),
                    region: a.region_id.and_then(|r| region_name(&r.to_string())),
                    owner_id: a.owner_id.map(|o| o.to_string()),
                    owner: a.owner_id.map(|o| names.person(o)),
                    score: a.icp_score,
                    version: a.version,
                })
                .collect(),
            page: paged.page,
            per_page: paged.per_page,
            total: paged.total,
        },
        criteria: criteria
            .iter()
            .map(|c| CriterionView {
                attribute: c.attribute.clone(),
                value: c.value.clone(),
                shown: match c.attribute.as_str() {
                    "region" => region_name(&c.value).unwrap_or_else(|| c.value.clone()),
                    "segment" => segment_label(&c.value).to_owned(),
                    _ => c.value.clone(),
                },
                weight: c.weight,
            })
            .collect(),
        people: support::choices(&people),
        regions,
        industries,
    })
}

#[server(prefix = "/fn")]
pub async fn create_account(
    csrf: String,
    name: String,
    industry: String,
    employees: String,
    segment: String,
    #[server(default)] region_id: String,
    owner_id: String,
) -> Result<(), Problem> {
    form_call!(CreateAccount, {
        use attain_api::routes::accounts::create::{run, CreateAccount};
        let (state, principal) = server::caller(Some(&csrf)).await?;
        let body = CreateAccount {
            name,
            industry: Some(industry.trim().to_owned()),
            employees: support::whole(&employees, "employees")?,
            segment: support::text(&segment),
            region_id: support::id(&region_id, "region_id")?,
            owner_id: support::id(&owner_id, "owner_id")?,
            external_id: None,
        };
        run(&state, &principal, body).await?;
        Ok(())
    })
}

#[server(prefix = "/fn")]
pub async fn update_account(
    csrf: String,
    account_id: String,
    version: i32,
    name: String,
    industry: String,
    employees: String,
    segment: String,
    #[server(default)] region_id: String,
    owner_id: String,
) -> Result<(), Problem> {
    form_call!(UpdateAccount, {
        use attain_api::routes::accounts::update::{run, UpdateAccount};
        let (state, principal) = server::caller(Some(&csrf)).await?;
        let account_id = support::required(&account_id, "account")?;
        let body = UpdateAccount {
            version,
            name: Some(name),
            industry: Some(industry.trim().to_owned()),
            employees: support::whole(&employees, "employees")?,
            segment: support::text(&segment),
            region_id: support::id(&region_id, "region_id")?,
            owner_id: support::id(&owner_id, "owner_id")?,
        };
        run(&state, &principal, account_id, body).await?;
        Ok(())
    })
}

/// Replaces the ICP; returns how many accounts were rescored.
#[server(prefix = "/fn")]
pub async fn replace_icp(
    csrf: String,
    #[server(default)] criteria: Vec<CriterionArg>,
) -> Result<usize, Problem> {
    form_call!(ReplaceIcp, {
        use attain_api::routes::accounts::icp_replace::{run, CriterionInput, ReplaceIcp};
        let (state, principal) = server::caller(Some(&csrf)).await?;
        let mut rows = Vec::new();
        for row in criteria.iter().filter(|c| !c.value.trim().is_empty()) {
            let weight =
                row.weight.trim().parse::<i32>().map_err(|_| {
                    support::field("weight", "must be a whole number from 1 to 100")
                })?;
            rows.push(CriterionInput {
                attribute: row.attribute.clone(),
                value: row.value.trim().to_owned(),
                weight,
            });
        }
        let saved = run(&state, &principal, ReplaceIcp { criteria: rows }).await?;
        Ok(saved.accounts_rescored)
    })
}

// ---------------------------------------------------------------------------
// Products
// ---------------------------------------------------------------------------

#[server(prefix = "/fn", input = GetUrl)]
pub async fn load_products(priority: String, status: String) -> Result<Vec<ProductRow>, Problem> {
    use attain_api::routes::products::list::{run, ProductQuery};
    let (state, principal) = server::caller(None).await?;
    let query = ProductQuery {
        priority: support::text(&priority),
        category: None,
        active: match status.as_str() {
            "active" => Some(true),
            "retired" => Some(false),
            _ => None,
        },
    };
    Ok(run(&state, &principal, query)
        .await?
        .into_iter()
        .map(|p| ProductRow {
            id: p.id.to_string(),
            name: p.name,
            category: p.category,
            list_price: p.list_price.to_string(),
            currency: p.currency,
            priority: p.priority,
            active: p.active,
            version: p.version,
        })
        .collect())
}

#[server(prefix = "/fn")]
pub async fn create_product(
    csrf: String,
    name: String,
    category: String,
    list_price: String,
    currency: String,
    priority: String,
) -> Result<(), Problem> {
    form_call!(CreateProduct, {
        use attain_api::routes::products::create::{run, CreateProduct};
        let (state, principal) = server::caller(Some(&csrf)).await?;
        let body = CreateProduct {
            name,
            category: Some(category.trim().to_owned()),
            list_price: serde_json::Value::String(support::plain_number(&list_price)),
            currency,
            priority: support::text(&priority),
        };
        run(&state, &principal, body).await?;
        Ok(())
    })
}

#[server(prefix = "/fn")]
pub async fn update_product(
    csrf: String,
    product_id: String,
    version: i32,
    name: String,
    category: String,
    list_price: String,
    currency: String,
    priority: String,
) -> Result<(), Problem> {
    form_call!(UpdateProduct, {
        use attain_api::routes::products::update::{run, UpdateProduct};
        let (state, principal) = server::caller(Some(&csrf)).await?;
        let product_id = support::required(&product_id, "product")?;
        let body = UpdateProduct {
            version,
            name: Some(name),
            category: Some(category.trim().to_owned()),
            list_price: Some(serde_json::Value::String(support::plain_number(
                &list_price,
            ))),
            currency: Some(currency),
            priority: support::text(&priority),
            active: None,
        };
        run(&state, &principal, product_id, body).await?;
        Ok(())
    })
}

/// Retires a product (deals that sold it keep it) or lists it again.
#[server(prefix = "/fn")]
pub async fn set_product_active(
    csrf: String,
    product_id: String,
    version: i32,
    active: bool,
) -> Result<(), Problem> {
    form_call!(SetProductActive, {
        use attain_api::routes::products::update::{run, UpdateProduct};
        let (state, principal) = server::caller(Some(&csrf)).await?;
        let product_id = support::required(&product_id, "product")?;
        let body = UpdateProduct {
            version,
            name: None,
            category: None,
            list_price: None,
            currency: None,
            priority: None,
            active: Some(active),
        };
        run(&state, &principal, product_id, body).await?;
        Ok(())
    })
}

// ---------------------------------------------------------------------------
// Stages
// ---------------------------------------------------------------------------

#[server(prefix = "/fn", input = GetUrl)]
pub async fn load_stages() -> Result<Vec<StageRow>, Problem> {
    let (state, principal) = server::caller(None).await?;
    support::stages(&state, &principal).await
}

#[server(prefix = "/fn")]
pub async fn create_stage(
    csrf: String,
    name: String,
    key: String,
    probability: String,
    kind: String,
    pipeline: String,
    position: String,
) -> Result<(), Problem> {
    form_call!(CreateStage, {
        use attain_api::routes::stages::create::{run, CreateStage};
        let (state, principal) = server::caller(Some(&csrf)).await?;
        let key = match key.trim() {
            "" => support::key_from(&name),
            given => given.to_owned(),
        };
        let body = CreateStage {
            key,
            name,
            probability: support::whole(&probability, "probability")?
                .ok_or_else(|| support::field("probability", "is required (0 to 100)"))?,
            kind: support::text(&kind),
            pipeline: support::text(&pipeline),
            position: support::whole(&position, "position")?,
        };
        run(&state, &principal, body).await?;
        Ok(())
    })
}

#[server(prefix = "/fn")]
pub async fn update_stage(
    csrf: String,
    stage_id: String,
    version: i32,
    name: String,
    probability: String,
    kind: String,
) -> Result<(), Problem> {
    form_call!(UpdateStage, {
        let (state, principal) = server::caller(Some(&csrf)).await?;
        let mut body = support::stage_change(version);
        body.name = Some(name);
        body.probability = Some(
            support::whole(&probability, "probability")?
                .ok_or_else(|| support::field("probability", "is required (0 to 100)"))?,
        );
        body.kind = support::text(&kind);
        let stage_id = support::required(&stage_id, "stage")?;
        attain_api::routes::stages::update::run(&state, &principal, stage_id, body).await?;
        Ok(())
    })
}

/// Moves a stage to `position` (1-based, across the whole ordering).
#[server(prefix = "/fn")]
pub async fn move_stage(
    csrf: String,
    stage_id: String,
    version: i32,
    position: i32,
) -> Result<(), Problem> {
    form_call!(MoveStage, {
        let (state, principal) = server::caller(Some(&csrf)).await?;
        let mut body = support::stage_change(version);
        body.position = Some(position);
        let stage_id = support::required(&stage_id, "stage")?;
        attain_api::routes::stages::update::run(&state, &principal, stage_id, body).await?;
        Ok(())
    })
}

#[server(prefix = "/fn")]
pub async fn set_stage_active(
    csrf: String,
    stage_id: String,
    version: i32,
    active: bool,
) -> Result<(), Problem> {
    form_call!(SetStageActive, {
        let (state, principal) = server::caller(Some(&csrf)).await?;
        let mut body = support::stage_change(version);
        body.active = Some(active);
        let stage_id = support::required(&stage_id, "stage")?;
        attain_api::routes::stages::update::run(&state, &principal, stage_id, body).await?;
        Ok(())
    })
}

// ---------------------------------------------------------------------------
// People
// ---------------------------------------------------------------------------

#[server(prefix = "/fn", input = GetUrl)]
pub async fn load_people(
    q: String,
    team: String,
    sales_role: String,
    status: String,
    page: i64,
) -> Result<PeopleView, Problem> {
    use attain_api::routes::{people, teams};
    let (state, principal) = server::caller(None).await?;
    let query = people::list::PeopleQuery {
        team_id: support::id(&team, "team_id")?,
        sales_role: support::text(&sales_role),
        manager_id: None,
        active: match status.as_str() {
            "active" => Some(true),
            "inactive" => Some(false),
            _ => None,
        },
        q: support::text(&q),
        sort: None,
    };
    let paged = people::list::run(&state, &principal, support::page(page, 25), query).await?;
    let teams: Vec<Choice> = teams::list::run(&state, &principal)
        .await?
        .into_iter()
        .map(|t| (t.id.to_string(), t.name))
        .collect();
    let everyone = support::everyone(&state, &principal).await?;
    let names = support::Names::new(&everyone, &[]);
    let team_name = |id: uuid::Uuid| {
        teams
            .iter()
            .find(|(t, _)| *t == id.to_string())
            .map(|(_, n)| n.clone())
    };
    Ok(PeopleView {
        page: crate::model::Page {
            items: paged
                .items
                .iter()
                .map(|p| PersonRow {
                    id: p.id.to_string(),
                    name: p.name.clone(),
                    email: p.email.clone(),
                    team_id: p.team_id.map(|t| t.to_string()),
                    team: p.team_id.and_then(team_name),
                    manager_id: p.manager_id.map(|m| m.to_string()),
                    manager: p.manager_id.map(|m| names.person(m)),
                    sales_role: p.sales_role.clone(),
                    active: p.active,
                    member: p.user_id.is_some(),
                    version: p.version,
                })
                .collect(),
            page: paged.page,
            per_page: paged.per_page,
            total: paged.total,
        },
        teams,
        people: support::choices(&everyone),
    })
}

#[server(prefix = "/fn")]
pub async fn create_person(
    csrf: String,
    name: String,
    email: String,
    sales_role: String,
    team_id: String,
    manager_id: String,
) -> Result<(), Problem> {
    form_call!(CreatePerson, {
        use attain_api::routes::people::create::{run, CreatePerson};
        let (state, principal) = server::caller(Some(&csrf)).await?;
        let body = CreatePerson {
            name,
            email: support::text(&email),
            sales_role,
            team_id: support::id(&team_id, "team_id")?,
            manager_id: support::id(&manager_id, "manager_id")?,
            external_id: None,
        };
        run(&state, &principal, body).await?;
        Ok(())
    })
}

#[server(prefix = "/fn")]
pub async fn update_person(
    csrf: String,
    person_id: String,
    version: i32,
    name: String,
    email: String,
    sales_role: String,
    team_id: String,
    manager_id: String,
) -> Result<(), Problem> {
    form_call!(UpdatePerson, {
        use attain_api::routes::people::update::{run, UpdatePerson};
        let (state, principal) = server::caller(Some(&csrf)).await?;
        let person_id = support::required(&person_id, "person")?;
        let body = UpdatePerson {
            version,
            name: Some(name),
            email: Some(support::text(&email)),
            sales_role: Some(sales_role),
            team_id: Some(support::id(&team_id, "team_id")?),
            manager_id: Some(support::id(&manager_id, "manager_id")?),
            active: None,
        };
        run(&state, &principal, person_id, body).await?;
        Ok(())
    })
}

#[server(prefix = "/fn")]
pub async fn set_person_active(
    csrf: String,
    person_id: String,
    version: i32,
    active: bool,
) -> Result<(), Problem> {
    form_call!(SetPersonActive, {
        use attain_api::routes::people::update::{run, UpdatePerson};
        let (state, principal) = server::caller(Some(&csrf)).await?;
        let person_id = support::required(&person_id, "person")?;
        let body = UpdatePerson {
            version,
            name: None,
            email: None,
            sales_role: None,
            team_id: None,
            manager_id: None,
            active: Some(active),
        };
        run(&state, &principal, person_id, body).await?;
        Ok(())
    })
}

// ---------------------------------------------------------------------------
// Shared server-side helpers
// ---------------------------------------------------------------------------

#[cfg(feature = "ssr")]
pub(crate) mod support {
    use crate::{problem::Problem, sales_model::*};
    use attain_api::{auth::Principal, pagination::PageQuery, ApiError, AppState};
    use attain_db::tenant::{deals::Deal, people::Person};
    use std::collections::HashMap;
    use uuid::Uuid;

    pub fn field(field: &'static str, message: impl Into<String>) -> Problem {
        Problem::from(ApiError::from(attain_domain::FieldError::new(
            field, message,
        )))
    }

    /// An optional id from a form field ("" means none).
    pub fn id(raw: &str, name: &'static str) -> Result<Option<Uuid>, Problem> {
        match raw.trim() {
            "" => Ok(None),
            raw => raw
                .parse()
                .map(Some)
                .map_err(|_| field(name, "is not a valid choice")),
        }
    }

    /// The id of the object a page is about; anything else is "not found".
    pub fn required(raw: &str, what: &str) -> Result<Uuid, Problem> {
        raw.trim()
            .parse()
            .map_err(|_| Problem::from(ApiError::not_found(what)))
    }

    /// Trimmed text, `None` when empty.
    pub fn text(raw: &str) -> Option<String> {
        let raw = raw.trim();
        (!raw.is_empty()).then(|| raw.to_owned())
    }

    /// A number as typed ("48,000.50") without grouping characters.
    pub fn plain_number(raw: &str) -> String {
        raw.trim()
            .chars()
            .filter(|c| !matches!(c, ',' | ' ' | '_' | '\''))
            .collect()
    }

    /// A decimal amount as the API reads it (a JSON string), `None` when empty.
    pub fn decimal(raw: &str) -> Option<serde_json::Value> {
        text(raw).map(|r| serde_json::Value::String(plain_number(&r)))
    }

    pub fn whole(raw: &str, name: &'static str) -> Result<Option<i32>, Problem> {
        match plain_number(raw).as_str() {
            "" => Ok(None),
            n => n
                .parse()
                .map(Some)
                .map_err(|_| field(name, "must be a whole number")),
        }
    }

    pub fn date<T: std::str::FromStr>(raw: &str, name: &'static str) -> Result<Option<T>, Problem> {
        match raw.trim() {
            "" => Ok(None),
            d => d
                .parse()
                .map(Some)
                .map_err(|_| field(name, "must be a date such as 2026-12-31")),
        }
    }

    pub fn page(page: i64, per_page: i64) -> PageQuery {
        PageQuery {
            page: Some(page.max(1)),
            per_page: Some(per_page),
        }
    }

    /// A stage key from a name: "Proof of value" → "proof_of_value".
    pub fn key_from(name: &str) -> String {
        let mut key = String::new();
        for c in name.trim().to_lowercase().chars() {
            if c.is_ascii_alphanumeric() {
                key.push(c);
            } else if !key.ends_with('_') && !key.is_empty() {
                key.push('_');
            }
        }
        let key = key.trim_end_matches('_');
        let key = if key.starts_with(|c: char| c.is_ascii_lowercase()) {
            key.to_owned()
        } else {
            format!("stage_{key}")
        };
        key.chars().take(40).collect()
    }

    fn now() -> i64 {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or_default()
    }

    pub fn days_since(timestamp: i64) -> i64 {
        ((now() - timestamp) / 86_400).max(0)
    }

    /// "2 days", "5 hours", "under an hour".
    pub fn span(seconds: i64) -> String {
        match seconds {
            s if s >= 2 * 86_400 => format!("{} days", s / 86_400),
            s if s >= 86_400 => "1 day".into(),
            s if s >= 2 * 3_600 => format!("{} hours", s / 3_600),
            s if s >= 3_600 => "1 hour".into(),
            s if s >= 120 => format!("{} minutes", s / 60),
            s if s >= 60 => "1 minute".into(),
            _ => "under a minute".into(),
        }
    }

    /// Totals per currency, currencies in order; amounts stay decimals.
    pub fn sum_by_currency<D>(items: impl IntoIterator<Item = (String, D)>) -> Vec<Sum>
    where
        D: std::ops::Add<Output = D> + Copy + ToString,
    {
        let mut totals: Vec<(String, D)> = Vec::new();
        for (currency, amount) in items {
            match totals.iter_mut().find(|(c, _)| *c == currency) {
                Some((_, total)) => *total = *total + amount,
                None => totals.push((currency, amount)),
            }
        }
        totals.sort_by(|a, b| a.0.cmp(&b.0));
        totals
            .into_iter()
            .map(|(c, t)| (c, t.to_string()))
            .collect()
    }

    /// An update that changes nothing yet (fields are set by the caller).
    pub fn no_change(version: i32) -> attain_api::routes::deals::update::UpdateDeal {
        attain_api::routes::deals::update::UpdateDeal {
            version,
            name: None,
            amount: None,
            currency: None,
            stage_id: None,
            status: None,
            deal_type: None,
            account_id: None,
            expected_close_date: None,
            closed_date: None,
            loss_reason: None,
            owner_id: None,
            splits: None,
            lines: None,
        }
    }

    pub fn stage_change(version: i32) -> attain_api::routes::stages::update::UpdateStage {
        attain_api::routes::stages::update::UpdateStage {
            version,
            name: None,
            probability: None,
            kind: None,
            position: None,
            active: None,
        }
    }

    /// Every stage (active or not) in pipeline order, with its deal count.
    pub async fn stages(state: &AppState, principal: &Principal) -> Result<Vec<StageRow>, Problem> {
        Ok(attain_api::routes::stages::list::run(state, principal)
            .await?
            .into_iter()
            .map(|v| StageRow {
                id: v.stage.id.to_string(),
                key: v.stage.key,
                name: v.stage.name,
                position: v.stage.position,
                probability: v.stage.probability,
                kind: v.stage.kind,
                pipeline: v.stage.pipeline,
                active: v.stage.active,
                version: v.stage.version,
                deal_count: v.deal_count,
            })
            .collect())
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

    /// Active people as select choices, by name.
    pub fn choices(people: &[Person]) -> Vec<Choice> {
        let mut out: Vec<Choice> = people
            .iter()
            .filter(|p| p.active)
            .map(|p| (p.id.to_string(), p.name.clone()))
            .collect();
        out.sort_by_key(|(_, n)| n.to_lowercase());
        out
    }

    /// Accounts for a select (the first page by name) and their names.
    pub async fn account_choices(
        state: &AppState,
        principal: &Principal,
        names: &mut Names,
    ) -> Result<Vec<Choice>, Problem> {
        use attain_api::routes::accounts::list::{run, AccountQuery};
        let query = AccountQuery {
            sort: Some("name".into()),
            ..AccountQuery::default()
        };
        let paged = run(state, principal, page(1, PageQuery::MAX_PER_PAGE), query).await?;
        Ok(paged
            .items
            .into_iter()
            .map(|a| {
                names.accounts.insert(a.id, a.name.clone());
                (a.id.to_string(), a.name)
            })
            .collect())
    }

    /// Names of members (who moved a deal), by user id.
    pub async fn member_names(
        state: &AppState,
        tenant_id: Uuid,
    ) -> Result<HashMap<Uuid, String>, Problem> {
        let members = state
            .db
            .run(move |conn| {
                attain_db::control::memberships::list_members(conn, tenant_id, 10_000, 0)
            })
            .await
            .map_err(ApiError::from)?;
        Ok(members.0.into_iter().map(|m| (m.user_id, m.name)).collect())
    }

    /// Names of people, stages and accounts, for rows that carry ids.
    pub struct Names {
        people: HashMap<Uuid, String>,
        stages: HashMap<String, (String, String)>,
        accounts: HashMap<Uuid, String>,
    }

    impl Names {
        pub fn new(people: &[Person], stages: &[StageRow]) -> Self {
            Self {
                people: people.iter().map(|p| (p.id, p.name.clone())).collect(),
                stages: stages
                    .iter()
                    .map(|s| (s.id.clone(), (s.name.clone(), s.kind.clone())))
                    .collect(),
                accounts: HashMap::new(),
            }
        }

        pub fn person(&self, id: Uuid) -> String {
            self.people
                .get(&id)
                .cloned()
                .unwrap_or_else(|| "Former member".into())
        }

        pub fn stage(&self, id: Uuid) -> String {
            self.stages
                .get(&id.to_string())
                .map(|(n, _)| n.clone())
                .unwrap_or_else(|| "Removed stage".into())
        }

        pub fn stage_kind(&self, id: Uuid) -> String {
            self.stages
                .get(&id.to_string())
                .map(|(_, k)| k.clone())
                .unwrap_or_else(|| "open".into())
        }

        pub fn account(&self, id: Uuid) -> Option<String> {
            self.accounts.get(&id).cloned()
        }

        /// Looks up the names of accounts not seen yet.
        pub async fn fetch_account_names(
            &mut self,
            state: &AppState,
            principal: &Principal,
            ids: impl IntoIterator<Item = Uuid>,
        ) -> Result<(), Problem> {
            let mut missing: Vec<Uuid> = ids
                .into_iter()
                .filter(|id| !self.accounts.contains_key(id))
                .collect();
            missing.sort();
            missing.dedup();
            for id in missing {
                if let Ok(account) =
                    attain_api::routes::accounts::get::run(state, principal, id).await
                {
                    self.accounts.insert(id, account.name);
                }
            }
            Ok(())
        }

        pub fn deal_row(&self, d: &Deal) -> DealRow {
            DealRow {
                id: d.id.to_string(),
                name: d.name.clone(),
                amount: d.amount.to_string(),
                currency: d.currency.clone(),
                owner: self.person(d.owner_id),
                stage: self.stage(d.stage_id),
                status: d.status.clone(),
                deal_type: d.deal_type.clone(),
                account: d.account_id.and_then(|a| self.account(a)),
                expected_close: d
                    .expected_close_date
                    .map(|c| c.format("%Y-%m-%d").to_string()),
                days_in_stage: days_since(d.stage_entered_at.timestamp()),
            }
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn stage_keys_come_from_names() {
            assert_eq!(key_from("Proof of value"), "proof_of_value");
            assert_eq!(key_from("  2nd call! "), "stage_2nd_call");
            assert_eq!(plain_number(" 48,000.50 "), "48000.50");
            assert_eq!(span(3 * 86_400 + 5), "3 days");
            assert_eq!(span(30), "under a minute");
        }
    }
}
