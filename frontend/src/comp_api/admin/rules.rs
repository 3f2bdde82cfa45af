//! A plan version's rules between the API's JSON and the editor's inputs
//! (server only), and the API's plan errors as problems by field.

use super::convert::string_of;
use super::*;
use crate::problem::Problem;
use attain_api::ApiError;
use serde_json::{json, Map, Value};

/// Stored rules (canonical JSON) as the editor's inputs.
pub fn rules_form(rules: &Value) -> RulesForm {
    let deal_types: Vec<String> = rules["crediting"]["deal_types"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    let has = |t: &str| deal_types.iter().any(|d| d == t);
    let weights = &rules["priority_weights"];
    let tiers = rules["rate_table"]["tiers"]
        .as_array()
        .map(|tiers| {
            tiers
                .iter()
                .map(|t| TierForm {
                    from_pct: trim(&string_of(t.get("from_pct"))),
                    to_pct: trim(&string_of(t.get("to_pct"))),
                    rate_pct: {
                        let rate = string_of(t.get("rate"));
                        if rate.is_empty() {
                            rate
                        } else {
                            crate::perf_api::model::percent_number(&rate)
                        }
                    },
                })
                .collect()
        })
        .unwrap_or_default();
    let bonuses = rules["bonuses"]
        .as_array()
        .map(|list| {
            list.iter()
                .map(|b| BonusForm {
                    at_pct: trim(&string_of(b.get("at_pct"))),
                    amount: string_of(b.get("amount")),
                })
                .collect()
        })
        .unwrap_or_default();
    let spiffs = rules["spiffs"]
        .as_array()
        .map(|list| {
            list.iter()
                .map(|s| SpiffForm {
                    name: string_of(s.get("name")),
                    from: string_of(s.get("from")),
                    to: string_of(s.get("to")),
                    amount_per_deal: string_of(s.get("amount_per_deal")),
                    min_amount: string_of(s.get("min_amount")),
                    keep: json!({
                        "products": s.get("products").cloned().unwrap_or(json!([])),
                        "deal_types": s.get("deal_types").cloned().unwrap_or(json!([])),
                    })
                    .to_string(),
                })
                .collect()
        })
        .unwrap_or_default();
    let draw = &rules["draw"];
    RulesForm {
        currency: string_of(rules.get("currency")),
        measure: match string_of(rules.get("measure")).as_str() {
            "" => "bookings".into(),
            other => other.to_owned(),
        },
        dt_new_business: has("new_business"),
        dt_expansion: has("expansion"),
        dt_renewal: has("renewal"),
        manager_rollup: rules["crediting"]["manager_rollup"]
            .as_bool()
            .unwrap_or(false),
        method: match string_of(rules["rate_table"].get("method")).as_str() {
            "" => "marginal".into(),
            other => other.to_owned(),
        },
        tiers,
        threshold_pct: trim(&string_of(rules.get("threshold_pct"))),
        cap_per_deal: string_of(rules.get("cap_per_deal")),
        cap_per_period: string_of(rules.get("cap_per_period")),
        weight_strategic: trim(&string_of(weights.get("strategic"))),
        weight_standard: trim(&string_of(weights.get("standard"))),
        weight_loss_leader: trim(&string_of(weights.get("loss_leader"))),
        bonuses,
        spiffs,
        clawback_days: string_of(rules.get("clawback_days")),
        draw_amount: string_of(draw.get("amount")),
        draw_recoverable: draw["recoverable"].as_bool().unwrap_or(false),
    }
}

fn trim(raw: &str) -> String {
    if raw.contains('.') {
        crate::perf_api::model::trim_decimal(raw)
    } else {
        raw.to_owned()
    }
}

/// Collects problems of typed values before the API sees them.
struct Checker {
    problems: Vec<FieldProblem>,
}

impl Checker {
    fn flag(&mut self, field: String, message: &str) {
        self.problems.push(FieldProblem {
            field,
            message: message.to_owned(),
        });
    }

    /// A required number.
    fn number(&mut self, raw: &str, field: String, what: &str) -> Value {
        if raw.trim().is_empty() {
            self.flag(field, &format!("Enter {what}."));
            return Value::Null;
        }
        self.optional(raw, field)
    }

    /// A number or nothing.
    fn optional(&mut self, raw: &str, field: String) -> Value {
        if raw.trim().is_empty() {
            return Value::Null;
        }
        match decimal_text(raw) {
            Some(n) => Value::String(n),
            None => {
                self.flag(field, "Enter a number such as 25 or 12.5.");
                Value::Null
            }
        }
    }
}

/// The form's rules as the API reads them, on top of `base` (the stored
/// rules) so what the form does not show is kept; or every problem a
/// typed value has.
pub fn rules_json(base: &str, form: &RulesForm) -> Result<Value, Vec<FieldProblem>> {
    let mut rules: Map<String, Value> = serde_json::from_str::<Value>(base)
        .ok()
        .and_then(|v| v.as_object().cloned())
        .unwrap_or_default();
    let mut check = Checker {
        problems: Vec::new(),
    };
    rules.insert(
        "currency".into(),
        Value::String(form.currency.trim().to_uppercase()),
    );
    rules.insert(
        "measure".into(),
        Value::String(match form.measure.as_str() {
            "" => "bookings".into(),
            m => m.to_owned(),
        }),
    );
    let mut crediting = rules
        .get("crediting")
        .and_then(|c| c.as_object().cloned())
        .unwrap_or_default();
    let deal_types: Vec<Value> = [
        ("new_business", form.dt_new_business),
        ("expansion", form.dt_expansion),
        ("renewal", form.dt_renewal),
    ]
    .into_iter()
    .filter(|(_, on)| *on)
    .map(|(t, _)| Value::String(t.into()))
    .collect();
    crediting.insert("deal_types".into(), Value::Array(deal_types));
    crediting.insert("manager_rollup".into(), Value::Bool(form.manager_rollup));
    rules.insert("crediting".into(), Value::Object(crediting));
    let mut weights = Map::new();
    for (key, raw) in [
        ("strategic", &form.weight_strategic),
        ("standard", &form.weight_standard),
        ("loss_leader", &form.weight_loss_leader),
    ] {
        let value = check.optional(raw, format!("rules.priority_weights.{key}"));
        if !value.is_null() {
            weights.insert(key.into(), value);
        }
    }
    rules.insert("priority_weights".into(), Value::Object(weights));
    let tiers: Vec<Value> = form
        .tiers
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let at = |f: &str| format!("rules.rate_table.tiers[{i}].{f}");
            let from = check.number(&t.from_pct, at("from_pct"), "where the tier starts");
            let to = check.optional(&t.to_pct, at("to_pct"));
            let rate = check.number(&t.rate_pct, at("rate"), "the rate in percent");
            let rate = match rate {
                Value::String(r) => Value::String(percent_to_fraction(&r)),
                other => other,
            };
            json!({ "from_pct": from, "to_pct": to, "rate": rate })
        })
        .collect();
    rules.insert(
        "rate_table".into(),
        json!({
            "method": if form.method == "retroactive" { "retroactive" } else { "marginal" },
            "tiers": tiers,
        }),
    );
    for (key, raw) in [
        ("threshold_pct", &form.threshold_pct),
        ("cap_per_deal", &form.cap_per_deal),
        ("cap_per_period", &form.cap_per_period),
    ] {
        let value = check.optional(raw, format!("rules.{key}"));
        rules.insert(key.into(), value);
    }
    let bonuses: Vec<Value> = form
        .bonuses
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let at = |f: &str| format!("rules.bonuses[{i}].{f}");
            json!({
                "at_pct": check.number(&b.at_pct, at("at_pct"), "the attainment that pays it"),
                "amount": check.number(&b.amount, at("amount"), "the amount"),
            })
        })
        .collect();
    rules.insert("bonuses".into(), Value::Array(bonuses));
    let spiffs: Vec<Value> = form
        .spiffs
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let at = |f: &str| format!("rules.spiffs[{i}].{f}");
            let mut spiff: Map<String, Value> = serde_json::from_str::<Value>(&s.keep)
                .ok()
                .and_then(|v| v.as_object().cloned())
                .unwrap_or_default();
            spiff.insert("name".into(), Value::String(s.name.trim().to_owned()));
            for (key, raw) in [("from", &s.from), ("to", &s.to)] {
                if raw.trim().is_empty() {
                    check.flag(at(key), "Choose a day.");
                }
                spiff.insert(key.into(), Value::String(raw.trim().to_owned()));
            }
            let amount = check.number(
                &s.amount_per_deal,
                at("amount_per_deal"),
                "the amount per deal",
            );
            spiff.insert("amount_per_deal".into(), amount);
            let min = check.optional(&s.min_amount, at("min_amount"));
            spiff.insert("min_amount".into(), min);
            Value::Object(spiff)
        })
        .collect();
    rules.insert("spiffs".into(), Value::Array(spiffs));
    let clawback = match form.clawback_days.trim() {
        "" => Value::Null,
        raw => match raw.parse::<u32>() {
            Ok(days) => json!(days),
            Err(_) => {
                check.flag(
                    "rules.clawback_days".into(),
                    "Enter a whole number of days, such as 90.",
                );
                Value::Null
            }
        },
    };
    rules.insert("clawback_days".into(), clawback);
    let draw = match check.optional(&form.draw_amount, "rules.draw.amount".into()) {
        Value::Null => Value::Null,
        amount => json!({ "amount": amount, "recoverable": form.draw_recoverable }),
    };
    rules.insert("draw".into(), draw);
    if check.problems.is_empty() {
        Ok(Value::Object(rules))
    } else {
        Err(check.problems)
    }
}

/// An API error as the plan editor shows it: every problem of
/// `invalid_plan`, one for a field otherwise; an error about no field
/// stays a [`Problem`].
pub fn plan_problems(e: ApiError) -> Result<Vec<FieldProblem>, Problem> {
    if e.code == "invalid_plan" {
        let listed = e
            .details
            .as_ref()
            .and_then(|d| d.get("errors"))
            .and_then(|v| serde_json::from_value::<Vec<FieldProblem>>(v.clone()).ok())
            .filter(|list| !list.is_empty());
        return Ok(listed.unwrap_or_else(|| {
            vec![FieldProblem {
                field: e.field.clone().unwrap_or_else(|| "rules".into()),
                message: e.message.clone(),
            }]
        }));
    }
    match e.field.clone() {
        Some(field) if e.status.as_u16() == 422 || e.code == "plan_exists" => {
            Ok(vec![FieldProblem {
                field,
                message: e.message,
            }])
        }
        _ => Err(Problem::from(e)),
    }
}
