//! The demo's sales organisation: three regions, twelve teams under them,
//! territories per region and segment, and about 120 people with a manager
//! each, a sales role, and a skill factor that drives how well they sell.

use super::{gauss, new_id, Clock, Login};
use attain_db::{
    schema::tenant::territories,
    tenant::{
        people::{self, Person},
        teams::{self, Team},
    },
    TenantConn,
};
use attain_domain::org::{SalesRole, Segment};
use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;
use rand::{rngs::StdRng, Rng};
use std::collections::HashSet;
use uuid::Uuid;

/// What a team sells to: decides its roles and the size of its deals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Enterprise,
    MidMarket,
    Commercial,
    Customers,
}

impl Focus {
    /// Roles of the team's members, in hiring order.
    fn roles(self) -> &'static [SalesRole] {
        use SalesRole::{Ae, Am, Farmer, Hunter, Sdr};
        match self {
            Focus::Enterprise => &[Ae, Hunter, Sdr, Ae, Hunter, Am, Ae, Sdr, Farmer, Ae],
            Focus::MidMarket => &[Hunter, Ae, Sdr, Farmer, Ae, Hunter, Am, Ae, Sdr, Ae],
            Focus::Commercial => &[Ae, Sdr, Hunter, Ae, Ae, Sdr, Hunter, Ae, Farmer, Ae],
            Focus::Customers => &[Farmer, Am, Farmer, Am, Farmer, Am, Farmer, Am, Farmer, Am],
        }
    }

    /// The segments its new business comes from.
    pub fn segment_mix(self) -> [(Segment, f64); 3] {
        match self {
            Focus::Enterprise => [
                (Segment::Enterprise, 0.75),
                (Segment::MidMarket, 0.25),
                (Segment::Smb, 0.0),
            ],
            Focus::MidMarket => [
                (Segment::Enterprise, 0.12),
                (Segment::MidMarket, 0.68),
                (Segment::Smb, 0.20),
            ],
            Focus::Commercial => [
                (Segment::Enterprise, 0.0),
                (Segment::MidMarket, 0.15),
                (Segment::Smb, 0.85),
            ],
            Focus::Customers => [
                (Segment::Enterprise, 0.2),
                (Segment::MidMarket, 0.4),
                (Segment::Smb, 0.4),
            ],
        }
    }

    /// How many deals its people work, relative to a mid-market team.
    pub fn volume(self) -> f64 {
        match self {
            Focus::Enterprise => 0.45,
            Focus::MidMarket => 1.0,
            Focus::Commercial => 1.6,
            Focus::Customers => 1.0,
        }
    }

    /// Whether accounts of `segment` are this team's to own.
    pub fn covers(self, segment: Segment) -> bool {
        match self {
            Focus::Enterprise => segment == Segment::Enterprise,
            Focus::MidMarket => segment == Segment::MidMarket,
            Focus::Commercial => segment == Segment::Smb,
            Focus::Customers => true,
        }
    }
}

struct TeamSpec {
    name: &'static str,
    region: usize,
    focus: Focus,
    /// Members besides the manager.
    size: usize,
}

pub const REGIONS: [&str; 3] = ["North America", "EMEA", "APAC"];

/// The team the manager and rep logins work in.
const LOGIN_TEAM: usize = 1;

/// The roles of the login team's other members.
const LOGIN_TEAM_OTHERS: [SalesRole; 4] = [
    SalesRole::Sdr,
    SalesRole::Farmer,
    SalesRole::Am,
    SalesRole::Hunter,
];

