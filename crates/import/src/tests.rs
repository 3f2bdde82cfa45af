//! Tests over whole files: the sample exports, awkward real-world shapes,
//! refused rows and files that cannot be read.

use std::str::FromStr;

use chrono::{NaiveDate, NaiveDateTime};
use rust_decimal::Decimal;

use crate::*;

const HUBSPOT: &[u8] = include_bytes!("../testdata/hubspot-deals.csv");
const SALESFORCE: &[u8] = include_bytes!("../testdata/salesforce-opportunities-report.csv");

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
    date(y, m, d).and_hms_opt(h, min, 0).unwrap()
}

fn deals(bytes: &[u8]) -> Rows<DealRow> {
    let file = read_csv(bytes).unwrap();
    let mapping = suggest_mapping(ImportKind::Deals, &file.headers);
    read_deals(&file, &mapping, &ReadOptions::default())
}

fn rejection<T>(rows: &Rows<T>, line: u64) -> &Rejection {
    rows.rejections
        .iter()
        .find(|r| r.line == line)
        .unwrap_or_else(|| panic!("no rejection on line {line}: {:?}", rows.rejections))
}

#[test]
fn hubspot_sample_reads_every_row() {
    let file = read_csv(HUBSPOT).unwrap();
    assert_eq!(detect_source(&file.headers), Source::Hubspot);
    let mapping = suggest_mapping(ImportKind::Deals, &file.headers);
    assert!(missing_required(ImportKind::Deals, &mapping).is_empty());
    assert_eq!(
        mapping.columns.get("Associated Company"),
        Some(&Field::AccountName)
    );
    assert_eq!(mapping.columns.get("Pipeline"), None);
    let rows = read_deals(&file, &mapping, &ReadOptions::default());
    assert_eq!(rows.rejections, vec![]);
    assert_eq!(rows.rows.len(), 60);

    let first = &rows.rows[0];
    assert_eq!(first.line, 2);
    assert_eq!(first.external_id, "9100000");
    assert_eq!(first.name, "Northwind Traders - Platform 2025");
    assert_eq!(first.amount, dec("4800"));
    assert_eq!(first.amount.to_string(), "4800.00");
    assert_eq!(first.currency, "USD");
    assert_eq!(first.close_date, Some(date(2025, 12, 27)));
    assert_eq!(first.created_at, Some(at(2025, 11, 28, 0, 0)));
    assert_eq!(first.owner_name, "Jonas Berg");
    assert_eq!(first.stage, "presentationscheduled");
    assert_eq!(first.deal_type, DealType::NewBusiness);
    assert_eq!(first.account_name.as_deref(), Some("Northwind Traders"));
    assert!(rows.rows.iter().any(|r| r.deal_type == DealType::Expansion));
    assert_eq!(rows.rows[59].line, 61);

    for (stage, key) in stages_in(&rows.rows) {
        assert!(key.is_some(), "no stage key for {stage}");
    }
    let key = |s| suggest_stage_key(s);
    assert_eq!(key("appointmentscheduled"), Some("meeting"));
    assert_eq!(key("qualifiedtobuy"), Some("qualified"));
    assert_eq!(key("presentationscheduled"), Some("proposal"));
    assert_eq!(key("decisionmakerboughtin"), Some("negotiation"));
    assert_eq!(key("contractsent"), Some("negotiation"));
    assert_eq!(key("closedwon"), Some("closed_won"));
    assert_eq!(key("Closed Lost"), Some("closed_lost"));
    assert_eq!(key("Appointment Scheduled"), Some("meeting"));
}

