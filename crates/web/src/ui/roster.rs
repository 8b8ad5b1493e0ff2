//! The admin console's members and editors: the network's co-ops (add,
//! remove; each one's console edits it), the people who may edit (invite by
//! a one-time link, change a role or co-op, a new login link).

use axum::{
    Form,
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use coopfed_core::Role;
use coopfed_db::{accounts::UserRow, members::MemberRow};
use maud::{Markup, html};

use super::{
    components::{post_button, select_field, text_field},
    page::{AdminPage, Ctx, layout, moment, page},
};
use crate::i18n::{Arg, Tr};
use crate::{AppError, AppState, accounts::check_session_csrf, auth::CurrentUser};

/// What the page shows besides the lists: a form's values and its error,
/// or a login link made just now.
#[derive(Default)]
struct Shown {
    coop: CoopForm,
    invite: InviteForm,
    /// (form, field, message).
    error: Option<(&'static str, &'static str, String)>,
    /// (user name, link) of an invitation or a new login link, shown once.
    link: Option<(String, String)>,
}

/// `GET /admin/members`.
pub(crate) async fn show(
    State(state): State<AppState>,
    AdminPage { ctx, user }: AdminPage,
) -> Result<Response, AppError> {
    roster_page(&state, &ctx, &user, Shown::default()).await
}

async fn roster_page(state: &AppState, ctx: &Ctx, user: &CurrentUser, shown: Shown) -> Result<Response, AppError> {
    let tr = &ctx.tr;
    let network_id = ctx.network.id.clone();
    let (coops, users) = state
        .db()
        .run(move |conn| -> Result<_, AppError> {
            Ok((coopfed_db::members::list_members(conn, &network_id)?, coopfed_db::accounts::list_users(conn)?))
        })
        .await?;
    let csrf = user.csrf_token().unwrap_or_default();
    let error_of = |form: &str, field: &str| {
        shown.error.as_ref().filter(|(f, n, _)| *f == form && *n == field).map(|(_, _, m)| m.as_str())
    };
    let coop_options: Vec<(String, String)> = coops.iter().map(|c| (c.slug.clone(), c.name.clone())).collect();
    let role_options =
        [("editor".to_owned(), tr.t("roster-role-editor")), ("admin".to_owned(), tr.t("roster-role-admin"))];
    let coop_of = |u: &UserRow| u.member_id.as_ref().and_then(|id| coops.iter().find(|c| &c.id == id));
    let title = tr.t("roster-title");
    let body = html! {
        h1 { (title) }
        p.lede { (tr.t("roster-lede")) }
        @if let Some((name, link)) = &shown.link {
            div.notice role="status" {
                p { (tr.t_with("roster-link-for", &[("name", Arg::from(name.as_str()))])) }
                p { code { (link) } }
            }
        }
        h2 { (tr.t("roster-coops")) }
        p { a href="/admin/members/import" { (tr.t("roster-import-link")) } }
        h3 { (tr.t("roster-add")) }
        form.stacked method="post" action="/admin/members/add" {
            input type="hidden" name="csrf" value=(csrf);
            (text_field("slug", &tr.t("roster-slug"), Some(shown.coop.slug.as_str()), error_of("coop", "slug")))
            (text_field("name", &tr.t("roster-name"), Some(shown.coop.name.as_str()), error_of("coop", "name")))
            (text_field("country", &tr.t("roster-country"), Some(shown.coop.country.as_str()), error_of("coop", "country")))
            (text_field("city", &tr.t("roster-city"), Some(shown.coop.city.as_str()), error_of("coop", "city")))
            (text_field("website", &tr.t("roster-website"), Some(shown.coop.website.as_str()), error_of("coop", "website")))
            div.actions { button type="submit" { (tr.t("roster-add-button")) } }
        }
        @if coops.is_empty() {
            p.empty { (tr.t("roster-no-coops")) }
        } @else {
            table.status {
                caption { (tr.t("roster-coops-caption")) }
                thead { tr {
                    th scope="col" { (tr.t("roster-coop")) }
                    th scope="col" { (tr.t("roster-editors")) }
                    th scope="col" { (tr.t("queue-actions")) }
                } }
                tbody {
                    @for coop in &coops {
                        @let editors: Vec<&str> = users.iter().filter(|u| u.member_id.as_ref() == Some(&coop.id)).map(|u| u.username.as_str()).collect();
                        tr {
                            th scope="row" { a href=(format!("/console/{}", coop.slug)) { (coop.name) } br; small { "@" (coop.slug) } }
                            td { (editors.join(", ")) }
                            td {
                                (post_button(csrf, "/admin/members/remove", &[("slug", &coop.slug)], &tr.t("roster-remove"), &tr.t_with("roster-remove-label", &[("name", Arg::from(coop.name.as_str()))])))
                            }
                        }
                    }
                }
            }
        }
        h2 { (tr.t("roster-people")) }
        h3 { (tr.t("roster-invite")) }
        p { (tr.t("roster-invite-text")) }
        form.stacked method="post" action="/admin/members/invite" {
            input type="hidden" name="csrf" value=(csrf);
            (text_field("username", &tr.t("roster-username"), Some(shown.invite.username.as_str()), error_of("invite", "username")))
            (text_field("email", &tr.t("roster-email"), Some(shown.invite.email.as_str()), error_of("invite", "email")))
            (select_field(tr, "member", &tr.t("roster-coop"), Some(shown.invite.member.as_str()), &coop_options, error_of("invite", "member")))
            (select_field(tr, "role", &tr.t("roster-role"), Some(if shown.invite.role.is_empty() { "editor" } else { shown.invite.role.as_str() }), &role_options, error_of("invite", "role")))
            div.actions { button type="submit" { (tr.t("roster-invite-button")) } }
        }
        table.status {
            caption { (tr.t("roster-people-caption")) }
            thead { tr {
                th scope="col" { (tr.t("roster-person")) }
                th scope="col" { (tr.t("roster-role-and-coop")) }
                th scope="col" { (tr.t("roster-last-login")) }
                th scope="col" { (tr.t("queue-actions")) }
            } }
            tbody {
                @for person in &users {
                    tr {
                        th scope="row" { (person.username) @if let Some(email) = &person.email { br; small { (email) } } }
                        td { (role_form(tr, csrf, person, coop_of(person), &role_options, &coop_options)) }
                        td { @match person.last_login_at { Some(at) => (moment(tr, at)), None => (tr.t("roster-never")) } }
                        td {
                            (post_button(csrf, "/admin/members/link", &[("username", &person.username)], &tr.t("roster-new-link"), &tr.t_with("roster-new-link-label", &[("name", Arg::from(person.username.as_str()))])))
                        }
                    }
                }
            }
        }
    };
    let status = if shown.error.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    Ok((status, page(layout(ctx, &title, &[], body))).into_response())
}

/// A person's role and co-op, changed in place.
fn role_form(
    tr: &Tr,
    csrf: &str,
    person: &UserRow,
    coop: Option<&MemberRow>,
    roles: &[(String, String)],
    coops: &[(String, String)],
) -> Markup {
    let (role_id, coop_id) = (format!("role-{}", person.username), format!("member-{}", person.username));
    let current = coop.map(|c| c.slug.as_str()).unwrap_or("");
    html! {
        form.inline-fields method="post" action="/admin/members/role" {
            input type="hidden" name="csrf" value=(csrf);
            input type="hidden" name="username" value=(person.username);
            label.visually-hidden for=(role_id) { (tr.t_with("roster-role-of", &[("name", Arg::from(person.username.as_str()))])) }
            select id=(role_id) name="role" {
                @for (value, text) in roles { option value=(value) selected[value == person.role.as_str()] { (text) } }
            }
            label.visually-hidden for=(coop_id) { (tr.t_with("roster-coop-of", &[("name", Arg::from(person.username.as_str()))])) }
            select id=(coop_id) name="member" {
                option value="" selected[current.is_empty()] { (tr.t("roster-no-coop")) }
                @for (value, text) in coops { option value=(value) selected[value == current] { (text) } }
            }
            button type="submit" aria-label=(tr.t_with("roster-save-label", &[("name", Arg::from(person.username.as_str()))])) { (tr.t("roster-save")) }
        }
    }
}

#[derive(Debug, Default, serde::Deserialize)]
pub(crate) struct CoopForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    slug: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    country: String,
    #[serde(default)]
    city: String,
    #[serde(default)]
    website: String,
}

