//! Server functions: the pages' only way to the data. Each one calls the same
//! service (`run`) as the matching `/api/v1` endpoint, so both share one path.

use crate::{model::*, problem::Problem};
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

#[server(prefix = "/fn", input = GetUrl)]
pub async fn current_session() -> Result<Option<SessionInfo>, Problem> {
    use attain_api::auth::{authenticate, Csrf};
    let req = server::request().await?;
    let state = server::state().await?;
    let Ok(principal) = authenticate(&req, Csrf::FromHeader).await else {
        return Ok(None);
    };
    let current = attain_api::routes::auth::session::run(&state, &principal).await?;
    Ok(Some(SessionInfo {
        user_id: current.user.id.to_string(),
        name: current.user.name,
        email: current.user.email,
        tenant_slug: current.tenant.slug,
        tenant_name: current.tenant.name,
        role: current.role.as_str().to_owned(),
        csrf_token: current.csrf_token.unwrap_or_default(),
        billing_banner: current.billing.and_then(|notice| notice.banner),
        tenants: current
            .tenants
            .into_iter()
            .map(|t| TenantOption {
                slug: t.slug,
                name: t.name,
                role: t.role,
            })
            .collect(),
    }))
}

#[server(prefix = "/fn")]
pub async fn login(email: String, password: String) -> Result<(), Problem> {
    form_call!(Login, {
        use attain_api::routes::auth::login::{run, LoginRequest};
        let req = server::request().await?;
        let state = server::state().await?;
        attain_api::auth::limit_password_attempts(&state, &server::client_ip(&req)).await?;
        let entered = run(
            &state,
            LoginRequest {
                email,
                password,
                tenant: None,
            },
        )
        .await?;
        server::enter(&state, entered, "/app").await
    })
}

#[server(prefix = "/fn")]
pub async fn signup(
    company_name: String,
    slug: String,
    industry: String,
    company_size: String,
    admin_name: String,
    email: String,
    password: String,
) -> Result<(), Problem> {
    form_call!(Signup, {
        use attain_api::routes::signup::{run, SignupRequest};
        let req = server::request().await?;
        let state = server::state().await?;
        let request = SignupRequest {
            company_name,
            slug,
            industry,
            company_size,
            admin_name,
            email,
            password,
        };
        let entered = run(&state, &server::client_ip(&req), request).await?;
        server::enter(&state, entered, "/app").await
    })
}

#[server(prefix = "/fn")]
pub async fn accept_invitation(
    token: String,
    name: String,
    password: String,
) -> Result<(), Problem> {
    form_call!(AcceptInvitation, {
        use attain_api::routes::invitations::accept::{run, AcceptRequest};
        let req = server::request().await?;
        let state = server::state().await?;
        attain_api::auth::limit_password_attempts(&state, &server::client_ip(&req)).await?;
        let name = (!name.trim().is_empty()).then_some(name);
        let entered = run(
            &state,
            AcceptRequest {
                token,
                name,
                password,
            },
        )
        .await?;
        server::enter(&state, entered, "/app").await
    })
}

#[server(prefix = "/fn")]
pub async fn logout(csrf: String) -> Result<(), Problem> {
    form_call!(Logout, {
        use attain_api::auth::{cleared_cookies, Via};
        let (state, principal) = server::caller(Some(&csrf)).await?;
        if let Via::Session { id, .. } = &principal.via {
            state
                .cache
                .destroy_session(id)
                .await
                .map_err(attain_api::ApiError::from)?;
        }
        let response = expect_context::<leptos_actix::ResponseOptions>();
        for cookie in cleared_cookies() {
            if let Ok(value) = actix_web::http::header::HeaderValue::from_str(&cookie.to_string()) {
                response.append_header(actix_web::http::header::SET_COOKIE, value);
            }
        }
        leptos_actix::redirect("/login");
        Ok(())
    })
}

#[server(prefix = "/fn")]
pub async fn switch_tenant(csrf: String, tenant: String) -> Result<(), Problem> {
    form_call!(SwitchTenant, {
        use attain_api::routes::auth::switch_tenant::{run, SwitchRequest};
        let (state, principal) = server::caller(Some(&csrf)).await?;
        let entered = run(&state, &principal, SwitchRequest { tenant }).await?;
        server::enter(&state, entered, "/app").await
    })
}

