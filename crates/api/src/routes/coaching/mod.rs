//! Coaching: the manager's team view (leaderboard, KPIs against the team,
//! funnels with each rep's weakest stage, coaching flags) and one-on-one
//! notes per rep.
//!
//! Who sees what:
//! - **Team view**: owners, admins and executives open any team; a manager
//!   opens the teams they manage or belong to, and those below them.
//! - **One-on-one notes** about a person: owners, admins and executives
//!   read them; so does anyone the person reports to (at any depth), and the
//!   person themself. Owners, admins and anyone the person reports to write
//!   them; nobody writes notes about themself.

pub mod notes_create;
pub mod notes_list;
pub mod team;

use crate::{auth::Principal, error::ApiError};
use attain_db::{
    tenant::{people, teams},
    TenantConn,
};
use attain_domain::Role;
use uuid::Uuid;

/// The teams `principal` may open in the team view, parents first.
pub fn visible_teams(
    t: &mut TenantConn<'_>,
    principal: &Principal,
) -> Result<Vec<teams::Team>, ApiError> {
    let all = teams::all(t)?;
    match principal.role {
        Role::Owner | Role::Admin | Role::Executive => Ok(all),
        Role::Manager => {
            let own_team = people::for_user(t, principal.user_id)?.and_then(|p| p.team_id);
            let roots: Vec<Uuid> = all
                .iter()
                .filter(|team| {
                    team.manager_user_id == Some(principal.user_id) || Some(team.id) == own_team
                })
                .map(|team| team.id)
                .collect();
            Ok(all
                .iter()
                .filter(|team| {
                    roots
                        .iter()
                        .any(|root| teams::is_self_or_descendant(&all, *root, team.id))
                })
                .cloned()
                .collect())
        }
        Role::Rep | Role::BillingAdmin => Err(ApiError::forbidden(
            "The team view shows every rep's figures: owners, admins, executives and managers can open it.",
        )),
    }
}

/// What the caller may do with one person's one-on-one notes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NoteAccess {
    pub read: bool,
    pub write: bool,
}

/// The caller's access to the notes about `person` (who must exist: 404).
pub fn note_access(
    t: &mut TenantConn<'_>,
    principal: &Principal,
    person: Uuid,
) -> Result<NoteAccess, ApiError> {
    if people::find(t, person)?.is_none() {
        return Err(ApiError::not_found("person"));
    }
    let themself = person == principal.user_id;
    let above = !themself
        && people::for_user(t, principal.user_id)?.is_some_and(|me| {
            people::reporting_to(t, me.id).is_ok_and(|below| below.contains(&person))
        });
    Ok(match principal.role {
        Role::Owner | Role::Admin => NoteAccess {
            read: true,
            write: !themself,
        },
        Role::Executive => NoteAccess {
            read: true,
            write: above,
        },
        Role::Manager | Role::Rep => NoteAccess {
            read: above || themself,
            write: above,
        },
        Role::BillingAdmin => NoteAccess {
            read: false,
            write: false,
        },
    })
}
