//! The diesel schema, written once for both backends (see `migrations/`).
//! Column types are the portable subset: text ids, `Timestamp`, `Date`, `Bool`.

diesel::table! {
    instance_settings (key) {
        key -> Text,
        value -> Text,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    networks (id) {
        id -> Text,
        slug -> Text,
        domain -> Text,
        display_name -> Text,
        summary -> Nullable<Text>,
        is_local -> Bool,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        blocked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    reports (id) {
        id -> Text,
        activity_id -> Nullable<Text>,
        reporter -> Text,
        comment -> Nullable<Text>,
        targets -> Text,
        snapshot -> Text,
        state -> Text,
        resolution -> Nullable<Text>,
        resolved_by -> Nullable<Text>,
        resolved_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    retired_keys (key_id) {
        key_id -> Text,
        actor_id -> Text,
        public_key_pem -> Text,
        retired_at -> Timestamp,
        expires_at -> Timestamp,
    }
}

diesel::table! {
    domain_rules (domain) {
        domain -> Text,
        kind -> Text,
        reason -> Nullable<Text>,
        created_at -> Timestamp,
        created_by -> Text,
    }
}

diesel::table! {
    actors (id) {
        id -> Text,
        ap_id -> Text,
        kind -> Text,
        username -> Text,
        domain -> Text,
        display_name -> Text,
        summary -> Nullable<Text>,
        network_id -> Nullable<Text>,
        is_local -> Bool,
        inbox_url -> Text,
        shared_inbox_url -> Nullable<Text>,
        outbox_url -> Nullable<Text>,
        followers_url -> Nullable<Text>,
        public_key_pem -> Text,
        private_key_pem -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        fetched_at -> Nullable<Timestamp>,
        public_key_id -> Nullable<Text>,
        blocked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    member_coops (id) {
        id -> Text,
        network_id -> Text,
        actor_id -> Text,
        slug -> Text,
        name -> Text,
        website -> Nullable<Text>,
        country -> Nullable<Text>,
        city -> Nullable<Text>,
        summary -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        languages -> Text,
        legal_form -> Nullable<Text>,
        size -> Nullable<Integer>,
        founded -> Nullable<Integer>,
        services -> Text,
        technologies -> Text,
        sectors -> Text,
        contact_email -> Nullable<Text>,
        summary_lang -> Nullable<Text>,
        fictional -> Bool,
        latitude -> Nullable<Double>,
        longitude -> Nullable<Double>,
        logo_url -> Nullable<Text>,
        social_links -> Text,
        joined_on -> Nullable<Date>,
        translations -> Text,
        taken_down_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    job_offers (id) {
        id -> Text,
        ap_id -> Text,
        member_id -> Text,
        title -> Text,
        summary -> Nullable<Text>,
        content -> Text,
        lang -> Text,
        employment_type -> Text,
        remote -> Bool,
        posted_on -> Date,
        valid_through -> Date,
        apply_url -> Nullable<Text>,
        apply_email -> Nullable<Text>,
        publish_to_all -> Bool,
        is_local -> Bool,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        deleted_at -> Nullable<Timestamp>,
        audience -> Nullable<Text>,
        location_city -> Nullable<Text>,
        location_country -> Nullable<Text>,
        slug -> Nullable<Text>,
        salary_min -> Nullable<Double>,
        salary_max -> Nullable<Double>,
        salary_currency -> Nullable<Text>,
        salary_period -> Nullable<Text>,
        languages -> Text,
        fictional -> Bool,
        translations -> Text,
        taken_down_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    announcements (id) {
        id -> Text,
        ap_id -> Text,
        network_id -> Text,
        member_id -> Nullable<Text>,
        kind -> Text,
        title -> Text,
        summary -> Nullable<Text>,
        content -> Text,
        lang -> Text,
        published_at -> Timestamp,
        starts_at -> Nullable<Timestamp>,
        ends_at -> Nullable<Timestamp>,
        timezone -> Nullable<Text>,
        is_local -> Bool,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        deleted_at -> Nullable<Timestamp>,
        audience -> Nullable<Text>,
        publish_to_all -> Bool,
        location_city -> Nullable<Text>,
        location_country -> Nullable<Text>,
        online_url -> Nullable<Text>,
        slug -> Nullable<Text>,
        category -> Nullable<Text>,
        attendance -> Nullable<Text>,
        registration_url -> Nullable<Text>,
        deadline -> Nullable<Timestamp>,
        tags -> Text,
        fictional -> Bool,
        translations -> Text,
        taken_down_at -> Nullable<Timestamp>,
        venue -> Text,
    }
}

diesel::table! {
    announcement_skills (announcement_id, skill) {
        announcement_id -> Text,
        skill -> Text,
    }
}

diesel::table! {
    follows (id) {
        id -> Text,
        follower_id -> Text,
        target_id -> Text,
        state -> Text,
        follow_activity_id -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    inbox_activities (id) {
        id -> Text,
        activity_id -> Text,
        kind -> Text,
        actor_ap_id -> Text,
        recipient_id -> Nullable<Text>,
        payload -> Text,
        received_at -> Timestamp,
        processed_at -> Nullable<Timestamp>,
        attempts -> Integer,
        last_error -> Nullable<Text>,
        leased_until -> Nullable<Timestamp>,
    }
}

diesel::table! {
    outbox_activities (id) {
        id -> Text,
        activity_id -> Text,
        actor_id -> Text,
        kind -> Text,
        payload -> Text,
        created_at -> Timestamp,
        public -> Bool,
        embeds -> Nullable<Text>,
    }
}

diesel::table! {
    deliveries (id) {
        id -> Text,
        outbox_id -> Text,
        inbox_url -> Text,
        host -> Text,
        state -> Text,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        last_status -> Nullable<Integer>,
        last_error -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        delivered_at -> Nullable<Timestamp>,
        leased_until -> Nullable<Timestamp>,
    }
}

diesel::table! {
    users (id) {
        id -> Text,
        username -> Text,
        email -> Nullable<Text>,
        password_hash -> Nullable<Text>,
        role -> Text,
        member_id -> Nullable<Text>,
        disabled -> Bool,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        last_login_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    api_tokens (id) {
        id -> Text,
        user_id -> Text,
        name -> Text,
        token_hash -> Text,
        prefix -> Text,
        created_at -> Timestamp,
        last_used_at -> Nullable<Timestamp>,
        expires_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    login_failures (key) {
        key -> Text,
        failures -> Integer,
        first_failed_at -> Timestamp,
        locked_until -> Nullable<Timestamp>,
    }
}

diesel::table! {
    sessions (id) {
        id -> Text,
        user_id -> Text,
        csrf_token -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
    }
}

diesel::table! {
    login_links (id) {
        id -> Text,
        user_id -> Text,
        token_hash -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    audit_log (id) {
        id -> Text,
        at -> Timestamp,
        user_id -> Nullable<Text>,
        actor -> Text,
        action -> Text,
        target -> Nullable<Text>,
        details -> Nullable<Text>,
    }
}

diesel::table! {
    federation_hosts (host) {
        host -> Text,
        consecutive_failures -> Integer,
        first_failure_at -> Nullable<Timestamp>,
        last_failure_at -> Nullable<Timestamp>,
        last_success_at -> Nullable<Timestamp>,
        dead_since -> Nullable<Timestamp>,
    }
}

diesel::table! {
    object_provenance (id) {
        id -> Text,
        object_ap_id -> Text,
        group_ap_id -> Text,
        activity_id -> Nullable<Text>,
        received_at -> Timestamp,
    }
}

diesel::table! {
    skill_categories (slug) {
        slug -> Text,
        label_en -> Text,
        label_de -> Text,
        label_nl -> Text,
        label_fr -> Text,
    }
}

diesel::table! {
    skills (slug) {
        slug -> Text,
        category -> Text,
        label_en -> Text,
        label_de -> Text,
        label_nl -> Text,
        label_fr -> Text,
        builtin -> Bool,
    }
}

diesel::table! {
    skill_aliases (alias) {
        alias -> Text,
        skill -> Text,
    }
}

diesel::table! {
    job_skills (job_id, skill) {
        job_id -> Text,
        skill -> Text,
    }
}

diesel::table! {
    member_skills (member_id, skill) {
        member_id -> Text,
        skill -> Text,
    }
}

// SQLite only: the FTS5 index of job offers (its row numbers follow the
// offers' order; the text columns are not read through diesel) and where each
// offer's row is.
diesel::table! {
    job_search (rowid) {
        rowid -> BigInt,
        job_id -> Text,
    }
}

diesel::table! {
    job_search_rows (job_id) {
        job_id -> Text,
        fts_rowid -> BigInt,
    }
}

diesel::joinable!(job_search -> job_offers (job_id));
diesel::joinable!(actors -> networks (network_id));
diesel::joinable!(skills -> skill_categories (category));
diesel::joinable!(skill_aliases -> skills (skill));
diesel::joinable!(member_skills -> member_coops (member_id));
diesel::joinable!(member_skills -> skills (skill));
diesel::joinable!(job_skills -> job_offers (job_id));
diesel::joinable!(member_coops -> networks (network_id));
diesel::joinable!(member_coops -> actors (actor_id));
diesel::joinable!(job_offers -> member_coops (member_id));
diesel::joinable!(announcements -> networks (network_id));
diesel::joinable!(api_tokens -> users (user_id));
diesel::joinable!(sessions -> users (user_id));
diesel::joinable!(login_links -> users (user_id));
diesel::joinable!(deliveries -> outbox_activities (outbox_id));
diesel::joinable!(retired_keys -> actors (actor_id));

diesel::allow_tables_to_appear_in_same_query!(
    instance_settings,
    networks,
    actors,
    member_coops,
    job_offers,
    announcements,
    follows,
    inbox_activities,
    outbox_activities,
    deliveries,
    users,
    api_tokens,
    sessions,
    login_failures,
    login_links,
    audit_log,
    federation_hosts,
    object_provenance,
    skill_categories,
    skills,
    skill_aliases,
    member_skills,
    job_skills,
    announcement_skills,
    job_search,
    job_search_rows,
    domain_rules,
    reports,
    retired_keys,
);
