//! Validated inputs of signup, login and invitations: slug, email, password,
//! industry and company size. Each refusal names the field and what to fix.

use crate::validation::FieldError;
use serde::{Deserialize, Serialize};
use std::fmt;
use validator::ValidateEmail;

const RESERVED_SLUGS: &[&str] = &[
    "admin",
    "api",
    "app",
    "assets",
    "auth",
    "billing",
    "demo-admin",
    "docs",
    "help",
    "internal",
    "login",
    "logout",
    "pkg",
    "public",
    "signup",
    "static",
    "status",
    "support",
    "system",
    "www",
];

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Slug(String);

impl Slug {
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let slug = raw.trim().to_ascii_lowercase();
        let field = "slug";
        if !(3..=40).contains(&slug.len()) {
            return Err(FieldError::new(field, "must be 3 to 40 characters long"));
        }
        if !slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        {
            return Err(FieldError::new(
                field,
                "may contain only letters a-z, digits and hyphens",
            ));
        }
        if slug.starts_with('-') || slug.ends_with('-') || slug.contains("--") {
            return Err(FieldError::new(
                field,
                "must start and end with a letter or digit, with single hyphens between words",
            ));
        }
        if RESERVED_SLUGS.contains(&slug.as_str()) {
            return Err(FieldError::new(
                field,
                format!("\"{slug}\" is reserved; choose another"),
            ));
        }
        Ok(Self(slug))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Email(String);

impl Email {
    pub fn parse(field: &'static str, raw: &str) -> Result<Self, FieldError> {
        let email = raw.trim().to_lowercase();
        if email.len() > 254 || !email.validate_email() {
            return Err(FieldError::new(
                field,
                "must be an email address such as name@company.com",
            ));
        }
        Ok(Self(email))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A password that passed the policy. Its `Debug` never shows it.
#[derive(Clone)]
pub struct Password(String);

const COMMON_PASSWORDS: &[&str] = &[
    "password",
    "password1",
    "password123",
    "passw0rd",
    "123456789",
    "1234567890",
    "qwertyuiop",
    "iloveyou",
    "letmein",
    "welcome",
    "welcome1",
    "admin123",
    "changeme",
    "trustno1",
    "sunshine",
    "football",
    "baseball",
    "superman",
    "qwerty123",
    "abc123456",
    "monkey123",
    "dragon123",
];

impl Password {
    pub const MIN_LENGTH: usize = 10;

    /// Checks length, variety and the common-password list; `email` keeps people
    /// from using their own address as the password.
    pub fn parse(raw: &str, email: Option<&Email>) -> Result<Self, FieldError> {
        let field = "password";
        let length = raw.chars().count();
        if length < Self::MIN_LENGTH {
            return Err(FieldError::new(
                field,
                format!("must be at least {} characters", Self::MIN_LENGTH),
            ));
        }
        if length > 128 {
            return Err(FieldError::new(field, "must be at most 128 characters"));
        }
        let lower = raw.to_lowercase();
        let mut distinct: Vec<char> = lower.chars().collect();
        distinct.sort_unstable();
        distinct.dedup();
        if distinct.len() < 5 {
            return Err(FieldError::new(
                field,
                "is too repetitive; use at least 5 different characters",
            ));
        }
        let stripped: String = lower.chars().filter(|c| c.is_alphanumeric()).collect();
        if COMMON_PASSWORDS
            .iter()
            .any(|common| stripped == *common || lower == *common)
        {
            return Err(FieldError::new(
                field,
                "is one of the most common passwords; choose another",
            ));
        }
        if let Some(email) = email {
            let local = email.as_str().split('@').next().unwrap_or_default();
            if local.len() >= 4 && lower.contains(local) {
                return Err(FieldError::new(
                    field,
                    "must not contain your email address",
                ));
            }
        }
        Ok(Self(raw.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(***)")
    }
}

/// Industries group tenants into benchmark cohorts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Industry {
    Software,
    FinancialServices,
    Healthcare,
    Manufacturing,
    Retail,
    ProfessionalServices,
    Media,
    Education,
    Logistics,
    Telecommunications,
    Other,
}

impl Industry {
    pub const ALL: [Industry; 11] = [
        Industry::Software,
        Industry::FinancialServices,
        Industry::Healthcare,
        Industry::Manufacturing,
        Industry::Retail,
        Industry::ProfessionalServices,
        Industry::Media,
        Industry::Education,
        Industry::Logistics,
        Industry::Telecommunications,
        Industry::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Industry::Software => "software",
            Industry::FinancialServices => "financial_services",
            Industry::Healthcare => "healthcare",
            Industry::Manufacturing => "manufacturing",
            Industry::Retail => "retail",
            Industry::ProfessionalServices => "professional_services",
            Industry::Media => "media",
            Industry::Education => "education",
            Industry::Logistics => "logistics",
            Industry::Telecommunications => "telecommunications",
            Industry::Other => "other",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        Self::ALL
            .into_iter()
            .find(|i| i.as_str() == raw.trim())
            .ok_or_else(|| {
                let names: Vec<&str> = Self::ALL.iter().map(|i| i.as_str()).collect();
                FieldError::new("industry", format!("must be one of {}", names.join(", ")))
            })
    }
}

/// Company size bands, by number of employees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompanySize {
    Micro,
    Small,
    Medium,
    Large,
    Enterprise,
    Giant,
}

impl CompanySize {
    pub const ALL: [CompanySize; 6] = [
        CompanySize::Micro,
        CompanySize::Small,
        CompanySize::Medium,
        CompanySize::Large,
        CompanySize::Enterprise,
        CompanySize::Giant,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CompanySize::Micro => "1-10",
            CompanySize::Small => "11-50",
            CompanySize::Medium => "51-200",
            CompanySize::Large => "201-1000",
            CompanySize::Enterprise => "1001-5000",
            CompanySize::Giant => "5001+",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        Self::ALL
            .into_iter()
            .find(|s| s.as_str() == raw.trim())
            .ok_or_else(|| {
                FieldError::new(
                    "company_size",
                    "must be one of 1-10, 11-50, 51-200, 201-1000, 1001-5000, 5001+",
                )
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_normalised_and_bad_ones_named() {
        assert_eq!(
            Slug::parse(" Acme-Corp ").map(|s| s.0),
            Ok("acme-corp".into())
        );
        for bad in ["ab", "-acme", "acme-", "ac--me", "acme corp", "api", "ácme"] {
            let err = Slug::parse(bad).expect_err(bad);
            assert_eq!(err.field, "slug");
        }
    }

    #[test]
    fn weak_passwords_are_refused_with_a_reason() {
        let email = Email::parse("email", "jane.doe@acme.com").expect("valid email");
        for weak in ["short", "aaaaaaaaaaaa", "Password123!", "jane.doe-secret-1"] {
            let err = Password::parse(weak, Some(&email)).expect_err(weak);
            assert_eq!(err.field, "password");
        }
        assert!(Password::parse("correct horse battery", Some(&email)).is_ok());
    }

    #[test]
    fn emails_are_lowercased_and_checked() {
        assert_eq!(
            Email::parse("email", " Jane@Acme.COM ").map(|e| e.0),
            Ok("jane@acme.com".into())
        );
        assert!(Email::parse("email", "not-an-email").is_err());
    }
}
