//! Partnership: two networks whose actors follow each other. Here is all
//! that the idea of a partner decides: who may publish offers and news to
//! our stream groups and be listed ([`policy`]), which partner groups our
//! own offers go to, which network's co-op directory we mirror and how
//! ([`members`]), and what a new partner catches up on ([`catch_up`]).

pub mod catch_up;
pub mod members;
pub mod policy;

pub use policy::GroupPolicy;