#[server(prefix = "/fn", input = GetUrl)]
pub async fn kpi_snapshot() -> Result<KpiView, Problem> {
    let (state, principal) = server::caller(None).await?;
    let (_, json) = attain_api::routes::kpis::snapshot::run(&state, &principal).await?;
    let figures = &json["figures"];
    let amounts = |key: &str| figures[key].as_object().cloned().unwrap_or_default();
    let (won, open) = (amounts("won_amount"), amounts("open_pipeline"));
    let mut currencies: Vec<String> = won.keys().chain(open.keys()).cloned().collect();
    currencies.sort();
    currencies.dedup();
    let text = |map: &serde_json::Map<String, serde_json::Value>, c: &str| {
        map.get(c)
            .and_then(|v| v.as_str())
            .unwrap_or("0.00")
            .to_owned()
    };
    let percent = figures["win_rate"]
        .as_str()
        .and_then(|r| r.parse::<f64>().ok())
        .map(|r| format!("{:.1}", r * 100.0));
    Ok(KpiView {
        computed_at: json["computed_at"].as_str().map(short_time),
        deal_count: figures["deal_count"].as_i64().unwrap_or(0),
        open_count: figures["open_count"].as_i64().unwrap_or(0),
        won_count: figures["won_count"].as_i64().unwrap_or(0),
        lost_count: figures["lost_count"].as_i64().unwrap_or(0),
        win_rate_percent: percent,
        by_currency: currencies
            .iter()
            .map(|c| (c.clone(), text(&won, c), text(&open, c)))
            .collect(),
    })
}

#[server(prefix = "/fn", input = GetUrl)]
pub async fn list_members(page: i64) -> Result<Page<MemberRow>, Problem> {
    let (state, principal) = server::caller(None).await?;
    let paged = attain_api::routes::users::list::run(&state, &principal, page_query(page)).await?;
    Ok(Page {
        items: paged
            .items
            .into_iter()
            .map(|m| MemberRow {
                user_id: m.user_id.to_string(),
                name: m.name,
                email: m.email,
                role: m.role,
                active: m.active,
                joined: m.joined_at.format("%Y-%m-%d").to_string(),
            })
            .collect(),
        page: paged.page,
        per_page: paged.per_page,
        total: paged.total,
    })
}

#[server(prefix = "/fn")]
pub async fn invite_member(
    csrf: String,
    email: String,
    role: String,
    add_seat: Option<String>,
) -> Result<InvitationCreated, Problem> {
    form_call!(InviteMember, {
        use attain_api::routes::invitations::create::{run, InviteRequest};
        let (state, principal) = server::caller(Some(&csrf)).await?;
        let request = InviteRequest {
            email,
            role,
            add_seat: add_seat.is_some(),
        };
        let created = run(&state, &principal, request).await?;
        Ok(InvitationCreated {
            email: created.email,
            role: created.role,
            invite_url: created.invite_url,
            expires: created.expires_at.format("%Y-%m-%d").to_string(),
        })
    })
}

#[server(prefix = "/fn")]
pub async fn update_member(
    csrf: String,
    user_id: String,
    role: String,
    active: String,
    add_seat: Option<String>,
) -> Result<(), Problem> {
    form_call!(UpdateMember, {
        use attain_api::routes::users::update::{run, UpdateMember};
        let (state, principal) = server::caller(Some(&csrf)).await?;
        let user_id = user_id
            .parse()
            .map_err(|_| attain_api::ApiError::not_found("member"))?;
        let body = UpdateMember {
            role: (!role.is_empty()).then_some(role),
            active: match active.as_str() {
                "true" => Some(true),
                "false" => Some(false),
                _ => None,
            },
            add_seat: add_seat.is_some(),
        };
        run(&state, &principal, user_id, body).await?;
        Ok(())
    })
}

#[server(prefix = "/fn", input = GetUrl)]
pub async fn list_tokens(page: i64) -> Result<Page<TokenRow>, Problem> {
    let (state, principal) = server::caller(None).await?;
    let paged = attain_api::routes::tokens::list::run(&state, &principal, page_query(page)).await?;
    Ok(Page {
        items: paged
            .items
            .into_iter()
            .map(|t| TokenRow {
                id: t.id.to_string(),
                name: t.name,
                role: t.role,
                prefix: t.token_prefix,
                created: t.created_at.format("%Y-%m-%d").to_string(),
                last_used: t
                    .last_used_at
                    .map(|at| at.format("%Y-%m-%d %H:%M").to_string()),
                revoked: t.revoked_at.is_some(),
            })
            .collect(),
        page: paged.page,
        per_page: paged.per_page,
        total: paged.total,
    })
}

