//! The OpenAPI 3.1 description of the REST API, generated from the handlers
//! with utoipa and served at `/api/v1/openapi.json`.

use axum::Json;
use utoipa::{
    Modify, OpenApi,
    openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme},
};

use crate::access::{Access::Public, Routes};
use crate::error::{ErrorBody, ErrorDetail, FieldProblem};

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).bearer_format("cft_…").build()),
        );
    }
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "coopfed",
        description = "REST API of a coopfed instance: the network's member co-ops, job offers, news and events, \
                       and those of its partner networks. Errors are `{\"error\": {\"code\", \"message\"}}`.",
        license(name = "AGPL-3.0-or-later")
    ),
    paths(
        crate::api::instance,
        crate::api::me,
        crate::jobs::list,
        crate::jobs::create,
        crate::jobs::replace,
        crate::jobs::withdraw,
        crate::members::list,
        crate::members::show,
        crate::members::create,
        crate::members::replace,
        crate::members::remove,
        crate::announcements::list,
        crate::announcements::create,
        crate::announcements::replace,
        crate::announcements::withdraw,
        crate::reference::skills,
        crate::reference::list_networks,
        crate::reference::add_skill,
        crate::reference::change_skill,
        crate::reference::remove_skill,
        crate::reference::add_category,
        crate::admin::list_follows,
        crate::admin::follow,
        crate::admin::unfollow,
        crate::admin::accept,
        crate::admin::reject,
        crate::admin::end_partnership,
        crate::admin::list_deliveries,
        crate::admin::retry,
        crate::admin::give_up,
        crate::admin::list_hosts,
        crate::admin::list_audit,
        crate::admin::list_domains,
        crate::admin::put_domain,
        crate::admin::remove_domain,
        crate::admin::list_reports,
        crate::admin::resolve_report,
        crate::admin::send_report,
        crate::admin::get_policies,
        crate::admin::put_policies,
        crate::admin::list_blocked,
        crate::admin::block_actor,
        crate::admin::unblock_actor,
        crate::admin::list_users,
        crate::admin::create_user,
        crate::admin::change_user,
        crate::admin::list_keys,
        crate::admin::rotate_keys,
    ),
    components(schemas(ErrorBody, ErrorDetail, FieldProblem)),
    modifiers(&BearerAuth)
)]
pub struct ApiDoc;

pub(crate) fn routes() -> Routes {
    Routes::new().get("/api/v1/openapi.json", Public, || async { Json(ApiDoc::openapi()) })
}
