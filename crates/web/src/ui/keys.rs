//! The admin console's signing keys: each local actor's current key, the
//! replaced ones still verifying, and rotating one or all.

use axum::{
    Form,
    extract::State,
    response::{IntoResponse, Redirect, Response},
};
use maud::html;

use super::{
    components::post_button,
    page::{AdminPage, layout, moment, page},
};
use crate::i18n::Arg;
use crate::{AppError, AppState, accounts::check_session_csrf};

/// `GET /admin/keys`.
pub(crate) async fn show(
    State(state): State<AppState>,
    AdminPage { ctx, user }: AdminPage,
) -> Result<Response, AppError> {
    let tr = &ctx.tr;
    let keys = coopfed_service::keys::local_keys(state.db(), None).await?;
    let csrf = user.csrf_token().unwrap_or_default();
    let title = tr.t("keys-title");
    let body = html! {
        h1 { (title) }
        p.lede { (tr.t("keys-lede")) }
        form.stacked method="post" action="/admin/keys/rotate" {
            input type="hidden" name="csrf" value=(csrf);
            div.actions { button type="submit" { (tr.t("keys-rotate-all")) } }
        }
        table.status {
            caption { (tr.t("keys-caption")) }
            thead { tr {
                th scope="col" { (tr.t("keys-actor")) }
                th scope="col" { (tr.t("keys-current")) }
                th scope="col" { (tr.t("keys-replaced")) }
                th scope="col" { (tr.t("queue-actions")) }
            } }
            tbody {
                @for key in &keys {
                    tr {
                        th scope="row" { (key.handle) br; small { (tr.t(&format!("keys-kind-{}", key.kind))) } }
                        td { code { (key.key_id) } br; small { (tr.t_with("keys-since", &[("at", Arg::Text(moment(tr, key.since)))])) } }
                        td {
                            @for old in &key.retired {
                                code { (old.key_id) } br;
                                small { (tr.t_with("keys-until", &[("at", Arg::Text(moment(tr, old.valid_until)))])) } br;
                            }
                        }
                        td {
                            (post_button(csrf, "/admin/keys/rotate", &[("actor", &key.actor)], &tr.t("keys-rotate"), &tr.t_with("keys-rotate-label", &[("handle", Arg::from(key.handle.as_str()))])))
                        }
                    }
                }
            }
        }
    };
    Ok(page(layout(&ctx, &title, &[], body)))
}

#[derive(Debug, serde::Deserialize)]
pub(crate) struct RotateForm {
    csrf: String,
    /// One actor's id; left out, every local actor.
    actor: Option<String>,
}

/// `POST /admin/keys/rotate`: new keys (the old ones verify for a day) and
/// each actor's `Update` to its followers and partners.
pub(crate) async fn rotate(
    State(state): State<AppState>,
    AdminPage { user, .. }: AdminPage,
    Form(form): Form<RotateForm>,
) -> Result<Response, AppError> {
    check_session_csrf(&user, &form.csrf)?;
    let actor = form.actor.filter(|a| !a.trim().is_empty());
    let all = actor.is_none();
    crate::admin::rotate_for(&state, &user, actor.as_deref(), all, coopfed_service::keys::DEFAULT_GRACE).await?;
    Ok(Redirect::to("/admin/keys").into_response())
}
