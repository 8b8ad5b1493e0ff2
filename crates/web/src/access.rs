//! Who may call each route. Every route is added through [`Routes`] with its
//! rule, so the router and the table of rules are one list: the
//! authorisation matrix test walks [`rules`] and checks each rule against
//! the running server, and a route cannot be added without one.

use axum::{
    Router,
    handler::Handler,
    http::Method,
    routing::{MethodFilter, on},
};

use crate::AppState;

/// Who may call a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone: pages, ActivityPub documents, feeds, discovery, logging in.
    Public,
    /// Servers of the fediverse: an inbox; the request's HTTP signature decides.
    Signed,
    /// Anyone signed in (the account page, logging out).
    Account,
    /// Editors of the co-op the path names (or, when it names none, of their
    /// own co-op) and admins.
    Editor,
    /// Admins only.
    Admin,
    /// The bearer of `server.metrics_token`.
    MetricsToken,
}

/// One method of one route and who may call it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    pub method: Method,
    /// The route's pattern, as axum matches it (`/api/v1/jobs/{id}`).
    pub path: &'static str,
    pub access: Access,
}

/// Routes with their rules.
pub(crate) struct Routes {
    router: Router<AppState>,
    rules: Vec<Rule>,
}

impl Routes {
    pub(crate) fn new() -> Self {
        Self { router: Router::new(), rules: Vec::new() }
    }

    fn add<H, T>(mut self, method: Method, path: &'static str, access: Access, handler: H) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        let filter = match method {
            Method::POST => MethodFilter::POST,
            Method::PUT => MethodFilter::PUT,
            Method::PATCH => MethodFilter::PATCH,
            Method::DELETE => MethodFilter::DELETE,
            _ => MethodFilter::GET,
        };
        // Routes on one path merge (axum joins their method routers).
        self.router = self.router.route(path, on(filter, handler));
        self.rules.push(Rule { method, path, access });
        self
    }

    /// `GET` (and `HEAD`) `path`.
    pub(crate) fn get<H: Handler<T, AppState>, T: 'static>(self, path: &'static str, access: Access, h: H) -> Self {
        self.add(Method::GET, path, access, h)
    }

    pub(crate) fn post<H: Handler<T, AppState>, T: 'static>(self, path: &'static str, access: Access, h: H) -> Self {
        self.add(Method::POST, path, access, h)
    }

    pub(crate) fn put<H: Handler<T, AppState>, T: 'static>(self, path: &'static str, access: Access, h: H) -> Self {
        self.add(Method::PUT, path, access, h)
    }

    pub(crate) fn patch<H: Handler<T, AppState>, T: 'static>(self, path: &'static str, access: Access, h: H) -> Self {
        self.add(Method::PATCH, path, access, h)
    }

    pub(crate) fn delete<H: Handler<T, AppState>, T: 'static>(self, path: &'static str, access: Access, h: H) -> Self {
        self.add(Method::DELETE, path, access, h)
    }

    pub(crate) fn merge(mut self, other: Routes) -> Self {
        self.router = self.router.merge(other.router);
        self.rules.extend(other.rules);
        self
    }

    pub(crate) fn into_router(self) -> Router<AppState> {
        self.router
    }
}

/// Every route of the application with its rule.
pub fn rules() -> Vec<Rule> {
    crate::all_routes().rules
}