fn optional(text: &str) -> Option<String> {
    Some(text.trim().to_owned()).filter(|t| !t.is_empty())
}

/// The field a service error is about, with its message in the reader's language.
fn field_error(tr: &Tr, form: &'static str, error: coopfed_service::ServiceError) -> Result<Shown, AppError> {
    use coopfed_service::ServiceError;
    let (field, message) = match error {
        ServiceError::Invalid { field, problem } => (field, tr.problem(&problem)),
        ServiceError::Conflict(message) => ("username", message),
        other => return Err(other.into()),
    };
    let field = match (form, field) {
        ("coop", "slug" | "name" | "country" | "city" | "website") | ("invite", "username" | "email" | "member") => {
            field
        }
        ("coop", _) => "slug",
        _ => "username",
    };
    Ok(Shown { error: Some((form, field, message)), ..Shown::default() })
}

/// `POST /admin/members/add`: a new member co-op.
pub(crate) async fn add(
    State(state): State<AppState>,
    AdminPage { ctx, user }: AdminPage,
    Form(form): Form<CoopForm>,
) -> Result<Response, AppError> {
    check_session_csrf(&user, &form.csrf)?;
    let new = coopfed_service::members::NewMember {
        slug: form.slug.trim().to_owned(),
        name: form.name.trim().to_owned(),
        website: optional(&form.website),
        country: optional(&form.country).map(|c| c.to_ascii_uppercase()),
        city: optional(&form.city),
        summary: None,
    };
    let outbound = Some(state.federation().outbound());
    match coopfed_service::members::create(state.db(), outbound, &user.actor(), state.urls(), new).await {
        Ok(member) => {
            state.federation().wake_deliveries.notify_one();
            Ok(Redirect::to(&format!("/console/{}/profile", member.slug)).into_response())
        }
        Err(error) => {
            let shown = field_error(&ctx.tr, "coop", error)?;
            roster_page(&state, &ctx, &user, Shown { coop: form, ..shown }).await
        }
    }
}