const TEAMS: [TeamSpec; 12] = [
    TeamSpec {
        name: "NA Enterprise",
        region: 0,
        focus: Focus::Enterprise,
        size: 10,
    },
    TeamSpec {
        name: "NA Mid-Market",
        region: 0,
        focus: Focus::MidMarket,
        size: 8,
    },
    TeamSpec {
        name: "NA Commercial",
        region: 0,
        focus: Focus::Commercial,
        size: 9,
    },
    TeamSpec {
        name: "NA Inside Sales",
        region: 0,
        focus: Focus::Commercial,
        size: 9,
    },
    TeamSpec {
        name: "NA Customer Success",
        region: 0,
        focus: Focus::Customers,
        size: 8,
    },
    TeamSpec {
        name: "EMEA Enterprise",
        region: 1,
        focus: Focus::Enterprise,
        size: 9,
    },
    TeamSpec {
        name: "DACH",
        region: 1,
        focus: Focus::MidMarket,
        size: 8,
    },
    TeamSpec {
        name: "UK & Ireland",
        region: 1,
        focus: Focus::MidMarket,
        size: 8,
    },
    TeamSpec {
        name: "EMEA Customer Success",
        region: 1,
        focus: Focus::Customers,
        size: 8,
    },
    TeamSpec {
        name: "ANZ",
        region: 2,
        focus: Focus::MidMarket,
        size: 8,
    },
    TeamSpec {
        name: "Japan",
        region: 2,
        focus: Focus::Enterprise,
        size: 8,
    },
    TeamSpec {
        name: "APAC Customer Success",
        region: 2,
        focus: Focus::Customers,
        size: 8,
    },
];

/// Where the logins sit: handle, sales role, skill. The manager and reps
/// work in [`LOGIN_TEAM`]; Ava is a star, Mia is strong, Jonas is average
/// and Liam is struggling.
const LOGIN_SELLERS: [(&str, SalesRole, f64); 5] = [
    ("manager", SalesRole::Manager, 1.1),
    ("ava", SalesRole::Hunter, 1.5),
    ("jonas", SalesRole::Ae, 1.0),
    ("liam", SalesRole::Ae, 0.6),
    ("mia", SalesRole::Ae, 1.2),
];

const FIRST_NAMES: [&str; 96] = [
    "Aaliyah",
    "Aaron",
    "Adaeze",
    "Aiko",
    "Alejandro",
    "Amara",
    "Amelia",
    "Andre",
    "Anika",
    "Arjun",
    "Astrid",
    "Beatriz",
    "Benjamin",
    "Bianca",
    "Camille",
    "Carlos",
    "Chen",
    "Chloe",
    "Daniel",
    "Daria",
    "David",
    "Diego",
    "Elena",
    "Elif",
    "Emeka",
    "Emma",
    "Ethan",
    "Fatima",
    "Felix",
    "Freya",
    "Gabriel",
    "Grace",
    "Hana",
    "Hannah",
    "Hiroshi",
    "Ingrid",
    "Isaac",
    "Isabella",
    "Ivan",
    "Jack",
    "Jamal",
    "Javier",
    "Ji-woo",
    "Julia",
    "Kai",
    "Karin",
    "Kenji",
    "Kofi",
    "Laila",
    "Lars",
    "Leah",
    "Leon",
    "Lucas",
    "Lucia",
    "Maria",
    "Mateo",
    "Maya",
    "Mei",
    "Mohammed",
    "Nadia",
    "Naomi",
    "Nathan",
    "Nina",
    "Noah",
    "Olga",
    "Omar",
    "Oscar",
    "Paulo",
    "Priya",
    "Rafael",
    "Ravi",
    "Rosa",
    "Ruth",
    "Sakura",
    "Samuel",
    "Sana",
    "Sara",
    "Sebastian",
    "Sofia",
    "Sophie",
    "Tariq",
    "Thomas",
    "Tomas",
    "Valentina",
    "Victor",
    "Wei",
    "William",
    "Yara",
    "Yuki",
    "Yusuf",
    "Zainab",
    "Zara",
    "Zoe",
    "Hugo",
    "Ines",
    "Malik",
];