#[server(prefix = "/fn")]
pub async fn create_token(
    csrf: String,
    name: String,
    role: String,
) -> Result<TokenCreated, Problem> {
    form_call!(CreateToken, {
        use attain_api::routes::tokens::create::{run, CreateToken};
        let (state, principal) = server::caller(Some(&csrf)).await?;
        let created = run(&state, &principal, CreateToken { name, role }).await?;
        Ok(TokenCreated {
            name: created.name,
            role: created.role,
            secret: created.token,
        })
    })
}

#[server(prefix = "/fn")]
pub async fn revoke_token(csrf: String, token_id: String) -> Result<(), Problem> {
    form_call!(RevokeToken, {
        let (state, principal) = server::caller(Some(&csrf)).await?;
        let id = token_id
            .parse()
            .map_err(|_| attain_api::ApiError::not_found("API token"))?;
        attain_api::routes::tokens::revoke::run(&state, &principal, id).await?;
        Ok(())
    })
}

#[server(prefix = "/fn", input = GetUrl)]
pub async fn list_audit(page: i64, action: String) -> Result<Page<AuditRow>, Problem> {
    use attain_api::routes::audit::list::{run, AuditQuery};
    let (state, principal) = server::caller(None).await?;
    let query = AuditQuery {
        action: (!action.is_empty()).then_some(action),
        actor_user_id: None,
        target_type: None,
    };
    let paged = run(&state, &principal, page_query(page), query).await?;
    let actors = actor_names(&state, principal.tenant.id).await?;
    Ok(Page {
        items: paged
            .items
            .into_iter()
            .map(|e| AuditRow {
                at: e.at.format("%Y-%m-%d %H:%M:%S").to_string(),
                actor: e
                    .actor_user_id
                    .and_then(|id| actors.get(&id).cloned())
                    .or_else(|| e.actor_token_id.map(|_| "API token".to_owned()))
                    .unwrap_or_else(|| "System".to_owned()),
                action: e.action,
                target: format!("{} {}", e.target_type, e.target_id.unwrap_or_default()),
                change: describe_change(e.before.as_ref(), e.after.as_ref()),
            })
            .collect(),
        page: paged.page,
        per_page: paged.per_page,
        total: paged.total,
    })
}

#[cfg(feature = "ssr")]
fn page_query(page: i64) -> attain_api::pagination::PageQuery {
    attain_api::pagination::PageQuery {
        page: Some(page.max(1)),
        per_page: Some(25),
    }
}

#[cfg(feature = "ssr")]
fn short_time(raw: &str) -> String {
    raw.get(..19).unwrap_or(raw).replace('T', " ")
}

#[cfg(feature = "ssr")]
async fn actor_names(
    state: &attain_api::AppState,
    tenant_id: uuid::Uuid,
) -> Result<std::collections::HashMap<uuid::Uuid, String>, Problem> {
    let members = state
        .db
        .run(move |conn| attain_db::control::memberships::list_members(conn, tenant_id, 10_000, 0))
        .await
        .map_err(attain_api::ApiError::from)?;
    Ok(members.0.into_iter().map(|m| (m.user_id, m.name)).collect())
}

