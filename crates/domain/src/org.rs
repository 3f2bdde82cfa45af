//! The sales organisation: regions and teams, people's sales roles and
//! territory segments.

macro_rules! text_enum {
    ($(#[$meta:meta])* $name:ident, $field:literal, $($variant:ident = $text:literal),+ $(,)?) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, ::serde::Serialize, ::serde::Deserialize, ::utoipa::ToSchema)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::validation::FieldError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($text => Ok($name::$variant),)+
                    _ => Err($crate::validation::FieldError::new(
                        $field,
                        format!("must be one of: {}", [$($text),+].join(", ")),
                    )),
                }
            }
        }
    };
}
pub(crate) use text_enum;

text_enum!(
    /// A node of the organisation tree.
    TeamKind, "kind", Region = "region", Team = "team"
);

text_enum!(
    /// What a person does in the sales organisation.
    SalesRole, "sales_role",
    Hunter = "hunter", Farmer = "farmer", Sdr = "sdr", Ae = "ae", Am = "am", Manager = "manager"
);

text_enum!(
    /// Company-size segment of accounts and territories.
    Segment, "segment", Smb = "smb", MidMarket = "mid_market", Enterprise = "enterprise"
);

text_enum!(
    /// How much the company wants a product sold; the plan rewards priorities.
    ProductPriority, "priority", Strategic = "strategic", Standard = "standard", LossLeader = "loss_leader"
);

impl Segment {
    /// The segment a company of `employees` people falls in.
    pub fn for_employees(employees: i32) -> Self {
        match employees {
            ..=199 => Segment::Smb,
            200..=1999 => Segment::MidMarket,
            _ => Segment::Enterprise,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_parse_and_name_the_field_when_wrong() {
        assert_eq!("sdr".parse::<SalesRole>(), Ok(SalesRole::Sdr));
        let error = "closer".parse::<SalesRole>().unwrap_err();
        assert_eq!(error.field, "sales_role");
        assert!(error.message.contains("hunter"));
    }

    #[test]
    fn segments_follow_headcount() {
        assert_eq!(Segment::for_employees(12), Segment::Smb);
        assert_eq!(Segment::for_employees(200), Segment::MidMarket);
        assert_eq!(Segment::for_employees(5000), Segment::Enterprise);
    }
}