#[test]
fn salesforce_sample_reads_every_row() {
    let file = read_csv(SALESFORCE).unwrap();
    assert_eq!(detect_source(&file.headers), Source::Salesforce);
    let mapping = suggest_mapping(ImportKind::Deals, &file.headers);
    assert!(missing_required(ImportKind::Deals, &mapping).is_empty());
    assert_eq!(
        mapping.columns.get("Amount Currency"),
        Some(&Field::Currency)
    );
    assert_eq!(mapping.columns.get("Amount"), Some(&Field::Amount));
    assert_eq!(
        mapping.columns.get("Probability (%)"),
        Some(&Field::Probability)
    );
    let rows = read_deals(&file, &mapping, &ReadOptions::default());
    assert_eq!(rows.rejections, vec![]);
    assert_eq!(rows.rows.len(), 60);
    assert_eq!(rows.date_order, DateOrder::MonthFirst);

    let first = &rows.rows[0];
    assert_eq!(first.external_id, "006Hs0000000000000AAA");
    assert_eq!(first.currency, "USD");
    assert_eq!(first.amount, dec("4800.00"));
    assert_eq!(first.close_date, Some(date(2025, 12, 27)));
    assert_eq!(first.created_at, Some(at(2025, 11, 28, 0, 0)));
    assert_eq!(first.stage, "Needs Analysis");
    assert_eq!(first.owner_name, "Jonas Berg");
    assert_eq!(first.probability, Some(40));
    assert_eq!(first.deal_type, DealType::NewBusiness);
    assert_eq!(rows.rows[2].deal_type, DealType::Expansion);

    for (stage, key) in stages_in(&rows.rows) {
        assert!(key.is_some(), "no stage key for {stage}");
    }
    let key = |s| suggest_stage_key(s);
    assert_eq!(key("Prospecting"), Some("lead"));
    assert_eq!(key("Qualification"), Some("qualified"));
    assert_eq!(key("Needs Analysis"), Some("meeting"));
    assert_eq!(key("Value Proposition"), Some("meeting"));
    assert_eq!(key("Id. Decision Makers"), Some("proposal"));
    assert_eq!(key("Perception Analysis"), Some("proposal"));
    assert_eq!(key("Proposal/Price Quote"), Some("proposal"));
    assert_eq!(key("Negotiation/Review"), Some("negotiation"));
    assert_eq!(key("Closed Won"), Some("closed_won"));
    assert_eq!(key("closed lost"), Some("closed_lost"));
    assert_eq!(key("Stage 3 - Demo done"), Some("meeting"));
    assert_eq!(key("Disqualified"), Some("closed_lost"));
    assert_eq!(key("Parked"), None);
}

#[test]
fn european_file_with_bom_semicolons_and_line_breaks() {
    let csv = "\u{feff}Deal ID;Deal Name;Owner;Stage;Amount;Close Date\r\n\
               D1;\"Contoso\r\nrenewal\";Ava;Won;1.234,56;27/12/2025\r\n\
               \r\n\
               D2;\"Multi\nline\nname\";Liam;Lost;\"4800,5\";05.03.2026\r\n\
               D3;Plain;Liam;Lost;12O0;05/03/2026\r\n\
               D4;Plain;Liam;Lost;7;05/03/2026\r\n";
    let file = read_csv(csv.as_bytes()).unwrap();
    assert_eq!(file.delimiter, b';');
    assert_eq!(file.headers[0], "Deal ID");
    let rows = deals(csv.as_bytes());
    assert!(rows.decimal_comma);
    assert_eq!(rows.date_order, DateOrder::DayFirst);
    let lines: Vec<u64> = rows.rows.iter().map(|r| r.line).collect();
    assert_eq!(lines, vec![2, 5, 9]);
    assert_eq!(rows.rows[0].name, "Contoso\r\nrenewal");
    assert_eq!(rows.rows[0].amount, dec("1234.56"));
    assert_eq!(rows.rows[0].close_date, Some(date(2025, 12, 27)));
    assert_eq!(rows.rows[1].amount, dec("4800.50"));
    assert_eq!(rows.rows[1].close_date, Some(date(2026, 3, 5)));
    assert_eq!(rows.rows[2].close_date, Some(date(2026, 3, 5)));
    let bad = rejection(&rows, 8);
    assert_eq!(bad.column, "Amount");
    assert!(
        bad.reason.starts_with("\"12O0\" is not an amount"),
        "{}",
        bad.reason
    );
}