/// "role: rep → admin, active: true → false" from an audit entry's before and
/// after, leaving out bookkeeping (ids, timestamps, versions) and empty values.
#[cfg(feature = "ssr")]
fn describe_change(
    before: Option<&serde_json::Value>,
    after: Option<&serde_json::Value>,
) -> String {
    const BOOKKEEPING: [&str; 6] = [
        "id",
        "created_at",
        "updated_at",
        "version",
        "owner_id",
        "stage_entered_at",
    ];
    let show = |v: &serde_json::Value| match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let shown = |(key, value): &(&String, &serde_json::Value)| {
        !BOOKKEEPING.contains(&key.as_str()) && !value.is_null()
    };
    let list = |map: &serde_json::Map<String, serde_json::Value>,
                render: &dyn Fn(&String, &serde_json::Value) -> String| {
        map.iter()
            .filter(|entry| shown(entry))
            .map(|(k, v)| render(k, v))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match (
        before.and_then(|b| b.as_object()),
        after.and_then(|a| a.as_object()),
    ) {
        (Some(before), Some(after)) => after
            .iter()
            .filter(|(key, value)| {
                before.get(*key) != Some(*value) && !BOOKKEEPING.contains(&key.as_str())
            })
            .map(|(key, value)| {
                format!(
                    "{key}: {} → {}",
                    before.get(key).map(show).unwrap_or_default(),
                    show(value)
                )
            })
            .collect::<Vec<_>>()
            .join(", "),
        (None, Some(after)) => list(after, &|k, v| format!("{k}: {}", show(v))),
        (Some(before), None) => list(before, &|k, v| format!("{k} was {}", show(v))),
        (None, None) => String::new(),
    }
}

#[server(prefix = "/fn", input = GetUrl)]
pub async fn list_teams() -> Result<TeamsView, Problem> {
    use attain_db::tenant::teams::Team;
    let (state, principal) = server::caller(None).await?;
    let mut teams = attain_api::routes::teams::list::run(&state, &principal).await?;
    let members = attain_api::routes::users::list::run(
        &state,
        &principal,
        attain_api::pagination::PageQuery {
            page: Some(1),
            per_page: Some(attain_api::pagination::PageQuery::MAX_PER_PAGE),
        },
    )
    .await?;
    let people: Vec<(String, String)> = members
        .items
        .into_iter()
        .filter(|m| m.active)
        .map(|m| (m.user_id.to_string(), m.name))
        .collect();
    let name_of = |id: Option<uuid::Uuid>| {
        id.and_then(|id| {
            people
                .iter()
                .find(|(p, _)| *p == id.to_string())
                .map(|(_, n)| n.clone())
        })
    };
    // Depth-first, siblings by name: the order the tree is drawn in.
    fn visit(parent: Option<uuid::Uuid>, depth: usize, all: &[Team], out: &mut Vec<(Team, usize)>) {
        for team in all.iter().filter(|t| t.parent_id == parent) {
            out.push((team.clone(), depth));
            visit(Some(team.id), depth + 1, all, out);
        }
    }
    teams.sort_by_key(|t| t.name.to_lowercase());
    let mut ordered = Vec::with_capacity(teams.len());
    visit(None, 0, &teams, &mut ordered);
    Ok(TeamsView {
        teams: ordered
            .into_iter()
            .map(|(t, depth)| TeamNode {
                id: t.id.to_string(),
                name: t.name,
                parent_id: t.parent_id.map(|p| p.to_string()),
                manager_id: t.manager_user_id.map(|m| m.to_string()),
                manager: name_of(t.manager_user_id),
                depth,
                version: t.version,
            })
            .collect(),
        people,
    })
}

#[server(prefix = "/fn")]
pub async fn create_team(
    csrf: String,
    name: String,
    parent_id: String,
    manager_user_id: String,
) -> Result<(), Problem> {
    form_call!(CreateTeam, {
        use attain_api::routes::teams::create::{run, CreateTeam};
        let (state, principal) = server::caller(Some(&csrf)).await?;
        let body = CreateTeam {
            name,
            parent_id: parse_id(&parent_id, "parent_id")?,
            manager_user_id: parse_id(&manager_user_id, "manager_user_id")?,
            kind: None,
        };
        run(&state, &principal, body).await?;
        Ok(())
    })
}

#[server(prefix = "/fn")]
pub async fn update_team(
    csrf: String,
    team_id: String,
    version: i32,
    name: String,
    parent_id: String,
) -> Result<(), Problem> {
    form_call!(UpdateTeam, {
        use attain_api::routes::teams::update::{run, UpdateTeam};
        let (state, principal) = server::caller(Some(&csrf)).await?;
        let team_id = team_id
            .parse()
            .map_err(|_| attain_api::ApiError::not_found("team"))?;
        let body = UpdateTeam {
            version,
            name: Some(name),
            parent_id: Some(parse_id(&parent_id, "parent_id")?),
            manager_user_id: None,
            kind: None,
        };
        run(&state, &principal, team_id, body).await?;
        Ok(())
    })
}

/// An optional id from a form field ("" means none).
#[cfg(feature = "ssr")]
fn parse_id(raw: &str, field: &'static str) -> Result<Option<uuid::Uuid>, Problem> {
    if raw.trim().is_empty() {
        return Ok(None);
    }
    raw.trim().parse().map(Some).map_err(|_| {
        Problem::from(attain_api::ApiError::from(attain_domain::FieldError::new(
            field,
            "is not a valid choice",
        )))
    })
}

/// Cents as "$1,234.50" (USD) or "1,234.50 EUR".
#[cfg(feature = "ssr")]
fn cents(amount: i64, currency: &str) -> String {
    let text = format!("{}.{:02}", amount / 100, (amount % 100).abs());
    let text = if amount < 0 && amount > -100 {
        format!("-{text}")
    } else {
        text
    };
    match currency.to_ascii_uppercase().as_str() {
        "USD" => format!("${}", format_money(&text, "").trim_end()),
        other => format_money(&text, other),
    }
}

#[server(prefix = "/fn", input = GetUrl)]
pub async fn billing_overview() -> Result<BillingView, Problem> {
    use attain_billing::{Interval, Tier};
    let (state, principal) = server::caller(None).await?;
    let overview = attain_api::routes::billing::overview::run(&state, &principal).await?;
    let day = |at: chrono::DateTime<chrono::Utc>| at.format("%Y-%m-%d").to_string();
    Ok(BillingView {
        tier_label: Tier::parse(&overview.tier)
            .map_or(overview.tier.clone(), |tier| tier.label().to_owned()),
        tier: overview.tier,
        interval: overview.interval,
        status: overview.status,
        status_meaning: overview.status_meaning,
        access: overview.access.access.to_owned(),
        banner: overview.access.banner,
        seats_used: overview.seats_used,
        seats_paid: overview.seats_paid,
        max_seats: overview.max_seats,
        trial_days_left: overview.trial_days_left,
        trial_ends: overview.trial_ends_at.map(day),
        period_ends: overview.current_period_end.map(day),
        cancel_at_period_end: overview.cancel_at_period_end,
        has_subscription: overview.has_subscription,
        can_check_out: !overview.subscription_live,
        invoices: overview
            .invoices
            .into_iter()
            .map(|invoice| InvoiceRow {
                number: invoice.number.unwrap_or(invoice.id),
                created: day(invoice.created),
                total: cents(invoice.total, &invoice.currency),
                status: invoice.status.unwrap_or_default(),
                url: invoice.hosted_invoice_url,
                pdf: invoice.invoice_pdf,
            })
            .collect(),
        offers: Tier::ALL
            .into_iter()
            .map(|tier| TierOffer {
                tier: tier.as_str().to_owned(),
                label: tier.label().to_owned(),
                monthly: cents(tier.monthly_cents(Interval::Monthly), "usd"),
                yearly: cents(tier.monthly_cents(Interval::Yearly), "usd"),
                max_seats: tier.max_seats(),
            })
            .collect(),
    })
}

/// Starts Stripe Checkout and sends the browser there.
#[server(prefix = "/fn")]
pub async fn start_checkout(csrf: String, tier: String, interval: String) -> Result<(), Problem> {
    form_call!(StartCheckout, {
        use attain_api::routes::billing::checkout::{run, StartCheckout};
        let (state, principal) = server::caller(Some(&csrf)).await?;
        let started = run(&state, &principal, StartCheckout { tier, interval }).await?;
        leptos_actix::redirect(&started.url);
        Ok(())
    })
}

/// Opens Stripe's customer portal (cards, invoices, cancellation).
#[server(prefix = "/fn")]
pub async fn open_billing_portal(csrf: String) -> Result<(), Problem> {
    form_call!(OpenBillingPortal, {
        let (state, principal) = server::caller(Some(&csrf)).await?;
        let portal = attain_api::routes::billing::portal::run(&state, &principal).await?;
        leptos_actix::redirect(&portal.url);
        Ok(())
    })
}

/// Changes the tier or the seats; Stripe's webhook confirms it.
#[server(prefix = "/fn")]
pub async fn change_plan(csrf: String, tier: String, seats: String) -> Result<String, Problem> {
    form_call!(ChangePlan, {
        use attain_api::routes::billing::subscription::{run, ChangeSubscription};
        let (state, principal) = server::caller(Some(&csrf)).await?;
        let seats = match seats.trim() {
            "" => None,
            text => Some(text.parse::<u32>().map_err(|_| {
                attain_api::ApiError::from(attain_domain::FieldError::new(
                    "seats",
                    format!("seats must be a whole number of 1 or more (got {text:?})"),
                ))
            })?),
        };
        let body = ChangeSubscription {
            tier: (!tier.is_empty()).then_some(tier),
            seats,
        };
        let changed = run(&state, &principal, body).await?;
        Ok(format!(
            "Stripe accepted {} seats on {}; the page updates when Stripe confirms.",
            changed.seats, changed.tier
        ))
    })
}
