//! Table definitions shared by both backends. Hand-kept in step with `migrations/sqlite` and
//! `migrations/postgres`: ids are `BigInt`, money is `BigInt` minor units, times are UTC `Timestamp`.

diesel::table! {
    shop_settings (id) {
        id -> BigInt,
        shop_name -> Text,
        currency -> Text,
        time_zone -> Text,
        updated_at -> Timestamp,
        legal_name -> Text,
        address_line1 -> Text,
        address_line2 -> Text,
        city -> Text,
        region -> Text,
        postal_code -> Text,
        country -> Text,
        contact_email -> Text,
        time_display -> Text,
        weight_unit -> Text,
        order_prefix -> Text,
        order_start -> BigInt,
        version -> BigInt,
        updated_by -> Text,
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
        updated_by -> Text,
    }
}

diesel::table! {
    api_tokens (id) {
        id -> BigInt,
        name -> Text,
        token_hash -> Text,
        prefix -> Text,
        scopes -> Text,
        created_by -> Text,
        created_at -> Timestamp,
        last_used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
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
        device -> Nullable<Text>,
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

diesel::table! {
    categories (id) {
        id -> BigInt,
        parent_id -> Nullable<BigInt>,
        name -> Text,
        slug -> Text,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        updated_by -> Text,
    }
}

diesel::table! {
    products (id) {
        id -> BigInt,
        title -> Text,
        handle -> Text,
        description -> Text,
        status -> Text,
        vendor -> Text,
        product_type -> Text,
        tags -> Text,
        category_id -> Nullable<BigInt>,
        seo_title -> Text,
        seo_description -> Text,
        option1_name -> Nullable<Text>,
        option2_name -> Nullable<Text>,
        option3_name -> Nullable<Text>,
        min_price -> BigInt,
        max_price -> BigInt,
        variant_count -> BigInt,
        cover_image_id -> Nullable<BigInt>,
        ever_active -> Bool,
        version -> BigInt,
        updated_by -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    product_tags (tag, product_id) {
        tag -> Text,
        product_id -> BigInt,
    }
}

diesel::table! {
    variants (id) {
        id -> BigInt,
        product_id -> BigInt,
        sku -> Text,
        sku_key -> Text,
        barcode -> Nullable<Text>,
        option1 -> Nullable<Text>,
        option2 -> Nullable<Text>,
        option3 -> Nullable<Text>,
        price -> BigInt,
        compare_at_price -> Nullable<BigInt>,
        cost -> Nullable<BigInt>,
        weight_grams -> Nullable<BigInt>,
        track_inventory -> Bool,
        allow_backorder -> Bool,
        position -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    product_images (id) {
        id -> BigInt,
        product_id -> BigInt,
        position -> BigInt,
        alt -> Text,
        content_type -> Text,
        width -> BigInt,
        height -> BigInt,
        byte_size -> BigInt,
        sha256 -> Text,
        data -> Binary,
        thumbnail -> Binary,
        created_at -> Timestamp,
    }
}

diesel::table! {
    change_sets (id) {
        id -> BigInt,
        summary -> Text,
        operation -> Text,
        staff_id -> Nullable<BigInt>,
        actor -> Text,
        item_count -> BigInt,
        created_at -> Timestamp,
        reverted_at -> Nullable<Timestamp>,
        reverted_by -> Nullable<Text>,
        status -> Text,
        job_id -> Nullable<BigInt>,
        operation_value -> Text,
        product_ids -> Text,
        request_key -> Nullable<Text>,
    }
}

diesel::table! {
    change_set_items (id) {
        id -> BigInt,
        change_set_id -> BigInt,
        product_id -> BigInt,
        before_json -> Text,
        after_json -> Text,
        version_after -> BigInt,
        reverted -> Bool,
    }
}

diesel::table! {
    catalog_imports (id) {
        id -> BigInt,
        staff_id -> Nullable<BigInt>,
        file_name -> Text,
        content -> Text,
        created_at -> Timestamp,
        applied_at -> Nullable<Timestamp>,
        job_id -> Nullable<BigInt>,
        created_count -> BigInt,
        updated_count -> BigInt,
        row_count -> BigInt,
        error_count -> BigInt,
        change_set_id -> Nullable<BigInt>,
    }
}

diesel::table! {
    jobs (id) {
        id -> BigInt,
        kind -> Text,
        status -> Text,
        total -> BigInt,
        done -> BigInt,
        message -> Text,
        staff_id -> Nullable<BigInt>,
        created_at -> Timestamp,
        heartbeat_at -> Timestamp,
        finished_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    locations (id) {
        id -> BigInt,
        name -> Text,
        code -> Text,
        code_key -> Text,
        address -> Text,
        fulfils_orders -> Bool,
        priority -> BigInt,
        active -> Bool,
        version -> BigInt,
        updated_by -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    stock_reasons (id) {
        id -> BigInt,
        code -> Text,
        label -> Text,
        needs_note -> Bool,
        active -> Bool,
        position -> BigInt,
    }
}

diesel::table! {
    stock_levels (id) {
        id -> BigInt,
        variant_id -> BigInt,
        location_id -> BigInt,
        on_hand -> BigInt,
        committed -> BigInt,
        incoming -> BigInt,
        reorder_point -> Nullable<BigInt>,
        reorder_quantity -> Nullable<BigInt>,
        updated_at -> Timestamp,
        sku_key -> Text,
    }
}

diesel::table! {
    stock_totals (variant_id) {
        variant_id -> BigInt,
        on_hand -> BigInt,
        committed -> BigInt,
        incoming -> BigInt,
    }
}

diesel::table! {
    stock_movements (id) {
        id -> BigInt,
        variant_id -> BigInt,
        location_id -> BigInt,
        kind -> Text,
        on_hand_change -> BigInt,
        committed_change -> BigInt,
        on_hand_after -> BigInt,
        committed_after -> BigInt,
        reason_id -> Nullable<BigInt>,
        note -> Text,
        actor_kind -> Text,
        staff_id -> Nullable<BigInt>,
        actor -> Text,
        reference_kind -> Nullable<Text>,
        reference_id -> Nullable<BigInt>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    staff_locations (staff_id, location_id) {
        staff_id -> BigInt,
        location_id -> BigInt,
    }
}

diesel::table! {
    transfers (id) {
        id -> BigInt,
        from_location_id -> BigInt,
        to_location_id -> BigInt,
        status -> Text,
        note -> Text,
        version -> BigInt,
        updated_by -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        sent_at -> Nullable<Timestamp>,
        closed_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    transfer_lines (id) {
        id -> BigInt,
        transfer_id -> BigInt,
        variant_id -> BigInt,
        quantity -> BigInt,
        received -> BigInt,
        written_off -> BigInt,
    }
}

diesel::table! {
    suppliers (id) {
        id -> BigInt,
        name -> Text,
        name_key -> Text,
        contact -> Text,
        email -> Text,
        phone -> Text,
        lead_time_days -> Nullable<BigInt>,
        notes -> Text,
        version -> BigInt,
        updated_by -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    variant_suppliers (variant_id) {
        variant_id -> BigInt,
        supplier_id -> BigInt,
        supplier_sku -> Text,
    }
}

diesel::table! {
    purchase_orders (id) {
        id -> BigInt,
        supplier_id -> BigInt,
        location_id -> BigInt,
        status -> Text,
        expected_on -> Nullable<Text>,
        note -> Text,
        version -> BigInt,
        updated_by -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        ordered_at -> Nullable<Timestamp>,
        closed_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    purchase_order_lines (id) {
        id -> BigInt,
        purchase_order_id -> BigInt,
        variant_id -> BigInt,
        quantity -> BigInt,
        unit_cost -> BigInt,
        received -> BigInt,
    }
}

diesel::table! {
    stock_counts (id) {
        id -> BigInt,
        location_id -> BigInt,
        status -> Text,
        scope -> Text,
        note -> Text,
        version -> BigInt,
        updated_by -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        closed_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    stock_count_lines (id) {
        id -> BigInt,
        count_id -> BigInt,
        variant_id -> BigInt,
        counted -> Nullable<BigInt>,
        expected -> Nullable<BigInt>,
        counted_at -> Nullable<Timestamp>,
        counted_by -> Text,
    }
}

diesel::table! {
    stock_imports (id) {
        id -> BigInt,
        staff_id -> Nullable<BigInt>,
        file_name -> Text,
        row_count -> BigInt,
        line_count -> BigInt,
        job_id -> Nullable<BigInt>,
        created_at -> Timestamp,
        applied_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    stock_import_lines (id) {
        id -> BigInt,
        import_id -> BigInt,
        row_number -> BigInt,
        variant_id -> BigInt,
        location_id -> BigInt,
        seen_on_hand -> BigInt,
        change -> BigInt,
        reason_id -> Nullable<BigInt>,
        note -> Text,
        sets_reorder -> Bool,
        reorder_point -> Nullable<BigInt>,
        reorder_quantity -> Nullable<BigInt>,
        outcome -> Text,
        sets_supplier -> Bool,
        supplier_id -> Nullable<BigInt>,
        supplier_sku -> Text,
    }
}

diesel::joinable!(products -> categories (category_id));
diesel::joinable!(variants -> products (product_id));
diesel::joinable!(product_tags -> products (product_id));
diesel::joinable!(product_images -> products (product_id));
diesel::joinable!(change_set_items -> change_sets (change_set_id));
diesel::joinable!(change_set_items -> products (product_id));
diesel::joinable!(catalog_imports -> change_sets (change_set_id));
diesel::joinable!(sessions -> staff (staff_id));
diesel::joinable!(audit_log -> staff (staff_id));
diesel::joinable!(stock_levels -> variants (variant_id));
diesel::joinable!(stock_levels -> locations (location_id));
diesel::joinable!(stock_totals -> variants (variant_id));
diesel::joinable!(stock_movements -> variants (variant_id));
diesel::joinable!(stock_movements -> locations (location_id));
diesel::joinable!(stock_movements -> stock_reasons (reason_id));
diesel::joinable!(staff_locations -> locations (location_id));
diesel::joinable!(staff_locations -> staff (staff_id));
diesel::joinable!(stock_movements -> staff (staff_id));
diesel::joinable!(transfer_lines -> transfers (transfer_id));
diesel::joinable!(transfer_lines -> variants (variant_id));
diesel::joinable!(variant_suppliers -> variants (variant_id));
diesel::joinable!(variant_suppliers -> suppliers (supplier_id));
diesel::joinable!(purchase_orders -> suppliers (supplier_id));
diesel::joinable!(purchase_orders -> locations (location_id));
diesel::joinable!(purchase_order_lines -> purchase_orders (purchase_order_id));
diesel::joinable!(purchase_order_lines -> variants (variant_id));
diesel::joinable!(stock_counts -> locations (location_id));
diesel::joinable!(stock_count_lines -> stock_counts (count_id));
diesel::joinable!(stock_count_lines -> variants (variant_id));
diesel::joinable!(stock_import_lines -> stock_imports (import_id));
diesel::joinable!(stock_import_lines -> variants (variant_id));
diesel::joinable!(stock_import_lines -> locations (location_id));
diesel::table! {
    /// Moved on by trigger with every change to products, variants and tags.
    catalog_generation (id) {
        id -> BigInt,
        generation -> BigInt,
    }
}

diesel::table! {
    customers (id) {
        id -> BigInt,
        first_name -> Text,
        last_name -> Text,
        name_key -> Text,
        email -> Nullable<Text>,
        email_key -> Nullable<Text>,
        email_match -> Nullable<Text>,
        phone -> Text,
        phone_display -> Text,
        company -> Text,
        note -> Text,
        tags -> Text,
        accepts_email -> Bool,
        consent_at -> Nullable<Timestamp>,
        consent_source -> Text,
        tax_exempt -> Bool,
        language -> Text,
        country -> Text,
        city -> Text,
        default_shipping_id -> Nullable<BigInt>,
        default_billing_id -> Nullable<BigInt>,
        erased_at -> Nullable<Timestamp>,
        erased_by -> Text,
        erasure_reason -> Text,
        version -> BigInt,
        updated_by -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    customer_addresses (id) {
        id -> BigInt,
        customer_id -> BigInt,
        name -> Text,
        company -> Text,
        line1 -> Text,
        line2 -> Text,
        city -> Text,
        region -> Text,
        postcode -> Text,
        country -> Text,
        phone -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    customer_tags (tag, customer_id) {
        tag -> Text,
        customer_id -> BigInt,
    }
}

diesel::table! {
    customer_consents (id) {
        id -> BigInt,
        customer_id -> BigInt,
        accepts -> Bool,
        source -> Text,
        recorded_by -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    customer_notes (id) {
        id -> BigInt,
        customer_id -> BigInt,
        body -> Text,
        author -> Text,
        version -> BigInt,
        created_at -> Timestamp,
        edited_at -> Nullable<Timestamp>,
    }
}

diesel::joinable!(customer_notes -> customers (customer_id));
diesel::joinable!(customer_addresses -> customers (customer_id));
diesel::joinable!(customer_tags -> customers (customer_id));
diesel::joinable!(customer_consents -> customers (customer_id));

diesel::allow_tables_to_appear_in_same_query!(
    api_tokens,
    shop_settings,
    staff,
    sessions,
    setup_tokens,
    signin_failures,
    audit_log,
    categories,
    products,
    product_tags,
    variants,
    product_images,
    change_sets,
    change_set_items,
    catalog_imports,
    jobs,
    catalog_generation,
    locations,
    stock_reasons,
    stock_levels,
    stock_totals,
    stock_movements,
    staff_locations,
    transfers,
    transfer_lines,
    suppliers,
    variant_suppliers,
    purchase_orders,
    purchase_order_lines,
    stock_counts,
    stock_count_lines,
    stock_imports,
    stock_import_lines,
    customers,
    customer_addresses,
    customer_tags,
    customer_consents,
    customer_notes,
);