#[test]
fn bad_rows_are_refused_and_good_rows_read() {
    let csv = "Opportunity ID,Opportunity Name,Opportunity Owner,Stage,Amount,Close Date,Type\n\
               A1,Good,Ava,Prospecting,\"$4,800.00\",12/27/2025,New Business\n\
               A2,Bad amount,Ava,Prospecting,12O0,12/27/2025,\n\
               A3,Bad date,Ava,Prospecting,100,02/30/2026,\n\
               A4,No owner,,Prospecting,100,12/27/2025,\n\
               A5,Too,many,values,100,12/27/2025,,x,y\n\
               A1,Duplicate,Ava,Prospecting,100,12/27/2025,\n\
               A6,Negative,Ava,Prospecting,-5,12/27/2025,\n\
               A7,Bad type,Ava,Prospecting,5,12/27/2025,Barter\n\
               A8,Good too,Liam,Closed Won,USD 5,2025-12-01,Renewal\n";
    let rows = deals(csv.as_bytes());
    let good: Vec<&str> = rows.rows.iter().map(|r| r.external_id.as_str()).collect();
    assert_eq!(good, vec!["A1", "A8"]);
    assert_eq!(rows.rows[0].amount, dec("4800"));
    assert_eq!(rows.rows[1].deal_type, DealType::Renewal);
    assert_eq!(rows.rows[1].line, 10);

    let r = rejection(&rows, 3);
    assert_eq!(
        (r.column.as_str(), r.reason.as_str()),
        (
            "Amount",
            "\"12O0\" is not an amount; use digits with an optional decimal point, e.g. 4800.00"
        )
    );
    let r = rejection(&rows, 4);
    assert_eq!(r.column, "Close Date");
    assert!(
        r.reason.contains("February 2026 has no day 30"),
        "{}",
        r.reason
    );
    let r = rejection(&rows, 5);
    assert_eq!(r.column, "Opportunity Owner");
    assert_eq!(r.reason, "is empty; every deal needs an owner");
    let r = rejection(&rows, 6);
    assert_eq!(r.column, ROW_COLUMN);
    assert!(
        r.reason.starts_with("has 9 values where the header has 7"),
        "{}",
        r.reason
    );
    let r = rejection(&rows, 7);
    assert_eq!(r.column, "Opportunity ID");
    assert!(
        r.reason.starts_with("duplicates the id on line 2"),
        "{}",
        r.reason
    );
    assert_eq!(rejection(&rows, 8).reason, "\"-5\" must not be negative");
    assert_eq!(rejection(&rows, 9).column, "Type");
    assert_eq!(rows.rejected_lines(), vec![3, 4, 5, 6, 7, 8, 9]);
    assert_eq!(rows.rejections.len(), 7);
}

#[test]
fn unmapped_required_field_is_named_by_label() {
    let file = read_csv(b"id,name,stage,amount\n1,A,won,5\n").unwrap();
    let mapping = suggest_mapping(ImportKind::Deals, &file.headers);
    assert_eq!(
        missing_required(ImportKind::Deals, &mapping),
        vec![Field::OwnerName]
    );
    let rows = read_deals(&file, &mapping, &ReadOptions::default());
    assert!(rows.rows.is_empty());
    assert_eq!(rows.rejections[0].column, "Owner");
    assert!(rows.rejections[0]
        .reason
        .starts_with("no column is mapped to Owner"));
}

#[test]
fn unreadable_files_are_errors() {
    assert_eq!(read_csv(b""), Err(FileError::Empty));
    assert_eq!(read_csv(b"\xEF\xBB\xBF \r\n\n"), Err(FileError::Empty));
    assert_eq!(
        read_csv(b"PK\x03\x04\x00\x00binary"),
        Err(FileError::NotText)
    );
    assert_eq!(
        read_csv(b"a,b\n1,\"open\n2,3\n4,5\n"),
        Err(FileError::Malformed {
            line: 2,
            reason: "a quoted value starts here and its closing quote (\") is missing; add it or \
                     remove the stray quote"
                .to_owned()
        })
    );
    assert_eq!(
        read_csv(b"Amount,Stage,Amount\n1,2,3\n"),
        Err(FileError::DuplicateHeader("Amount".to_owned()))
    );
    assert_eq!(
        read_csv(b"9100000,Northwind,4800\n"),
        Err(FileError::NoHeader)
    );
    assert_eq!(read_csv(b",,\n1,2,3\n"), Err(FileError::NoHeader));
    let message = FileError::Malformed {
        line: 2,
        reason: "x".to_owned(),
    }
    .to_string();
    assert_eq!(message, "line 2: x");
    // A quote inside an unquoted value is literal, as csv reads it.
    let file = read_csv(b"name,size\nScreen 5\" wide,1\n").unwrap();
    assert_eq!(file.records[0].get(0), Some("Screen 5\" wide"));
}