#[derive(Debug, serde::Deserialize)]
pub(crate) struct SlugForm {
    csrf: String,
    slug: String,
    /// Set by the confirmation page's button.
    #[serde(default)]
    confirmed: bool,
}

/// `POST /admin/members/remove`: first asks again, then the co-op leaves
/// the network (its offers and news go, partners hear it).
pub(crate) async fn remove(
    State(state): State<AppState>,
    AdminPage { ctx, user }: AdminPage,
    Form(form): Form<SlugForm>,
) -> Result<Response, AppError> {
    check_session_csrf(&user, &form.csrf)?;
    if !form.confirmed {
        let tr = &ctx.tr;
        let network_id = ctx.network.id.clone();
        let slug = form.slug.clone();
        let coop = state.db().run(move |conn| coopfed_db::members::find_member(conn, &network_id, &slug)).await?;
        let coop = coop.ok_or(AppError::NotFound("member co-op"))?;
        let title = tr.t_with("roster-remove-title", &[("name", Arg::from(coop.name.as_str()))]);
        let body = html! {
            h1 { (title) }
            p { (tr.t("roster-remove-text")) }
            form.stacked method="post" action="/admin/members/remove" {
                input type="hidden" name="csrf" value=(form.csrf);
                input type="hidden" name="slug" value=(coop.slug);
                input type="hidden" name="confirmed" value="true";
                div.actions {
                    button type="submit" { (tr.t("roster-remove-confirm")) }
                    " " a href="/admin/members" { (tr.t("roster-remove-cancel")) }
                }
            }
        };
        return Ok(page(layout(&ctx, &title, &[], body)));
    }
    coopfed_service::members::remove(&state.writer(user.actor()), &form.slug).await?;
    state.federation().wake_deliveries.notify_one();
    Ok(Redirect::to("/admin/members").into_response())
}

#[derive(Debug, Default, serde::Deserialize)]
pub(crate) struct InviteForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    username: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    member: String,
    #[serde(default)]
    role: String,
}

fn role_of(word: &str) -> Role {
    if word == "admin" { Role::Admin } else { Role::Editor }
}

fn link_of(state: &AppState, secret: &str) -> String {
    format!("{}/login/once?token={secret}", state.urls().browser_base())
}

/// `POST /admin/members/invite`: a new person with a one-time login link.
pub(crate) async fn invite(
    State(state): State<AppState>,
    AdminPage { ctx, user }: AdminPage,
    Form(form): Form<InviteForm>,
) -> Result<Response, AppError> {
    check_session_csrf(&user, &form.csrf)?;
    let new = coopfed_service::accounts::NewUser {
        username: form.username.trim().to_owned(),
        email: optional(&form.email),
        role: role_of(&form.role),
        password: None,
        member: optional(&form.member),
    };
    match coopfed_service::accounts::invite(state.db(), &user.actor(), new).await {
        Ok((person, secret)) => {
            let shown = Shown { link: Some((person.username, link_of(&state, &secret))), ..Shown::default() };
            roster_page(&state, &ctx, &user, shown).await
        }
        Err(error) => {
            let shown = field_error(&ctx.tr, "invite", error)?;
            roster_page(&state, &ctx, &user, Shown { invite: form, ..shown }).await
        }
    }
}

#[derive(Debug, serde::Deserialize)]
pub(crate) struct RoleForm {
    csrf: String,
    username: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    member: String,
}

/// `POST /admin/members/role`: a person's role and co-op.
pub(crate) async fn change_role(
    State(state): State<AppState>,
    AdminPage { user, .. }: AdminPage,
    Form(form): Form<RoleForm>,
) -> Result<Response, AppError> {
    check_session_csrf(&user, &form.csrf)?;
    let role = role_of(&form.role);
    let member = if role == Role::Admin { None } else { optional(&form.member) };
    coopfed_service::accounts::change_role(state.db(), &user.actor(), &form.username, role, member).await?;
    Ok(Redirect::to("/admin/members").into_response())
}

#[derive(Debug, serde::Deserialize)]
pub(crate) struct UserForm {
    csrf: String,
    username: String,
}

/// `POST /admin/members/link`: a new one-time login link for a person.
pub(crate) async fn new_link(
    State(state): State<AppState>,
    AdminPage { ctx, user }: AdminPage,
    Form(form): Form<UserForm>,
) -> Result<Response, AppError> {
    check_session_csrf(&user, &form.csrf)?;
    let secret = coopfed_service::accounts::create_login_link(state.db(), &user.actor(), &form.username).await?;
    let shown = Shown { link: Some((form.username.clone(), link_of(&state, &secret))), ..Shown::default() };
    roster_page(&state, &ctx, &user, shown).await
}
