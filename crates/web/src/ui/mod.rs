//! The web interface people use in a browser: the job board, the directory,
//! news and events, the federation's status, in four languages. Pages are
//! typed templates (`maud`) compiled with the binary; handlers read through
//! the same database and service functions as the API. Every text from
//! another server goes through the template's escaping; the only HTML
//! inserted as is, is what coopfed sanitised when it stored it.

mod admin;
mod components;
mod console;
mod federation;
mod home;
pub(crate) mod jobs;
pub(crate) mod members;
mod news;
pub(crate) mod page;
mod partners;
mod queue;

use axum::{Router, routing::get};

use crate::AppState;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(home::show))
        .route("/jobs", get(jobs::board))
        .route("/members", get(members::directory))
        .route("/coops/{id}", get(members::remote_coop))
        .route("/news", get(news::list))
        .route("/announcements/{id}/event.ics", get(news::event_calendar))
        .route("/federation", get(federation::status))
        .route("/console", get(console::start))
        .route("/console/{slug}", get(console::overview))
        .route("/console/{slug}/profile", get(console::edit_profile).post(console::save_profile))
        .route("/console/{slug}/jobs/new", get(console::new_job).post(console::create_job))
        .route("/console/{slug}/jobs/{id}", get(console::edit_job).post(console::update_job))
        .route("/console/{slug}/jobs/{id}/close", axum::routing::post(console::close_job))
        .route("/console/{slug}/news/new", get(console::new_news).post(console::create_news))
        .route("/admin", get(admin::home))
        .route("/admin/audit", get(admin::audit))
        .route("/admin/domains", get(admin::domains).post(admin::save_domain))
        .route("/admin/domains/remove", axum::routing::post(admin::remove_domain))
        .route("/admin/policies", get(admin::policies).post(admin::save_policies))
        .route("/admin/partners", get(partners::show))
        .route("/admin/partners/follow", axum::routing::post(partners::follow))
        .route("/admin/partners/end", axum::routing::post(partners::end))
        .route("/admin/partners/{id}/{decision}", axum::routing::post(partners::decide))
        .route("/admin/deliveries", get(queue::show))
        .route("/admin/deliveries/retry", axum::routing::post(queue::retry))
        .route("/admin/deliveries/give-up", axum::routing::post(queue::give_up))
        .route("/admin/reports", get(admin::reports))
        .route("/admin/reports/send", axum::routing::post(admin::send_report))
        .route("/admin/reports/{id}/resolve", axum::routing::post(admin::resolve_report))
        .route("/language/{code}", get(page::choose_language))
        .route("/static/style.css", get(page::stylesheet))
}