#[test]
fn hubspot_stage_history_is_sorted_by_time() {
    let csv = "Record ID,Deal Name,Deal Stage,Amount,Deal owner,\
               \"Date entered \"\"Closed Won (Sales Pipeline)\"\"\",\
               \"Date entered \"\"Appointment Scheduled (Sales Pipeline)\"\"\",\
               Date entered Contract Sent\n\
               1,A,closedwon,10,Ava,2026-01-20 10:00,2025-11-02 09:30,2026-01-05 08:00\n\
               2,B,appointmentscheduled,10,Ava,,2025-12-01 00:00,\n\
               3,C,closedwon,10,Ava,not a date,,\n";
    let file = read_csv(csv.as_bytes()).unwrap();
    assert_eq!(
        stage_history_columns(&file.headers),
        vec![
            (5, "Closed Won".to_owned()),
            (6, "Appointment Scheduled".to_owned()),
            (7, "Contract Sent".to_owned())
        ]
    );
    let mapping = suggest_mapping(ImportKind::Deals, &file.headers);
    assert_eq!(mapping.columns.len(), 5);
    let rows = read_deals(&file, &mapping, &ReadOptions::default());
    assert_eq!(
        rows.rows[0].stage_history,
        vec![
            ("Appointment Scheduled".to_owned(), at(2025, 11, 2, 9, 30)),
            ("Contract Sent".to_owned(), at(2026, 1, 5, 8, 0)),
            ("Closed Won".to_owned(), at(2026, 1, 20, 10, 0)),
        ]
    );
    assert_eq!(rows.rows[1].stage_history.len(), 1);
    let r = rejection(&rows, 4);
    assert_eq!(r.column, "Date entered \"Closed Won (Sales Pipeline)\"");
    let stages: Vec<_> = stages_in(&rows.rows).into_iter().map(|(_, k)| k).collect();
    assert!(stages.iter().all(Option::is_some));
}

#[test]
fn many_rows_parse_quickly() {
    // 100k rows take about 0.2 s in release; unoptimised builds get a smaller file.
    const ROWS: usize = if cfg!(debug_assertions) {
        20_000
    } else {
        100_000
    };
    let mut csv = String::from(
        "Record ID,Deal Name,Pipeline,Deal Stage,Amount,Close Date,Create Date,Deal owner,Deal Type,Associated Company\n",
    );
    for i in 0..ROWS {
        csv.push_str(&format!(
            "{},Deal {i},Sales Pipeline,closedwon,{}.50,2025-12-27 00:00,2025-11-28 10:15,Owner {},newbusiness,Company {}\n",
            9_000_000 + i,
            1000 + i % 5000,
            i % 40,
            i % 900
        ));
    }
    let started = std::time::Instant::now();
    let rows = deals(csv.as_bytes());
    let elapsed = started.elapsed();
    assert_eq!(rows.rejections, vec![]);
    assert_eq!(rows.rows.len(), ROWS);
    assert_eq!(rows.rows[ROWS - 1].line, ROWS as u64 + 1);
    eprintln!("{ROWS} deal rows in {elapsed:?}");
}

