//! The web interface people use in a browser: the job board, the directory,
//! news and events, the federation's status, in four languages. Pages are
//! typed templates (`maud`) compiled with the binary; handlers read through
//! the same database and service functions as the API. Every text from
//! another server goes through the template's escaping; the only HTML
//! inserted as is, is what coopfed sanitised when it stored it.

mod admin;
mod components;
mod console;
mod directory_import;
mod federation;
mod home;
pub(crate) mod jobs;
mod keys;
pub(crate) mod members;
mod news;
pub(crate) mod page;
mod partners;
mod queue;
mod roster;

use crate::access::{
    Access::{Account, Admin, Editor, Public},
    Routes,
};

pub(crate) fn routes() -> Routes {
    Routes::new()
        .get("/", Public, home::show)
        .get("/jobs", Public, jobs::board)
        .get("/members", Public, members::directory)
        .get("/coops/{id}", Public, members::remote_coop)
        .get("/news", Public, news::list)
        .get("/announcements/{id}/event.ics", Public, news::event_calendar)
        .get("/federation", Public, federation::status)
        .get("/language/{code}", Public, page::choose_language)
        .get("/static/style.css", Public, page::stylesheet)
        .get("/console", Account, console::start)
        .get("/console/{slug}", Editor, console::overview)
        .get("/console/{slug}/profile", Editor, console::edit_profile)
        .post("/console/{slug}/profile", Editor, console::save_profile)
        .get("/console/{slug}/jobs/new", Editor, console::new_job)
        .post("/console/{slug}/jobs/new", Editor, console::create_job)
        .get("/console/{slug}/jobs/{id}", Editor, console::edit_job)
        .post("/console/{slug}/jobs/{id}", Editor, console::update_job)
        .post("/console/{slug}/jobs/{id}/close", Editor, console::close_job)
        .get("/console/{slug}/news/new", Editor, console::new_news)
        .post("/console/{slug}/news/new", Editor, console::create_news)
        .get("/admin", Admin, admin::home)
        .get("/admin/audit", Admin, admin::audit)
        .get("/admin/domains", Admin, admin::domains)
        .post("/admin/domains", Admin, admin::save_domain)
        .post("/admin/domains/remove", Admin, admin::remove_domain)
        .get("/admin/policies", Admin, admin::policies)
        .post("/admin/policies", Admin, admin::save_policies)
        .get("/admin/members", Admin, roster::show)
        .post("/admin/members/add", Admin, roster::add)
        .post("/admin/members/remove", Admin, roster::remove)
        .post("/admin/members/invite", Admin, roster::invite)
        .post("/admin/members/role", Admin, roster::change_role)
        .post("/admin/members/link", Admin, roster::new_link)
        .get("/admin/members/import", Admin, directory_import::form)
        .post("/admin/members/import", Admin, directory_import::submit)
        .get("/admin/partners", Admin, partners::show)
        .post("/admin/partners/follow", Admin, partners::follow)
        .post("/admin/partners/end", Admin, partners::end)
        .post("/admin/partners/{id}/{decision}", Admin, partners::decide)
        .get("/admin/keys", Admin, keys::show)
        .post("/admin/keys/rotate", Admin, keys::rotate)
        .get("/admin/deliveries", Admin, queue::show)
        .post("/admin/deliveries/retry", Admin, queue::retry)
        .post("/admin/deliveries/give-up", Admin, queue::give_up)
        .get("/admin/reports", Admin, admin::reports)
        .post("/admin/reports/send", Admin, admin::send_report)
        .post("/admin/reports/{id}/resolve", Admin, admin::resolve_report)
}
