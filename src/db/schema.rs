//! Table definitions shared by both backends. Hand-kept in step with `migrations/sqlite` and
//! `migrations/postgres`: ids are `BigInt`, money is `BigInt` minor units, times are UTC `Timestamp`.

diesel::table! {
    shop_settings (id) {
        id -> BigInt,
        shop_name -> Text,
        currency -> Text,
        time_zone -> Text,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    staff (id) {
        id -> BigInt,
        email -> Text,
        email_key -> Text,
        name -> Text,
        role -> Text,
        password_hash -> Text,
        active -> Bool,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        last_sign_in_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    sessions (key_hash) {
        key_hash -> Text,
        staff_id -> Nullable<BigInt>,
        state -> Text,
        created_at -> Timestamp,
        last_seen_at -> Timestamp,
        expires_at -> Timestamp,
    }
}

diesel::table! {
    setup_tokens (token_hash) {
        token_hash -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
    }
}

diesel::table! {
    signin_failures (id) {
        id -> BigInt,
        email_key -> Text,
        ip -> Text,
        at -> Timestamp,
    }
}

diesel::table! {
    audit_log (id) {
        id -> BigInt,
        at -> Timestamp,
        staff_id -> Nullable<BigInt>,
        actor -> Text,
        ip -> Nullable<Text>,
        request_id -> Nullable<Text>,
        entity_type -> Text,
        entity_id -> Nullable<Text>,
        action -> Text,
        before_json -> Nullable<Text>,
        after_json -> Nullable<Text>,
    }
}

diesel::joinable!(sessions -> staff (staff_id));
diesel::joinable!(audit_log -> staff (staff_id));
diesel::allow_tables_to_appear_in_same_query!(
    shop_settings,
    staff,
    sessions,
    setup_tokens,
    signin_failures,
    audit_log,
);