#[test]
fn people_accounts_and_activities() {
    let people = "Full Name,Email,Manager,Role,Team,Region,User ID\n\
                  Ava Thompson,ava@example.com,Mia Chen,Account Executive,West,EMEA,U1\n\
                  Liam Ortiz,liam@,Mia Chen,BDR,West,EMEA,U2\n\
                  Mia Chen,AVA@example.com,,Sales Manager,,,U3\n\
                  Jonas Berg,jonas@example.com,,Astronaut,,,U4\n\
                  ,x@example.com,,,,,U5\n";
    let file = read_csv(people.as_bytes()).unwrap();
    let mapping = suggest_mapping(ImportKind::People, &file.headers);
    assert_eq!(mapping.columns.len(), 7);
    let rows = read_people(&file, &mapping, &ReadOptions::default());
    assert_eq!(rows.rows.len(), 1);
    let ava = &rows.rows[0];
    assert_eq!(ava.sales_role, Some(SalesRole::Ae));
    assert_eq!(ava.manager_name.as_deref(), Some("Mia Chen"));
    assert_eq!(ava.external_id.as_deref(), Some("U1"));
    assert_eq!(rejection(&rows, 3).column, "Email");
    assert!(rejection(&rows, 4)
        .reason
        .starts_with("duplicates the email on line 2"));
    assert_eq!(rejection(&rows, 5).column, "Role");
    assert_eq!(
        rejection(&rows, 6).reason,
        "is empty; every person needs a name"
    );

    let hubspot_contacts =
        read_csv(b"Record ID,First Name,Last Name,Email\n7,Ava,Thompson,a@b.co\n").unwrap();
    let mapping = suggest_mapping(ImportKind::People, &hubspot_contacts.headers);
    let rows = read_people(&hubspot_contacts, &mapping, &ReadOptions::default());
    assert_eq!(rows.rows[0].name, "Ava Thompson");

    let accounts = "Account ID,Account Name,Industry,Employees,Billing Country,Account Owner\n\
                    001A,Northwind Traders,Retail,\"1,200\",Germany,Jonas Berg\n\
                    001B,Contoso,Health,51-200,US,Ava\n";
    let file = read_csv(accounts.as_bytes()).unwrap();
    assert_eq!(detect_source(&file.headers), Source::Salesforce);
    let mapping = suggest_mapping(ImportKind::Accounts, &file.headers);
    let rows = read_accounts(&file, &mapping, &ReadOptions::default());
    assert_eq!(rows.rows[0].name, "Northwind Traders");
    assert_eq!(rows.rows[0].employees, Some(1200));
    assert_eq!(rows.rows[0].region.as_deref(), Some("Germany"));
    assert_eq!(rows.rows[0].owner_name.as_deref(), Some("Jonas Berg"));
    assert_eq!(rejection(&rows, 3).column, "Employees");

    let activities = "Activity ID\tTask Subtype\tAssigned\tDate\tSubject\tOpportunity ID\n\
                      T1\tCall\tAva\t12/27/2025 3:45 PM\tIntro\t006A\n\
                      T2\tEvent\tAva\t2025-12-28T09:00:00+01:00\t\t\n\
                      T3\tTask\tAva\t12/27/2025\t\t\n\
                      T4\tEmail\t\t\t\t\n";
    let file = read_csv(activities.as_bytes()).unwrap();
    assert_eq!(file.delimiter, b'\t');
    let mapping = suggest_mapping(ImportKind::Activities, &file.headers);
    assert!(missing_required(ImportKind::Activities, &mapping).is_empty());
    let rows = read_activities(&file, &mapping, &ReadOptions::default());
    assert_eq!(rows.rows.len(), 2);
    assert_eq!(rows.rows[0].kind, ActivityKind::Call);
    assert_eq!(rows.rows[0].occurred_at, at(2025, 12, 27, 15, 45));
    assert_eq!(rows.rows[0].deal_external_id.as_deref(), Some("006A"));
    assert_eq!(rows.rows[1].kind, ActivityKind::Meeting);
    assert_eq!(rows.rows[1].occurred_at, at(2025, 12, 28, 8, 0));
    assert_eq!(rejection(&rows, 4).column, "Task Subtype");
    let missing: Vec<&str> = rows
        .rejections
        .iter()
        .filter(|r| r.line == 5)
        .map(|r| r.column.as_str())
        .collect();
    assert_eq!(missing, vec!["Assigned", "Date"]);
}