const LAST_NAMES: [&str; 96] = [
    "Abara",
    "Adams",
    "Ahmed",
    "Alvarez",
    "Andersen",
    "Bauer",
    "Becker",
    "Bennett",
    "Bianchi",
    "Brooks",
    "Campbell",
    "Carter",
    "Castillo",
    "Chan",
    "Clarke",
    "Cohen",
    "Costa",
    "Dubois",
    "Dunn",
    "Eriksson",
    "Evans",
    "Fischer",
    "Fernandes",
    "Fontaine",
    "Garcia",
    "Gupta",
    "Hall",
    "Hansen",
    "Harris",
    "Hoffmann",
    "Hughes",
    "Ibrahim",
    "Ito",
    "Jensen",
    "Johansson",
    "Kaur",
    "Keller",
    "Khan",
    "Kim",
    "Kowalski",
    "Kumar",
    "Larsen",
    "Laurent",
    "Lee",
    "Lindqvist",
    "Lopez",
    "Martin",
    "Meyer",
    "Miller",
    "Moreau",
    "Morris",
    "Murphy",
    "Nakamura",
    "Nguyen",
    "Novak",
    "Okafor",
    "Olsen",
    "Park",
    "Patel",
    "Perez",
    "Petrov",
    "Quinn",
    "Reyes",
    "Ricci",
    "Rossi",
    "Santos",
    "Sato",
    "Schmidt",
    "Schneider",
    "Sharma",
    "Silva",
    "Singh",
    "Sorensen",
    "Suzuki",
    "Tanaka",
    "Taylor",
    "Torres",
    "Tran",
    "Turner",
    "Vargas",
    "Vogel",
    "Wagner",
    "Walker",
    "Wang",
    "Watanabe",
    "Weber",
    "Williams",
    "Wilson",
    "Wong",
    "Yamamoto",
    "Yilmaz",
    "Young",
    "Zhang",
    "Zimmermann",
    "Osei",
    "Mensah",
];

#[derive(Debug, Clone)]
pub struct Region {
    pub id: Uuid,
    pub name: &'static str,
    pub head: Uuid,
}

#[derive(Debug, Clone)]
pub struct TeamInfo {
    pub id: Uuid,
    pub region: usize,
    pub focus: Focus,
    /// Index into [`Org::members`].
    pub manager: usize,
}

/// Someone in the organisation tree.
#[derive(Debug, Clone)]
pub struct Member {
    pub id: Uuid,
    pub name: String,
    pub role: SalesRole,
    pub team: Option<usize>,
    pub region: Option<usize>,
    /// 1.0 is an average performer; drives win rate, deal size, cycle length
    /// and activity volume.
    pub skill: f64,
    /// The open new-business stage (1–4) where most of their deals die.
    pub weak_stage: usize,
    /// Whether they own deals (reps and team managers).
    pub sells: bool,
    /// The login handle, for the nine demo users.
    pub login: Option<&'static str>,
}

impl Member {
    /// The user id behind a login member (a member's person id is their user id).
    pub fn user_id(&self) -> Option<Uuid> {
        self.login.map(|_| self.id)
    }
}

pub struct Org {
    pub regions: Vec<Region>,
    pub teams: Vec<TeamInfo>,
    pub members: Vec<Member>,
    /// `(id, region, segment)`.
    pub territories: Vec<(Uuid, usize, Segment)>,
}

impl Org {
    /// Members of `team` other than its manager.
    pub fn team_reps(&self, team: usize) -> impl Iterator<Item = usize> + '_ {
        let manager = self.teams.get(team).map(|t| t.manager);
        self.members
            .iter()
            .enumerate()
            .filter(move |(index, m)| m.team == Some(team) && Some(*index) != manager)
            .map(|(index, _)| index)
    }
}

struct Names {
    used: HashSet<String>,
}

impl Names {
    fn next(&mut self, rng: &mut StdRng) -> (String, String) {
        loop {
            let first = FIRST_NAMES[rng.gen_range(0..FIRST_NAMES.len())];
            let last = LAST_NAMES[rng.gen_range(0..LAST_NAMES.len())];
            let name = format!("{first} {last}");
            if self.used.insert(name.clone()) {
                let email = format!("{}.{}@acme-analytics.example", ascii(first), ascii(last));
                return (name, email);
            }
        }
    }
}

fn ascii(part: &str) -> String {
    part.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase()
}

