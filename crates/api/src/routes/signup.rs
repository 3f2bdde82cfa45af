//! `POST /api/v1/signup`: a company signs up. Creates the tenant, its schema
//! (migrated), the first admin (as owner) and a trial, in one transaction, then
//! signs the admin in. An email that already has a login may sign up another
//! company by giving that login's password.

use crate::{
    auth::{client_ip, rate_limit, start_session, Entered},
    error::ApiError,
    json::Json,
    passwords,
    state::AppState,
};
use actix_web::{http::StatusCode, post, web, HttpRequest, HttpResponse};
use attain_db::{
    control::{tenants, users},
    provisioning::{provision_tenant, NewTenant, Owner, ProvisionError},
};
use attain_domain::{
    signup::{CompanySize, Email, Industry, Password, Slug},
    validation::bounded_text,
    Role, SchemaName,
};
use rand::RngCore;
use serde::Deserialize;
use std::time::Duration;

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SignupRequest {
    pub company_name: String,
    pub slug: String,
    /// software, financial_services, healthcare, manufacturing, retail, professional_services, media, education, logistics, telecommunications or other.
    pub industry: String,
    /// 1-10, 11-50, 51-200, 201-1000, 1001-5000 or 5001+.
    pub company_size: String,
    pub admin_name: String,
    pub email: String,
    /// For an email that already has a login: that login's password.
    pub password: String,
}

#[utoipa::path(
    post,
    path = "/api/v1/signup",
    tag = "signup",
    operation_id = "signup",
    summary = "Sign a company up.",
    description = "Creates the tenant, its schema, the owner and a trial in one transaction, then signs the owner in; an email with a login may add a company by giving its password.",
    request_body = SignupRequest,
    responses(
        (status = 201, description = "Signed up and signed in.", body = crate::auth::SessionView, headers(("Set-Cookie" = String, description = "The `attain_session` (HttpOnly) and `attain_csrf` cookies."))),
        (status = 400, description = "The body is not valid JSON or could not be read.", body = crate::openapi::ErrorBody),
        (status = 409, description = "The slug is taken (`slug_taken`), or the email has a login and the password is not its (`email_taken`).", body = crate::openapi::ErrorBody),
        (status = 413, description = "The body is larger than 64 KiB.", body = crate::openapi::ErrorBody),
        (status = 415, description = "The body is not sent as `application/json`.", body = crate::openapi::ErrorBody),
        (status = 422, description = "A field is missing, unknown or invalid; `field` names it.", body = crate::openapi::ErrorBody),
        (status = 429, description = "Too many attempts; `Retry-After` says when to try again.", body = crate::openapi::ErrorBody, headers(("Retry-After" = u64, description = "Seconds to wait."))),
    ),
)]
#[post("/signup")]
pub async fn handler(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: Json<SignupRequest>,
) -> Result<HttpResponse, ApiError> {
    let entered = run(&state, &client_ip(&req), body.0).await?;
    start_session(&req, &state, entered, StatusCode::CREATED).await
}

/// Signs a company up; the caller opens the owner's session.
pub async fn run(
    state: &AppState,
    client_ip: &str,
    body: SignupRequest,
) -> Result<Entered, ApiError> {
    rate_limit(
        state,
        "signup:ip",
        client_ip,
        state.settings.signups_per_ip_per_hour,
        Duration::from_secs(3600),
    )
    .await?;

    let company_name = bounded_text("company_name", &body.company_name, 2, 120)?;
    let slug = Slug::parse(&body.slug)?;
    let industry = Industry::parse(&body.industry)?;
    let company_size = CompanySize::parse(&body.company_size)?;
    let admin_name = bounded_text("admin_name", &body.admin_name, 1, 120)?;
    let email = Email::parse("email", &body.email)?;
    let password = Password::parse(&body.password, Some(&email))?;

    let (slug_taken, existing_user) = {
        let slug = slug.as_str().to_owned();
        let email = email.as_str().to_owned();
        state
            .db
            .run(move |conn| -> Result<_, ApiError> {
                Ok((
                    tenants::slug_taken(conn, &slug)?,
                    users::find_by_email(conn, &email)?,
                ))
            })
            .await?
    };
    if slug_taken {
        return Err(slug_taken_error());
    }
    let owner = match existing_user {
        Some(user) => {
            if !passwords::verify(password.expose().to_owned(), user.password_hash).await? {
                return Err(ApiError::conflict(
                    "email_taken",
                    "This email already has an Attain login. Enter that login's password to add this company to it, or sign in instead.",
                )
                .with_field("email"));
            }
            Owner::Existing { user_id: user.id }
        }
        None => Owner::New {
            email: email.as_str().to_owned(),
            name: admin_name,
            password_hash: passwords::hash(password.expose().to_owned()).await?,
        },
    };

    let mut random = [0u8; 12];
    rand::rngs::OsRng.fill_bytes(&mut random);
    let new_tenant = NewTenant {
        slug: slug.as_str().to_owned(),
        name: company_name,
        industry: industry.as_str().to_owned(),
        company_size: company_size.as_str().to_owned(),
        schema: SchemaName::from_random(random),
    };
    let provisioned = state
        .db
        .run(move |conn| provision_tenant(conn, new_tenant, owner, &|_| true))
        .await
        .map_err(|e| match e {
            ProvisionError::SlugTaken => slug_taken_error(),
            ProvisionError::EmailTaken => ApiError::conflict(
                "email_taken",
                "This email already has an Attain login. Sign in instead.",
            )
            .with_field("email"),
            other => ApiError::internal(other),
        })?;
    tracing::info!(
        tenant_id = %provisioned.tenant.id,
        schema = %provisioned.tenant.schema_name,
        migrations = provisioned.migrations_applied,
        "tenant signed up"
    );
    Ok(Entered {
        user_id: provisioned.owner_id,
        tenant: provisioned.tenant_ref,
        role: Role::Owner,
    })
}

fn slug_taken_error() -> ApiError {
    ApiError::conflict(
        "slug_taken",
        "Another company already uses this address. Choose another slug.",
    )
    .with_field("slug")
}