#[test]
fn amounts() {
    let ok = |s: &str, comma: bool| parse_amount(s, comma).map(|a| (a.value, a.currency));
    assert_eq!(ok("4800", false), Ok((dec("4800"), None)));
    assert_eq!(ok("4,800.00", false), Ok((dec("4800"), None)));
    assert_eq!(ok("$4,800.00", false), Ok((dec("4800"), None)));
    assert_eq!(
        ok("USD 4800", false),
        Ok((dec("4800"), Some("USD".to_owned())))
    );
    assert_eq!(
        ok("4.800,00 €", true),
        Ok((dec("4800"), Some("EUR".to_owned())))
    );
    assert_eq!(ok("1.234,56", true), Ok((dec("1234.56"), None)));
    assert_eq!(ok("1.234,56", false), Ok((dec("1234.56"), None)));
    assert_eq!(ok("1 234 567,5", true), Ok((dec("1234567.5"), None)));
    assert_eq!(ok("1,00,000", false), Ok((dec("100000"), None)));
    assert_eq!(ok("0.125", false), Ok((dec("0.12"), None)));
    assert_eq!(ok("0.135", false), Ok((dec("0.14"), None)));
    assert_eq!(ok(".5", false), Ok((dec("0.5"), None)));
    assert_eq!(ok("0", false), Ok((Decimal::ZERO, None)));
    assert!(parse_amount("(4,800.00)", false)
        .unwrap_err()
        .contains("must not be negative"));
    assert!(parse_amount("4,80", false)
        .unwrap_err()
        .contains("three digits"));
    assert!(parse_amount("12 apples", false).is_err());
    assert!(parse_amount("4.8E+03", false).is_err());
    assert!(parse_amount("9999999999999999", false)
        .unwrap_err()
        .contains("too large"));
    assert_eq!(
        parse_amount("4800", false).unwrap().value.to_string(),
        "4800.00"
    );
}

#[test]
fn dates() {
    let m = DateOrder::MonthFirst;
    let d = DateOrder::DayFirst;
    assert_eq!(parse_date("2025-12-27", m), Ok(date(2025, 12, 27)));
    assert_eq!(parse_date("2025-12-27 00:00", m), Ok(date(2025, 12, 27)));
    assert_eq!(parse_date("12/27/2025", m), Ok(date(2025, 12, 27)));
    assert_eq!(parse_date("27/12/2025", d), Ok(date(2025, 12, 27)));
    assert_eq!(parse_date("27.12.2025", m), Ok(date(2025, 12, 27)));
    assert_eq!(parse_date("3/4/26", m), Ok(date(2026, 3, 4)));
    assert_eq!(parse_date("27 Dec 2025", m), Ok(date(2025, 12, 27)));
    assert_eq!(parse_date("Dec 27, 2025", m), Ok(date(2025, 12, 27)));
    assert_eq!(
        parse_datetime("2025-12-27T10:00:00Z", m),
        Ok(at(2025, 12, 27, 10, 0))
    );
    assert_eq!(
        parse_datetime("2025-12-27T10:00:00.123-05:00", m).map(|t| t.date()),
        Ok(date(2025, 12, 27))
    );
    assert_eq!(
        parse_datetime("2025-12-27 23:30:00+0100", m),
        Ok(at(2025, 12, 27, 22, 30))
    );
    assert_eq!(
        parse_datetime("12/27/2025, 12:05 AM", m),
        Ok(at(2025, 12, 27, 0, 5))
    );
    assert!(parse_date("27/12/2025", m)
        .unwrap_err()
        .contains("day first"));
    assert!(parse_date("2025-13-01", m)
        .unwrap_err()
        .contains("no month 13"));
    assert!(parse_date("2025-12-27 25:00", m)
        .unwrap_err()
        .contains("time"));
    assert!(parse_date("soon", m)
        .unwrap_err()
        .starts_with("\"soon\" is not a date"));
}

#[test]
fn day_first_is_inferred_from_values() {
    let csv = "id,name,owner,stage,amount,close date\n\
               1,A,Ava,won,5,03/04/2026\n\
               2,B,Ava,won,5,25/04/2026\n";
    let rows = deals(csv.as_bytes());
    assert_eq!(rows.date_order, DateOrder::DayFirst);
    assert_eq!(rows.rows[0].close_date, Some(date(2026, 4, 3)));
    let file = read_csv(csv.as_bytes()).unwrap();
    let mapping = suggest_mapping(ImportKind::Deals, &file.headers);
    let opts = ReadOptions {
        date_order: DateOrder::MonthFirst,
        default_currency: "eur".to_owned(),
        ..ReadOptions::default()
    };
    let rows = read_deals(&file, &mapping, &opts);
    assert_eq!(rows.rows.len(), 1);
    assert_eq!(rows.rows[0].currency, "EUR");
    assert_eq!(rejection(&rows, 3).column, "close date");
}