fn skill(rng: &mut StdRng) -> f64 {
    (0.3 * gauss(rng)).exp().clamp(0.5, 1.8)
}

fn person(
    id: Uuid,
    name: String,
    email: String,
    team_id: Option<Uuid>,
    manager_id: Option<Uuid>,
    role: SalesRole,
    hired: DateTime<Utc>,
) -> Person {
    Person {
        id,
        user_id: None,
        external_id: None,
        name,
        email: Some(email),
        team_id,
        manager_id,
        sales_role: role.as_str().to_owned(),
        active: true,
        version: 1,
        created_at: hired,
    }
}

pub fn build(
    t: &mut TenantConn<'_>,
    rng: &mut StdRng,
    logins: &[Login],
    clock: Clock,
) -> anyhow::Result<Org> {
    let login = |handle: &str| {
        logins
            .iter()
            .find(|l| l.handle == handle)
            .map(|l| l.user_id)
            .ok_or_else(|| anyhow::anyhow!("no demo login '{handle}'"))
    };
    let owner = login("owner")?;
    let exec = login("exec")?;
    let founded = clock.start - Duration::days(400);
    let hired = |rng: &mut StdRng| super::at(founded, 0) + Duration::days(rng.gen_range(0..600));
    let mut names = Names {
        used: super::PEOPLE
            .iter()
            .map(|(_, name, _)| (*name).to_owned())
            .collect(),
    };
    let mut members = vec![
        Member {
            id: owner,
            name: "Olivia Owner".into(),
            role: SalesRole::Manager,
            team: None,
            region: None,
            skill: 1.0,
            weak_stage: 2,
            sells: false,
            login: Some("owner"),
        },
        Member {
            id: exec,
            name: "Erin Executive".into(),
            role: SalesRole::Manager,
            team: None,
            region: None,
            skill: 1.0,
            weak_stage: 2,
            sells: false,
            login: Some("exec"),
        },
    ];
    let mut new_people: Vec<Person> = Vec::new();
    let mut team_rows: Vec<Team> = Vec::new();
    let created = super::at(founded, 0);

    let mut regions = Vec::new();
    for (index, name) in REGIONS.iter().enumerate() {
        let id = new_id(rng);
        let head = new_id(rng);
        let (head_name, head_email) = names.next(rng);
        new_people.push(person(
            head,
            head_name.clone(),
            head_email,
            Some(id),
            Some(exec),
            SalesRole::Manager,
            hired(rng),
        ));
        members.push(Member {
            id: head,
            name: head_name,
            role: SalesRole::Manager,
            team: None,
            region: Some(index),
            skill: skill(rng),
            weak_stage: 2,
            sells: false,
            login: None,
        });
        team_rows.push(Team {
            id,
            name: (*name).to_owned(),
            parent_id: None,
            manager_user_id: None,
            version: 1,
            created_at: created,
            kind: "region".into(),
        });
        regions.push(Region { id, name, head });
    }

    let mut teams = Vec::new();
    for (index, spec) in TEAMS.iter().enumerate() {
        let id = new_id(rng);
        let region = &regions[spec.region];
        let manager_index = members.len();
        let manager_user = if index == LOGIN_TEAM {
            let max = login("manager")?;
            members.push(Member {
                id: max,
                name: "Max Manager".into(),
                role: SalesRole::Manager,
                team: Some(index),
                region: Some(spec.region),
                skill: LOGIN_SELLERS[0].2,
                weak_stage: 3,
                sells: true,
                login: Some("manager"),
            });
            Some(max)
        } else {
            let manager = new_id(rng);
            let (name, email) = names.next(rng);
            new_people.push(person(
                manager,
                name.clone(),
                email,
                Some(id),
                Some(region.head),
                SalesRole::Manager,
                hired(rng),
            ));
            members.push(Member {
                id: manager,
                name,
                role: SalesRole::Manager,
                team: Some(index),
                region: Some(spec.region),
                skill: skill(rng),
                weak_stage: rng.gen_range(1..=4),
                sells: true,
                login: None,
            });
            None
        };
        team_rows.push(Team {
            id,
            name: spec.name.to_owned(),
            parent_id: Some(region.id),
            manager_user_id: manager_user,
            version: 1,
            created_at: created + Duration::seconds(index as i64 + 1),
            kind: "team".into(),
        });
        let manager_id = members[manager_index].id;
        let roles = if index == LOGIN_TEAM {
            &LOGIN_TEAM_OTHERS
        } else {
            spec.focus.roles()
        };
        let mut generated = 0;
        if index == LOGIN_TEAM {
            for (handle, role, skill) in &LOGIN_SELLERS[1..] {
                members.push(Member {
                    id: login(handle)?,
                    name: super::PEOPLE
                        .iter()
                        .find(|(_, _, h)| h == handle)
                        .map(|(_, name, _)| (*name).to_owned())
                        .unwrap_or_default(),
                    role: *role,
                    team: Some(index),
                    region: Some(spec.region),
                    skill: *skill,
                    weak_stage: rng.gen_range(1..=4),
                    sells: true,
                    login: Some(*handle),
                });
                generated += 1;
            }
        }
        let mut slot = 0;
        while generated < spec.size {
            let role = roles[slot % roles.len()];
            slot += 1;
            let id_person = new_id(rng);
            let (name, email) = names.next(rng);
            new_people.push(person(
                id_person,
                name.clone(),
                email,
                Some(id),
                Some(manager_id),
                role,
                hired(rng),
            ));
            members.push(Member {
                id: id_person,
                name,
                role,
                team: Some(index),
                region: Some(spec.region),
                skill: skill(rng),
                weak_stage: rng.gen_range(1..=4),
                sells: true,
                login: None,
            });
            generated += 1;
        }
        teams.push(TeamInfo {
            id,
            region: spec.region,
            focus: spec.focus,
            manager: manager_index,
        });
    }

    for team in &team_rows {
        teams::insert(t, team)?;
    }
    for chunk in new_people.chunks(2000) {
        diesel::insert_into(attain_db::schema::tenant::people::table)
            .values(chunk)
            .execute(t.conn())?;
    }

    // Place the logins in the tree.
    for member in members.iter().filter(|m| m.login.is_some()) {
        let Some(mut row) = people::find(t, member.id)? else {
            anyhow::bail!("the login {} has no person", member.name);
        };
        row.sales_role = member.role.as_str().to_owned();
        row.team_id = member.team.map(|team| teams[team].id);
        row.manager_id = match member.login {
            Some("owner") => None,
            Some("exec") => Some(owner),
            Some("manager") => member.region.map(|r| regions[r].head),
            _ => member.team.map(|team| members[teams[team].manager].id),
        };
        row.created_at = hired(rng);
        people::save(t, &row)?;
    }
    // The admin and the billing admin report to the owner but do not sell.
    for handle in ["admin", "billing"] {
        if let Some(mut row) = people::find(t, login(handle)?)? {
            row.manager_id = Some(owner);
            people::save(t, &row)?;
        }
    }

    let mut territory_rows = Vec::new();
    let mut territory_list = Vec::new();
    for (index, region) in regions.iter().enumerate() {
        for (segment, label) in [
            (Segment::Enterprise, "Enterprise"),
            (Segment::MidMarket, "Mid-Market"),
            (Segment::Smb, "SMB"),
        ] {
            let id = new_id(rng);
            territory_rows.push((
                territories::id.eq(id),
                territories::name.eq(format!("{} {label}", region.name)),
                territories::region_id.eq(Some(region.id)),
                territories::segment.eq(segment.as_str()),
                territories::owner_id.eq(Some(region.head)),
                territories::created_at.eq(created),
            ));
            territory_list.push((id, index, segment));
        }
    }
    diesel::insert_into(territories::table)
        .values(territory_rows)
        .execute(t.conn())?;

    Ok(Org {
        regions,
        teams,
        members,
        territories: territory_list,
    })
}