#[test]
fn enums_from_crm_text() {
    assert_eq!("newbusiness".parse(), Ok(DealType::NewBusiness));
    assert_eq!("existingbusiness".parse(), Ok(DealType::Expansion));
    assert_eq!(
        "Existing Business - Upgrade".parse(),
        Ok(DealType::Expansion)
    );
    assert_eq!("Cross-sell".parse(), Ok(DealType::Expansion));
    assert_eq!("Existing Business - Renewal".parse(), Ok(DealType::Renewal));
    assert_eq!("".parse(), Ok(DealType::NewBusiness));
    assert_eq!("Phone call".parse(), Ok(ActivityKind::Call));
    assert_eq!("INCOMING_EMAIL".parse(), Ok(ActivityKind::Email));
    assert_eq!("Presentation".parse(), Ok(ActivityKind::Demo));
    assert_eq!("Event".parse(), Ok(ActivityKind::Meeting));
    assert_eq!("Sales Development Rep".parse(), Ok(SalesRole::Sdr));
    assert_eq!("Account Manager".parse(), Ok(SalesRole::Am));
    assert_eq!("Team Lead".parse(), Ok(SalesRole::Manager));
    assert_eq!("farmer".parse(), Ok(SalesRole::Farmer));
    assert_eq!(ImportKind::from_str("deals"), Ok(ImportKind::Deals));
    assert!(ImportKind::from_str("leads").is_err());
    assert_eq!(SalesRole::Sdr.as_str(), "sdr");
    assert_eq!(DealType::NewBusiness.as_str(), "new_business");
    assert_eq!(Field::CloseDate.label(), "Close date");
}

#[test]
fn mapping_is_an_editable_json_object() {
    let mapping: Mapping = serde_json::from_str(
        r#"{"Deal Name":"name","Lead Source":null,"Notes":"","Amount":"amount"}"#,
    )
    .unwrap();
    assert_eq!(mapping.columns.len(), 2);
    assert_eq!(
        serde_json::to_string(&mapping).unwrap(),
        r#"{"Amount":"amount","Deal Name":"name"}"#
    );
    assert!(serde_json::from_str::<Mapping>(r#"{"X":"nonsense"}"#).is_err());
}

#[test]
fn encodings_and_excel_shapes() {
    // Windows-1252: "Müller" and a euro sign.
    let file = read_csv(b"name,amount\nM\xfcller,\x80 5\n").unwrap();
    assert_eq!(file.encoding, TextEncoding::Windows1252);
    assert_eq!(file.records[0].get(0), Some("Müller"));
    assert_eq!(file.records[0].get(1), Some("€ 5"));

    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain("a\tb\r\n1\t2\r\n".encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let file = read_csv(&utf16).unwrap();
    assert_eq!(
        (file.delimiter, file.headers.len(), file.records[0].line),
        (b'\t', 2, 2)
    );

    let file = read_csv(b"sep=;\na;b\n1;2\n\n\n3;4\n;\n").unwrap();
    assert_eq!(file.headers, vec!["a", "b"]);
    let lines: Vec<u64> = file.records.iter().map(|r| r.line).collect();
    assert_eq!(lines, vec![3, 6]);

    let footer = "\"Opportunity ID\",\"Amount\"\n\"006A\",\"5\"\n\"\"\n\
                  \"Confidential Information - Do Not Distribute\"\n\
                  \"Copyright (c) 2000-2025 salesforce.com, inc. All rights reserved.\"\n\
                  \"Acme Inc.\"\n";
    let file = read_csv(footer.as_bytes()).unwrap();
    assert_eq!(file.records.len(), 1);
}

#[test]
fn trailing_delimiters_are_tolerated() {
    let csv = "id,name,owner,stage,amount,\n\
               1,A,Ava,won,5\n\
               2,B,Ava,won,5,,\n\
               3,C,Ava,won,5,,x\n";
    let rows = deals(csv.as_bytes());
    assert_eq!(rows.rows.len(), 2);
    assert_eq!(rejection(&rows, 4).column, ROW_COLUMN);
    assert_eq!(rows.rejections.len(), 1);
}
