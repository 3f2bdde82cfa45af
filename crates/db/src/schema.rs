//! Diesel table definitions. Control tables are schema-qualified; tenant tables
//! are not, so they resolve only through a `TenantConn`'s `search_path`.

pub mod control {
    diesel::table! {
        control.tenants (id) {
            id -> Uuid,
            slug -> Text,
            name -> Text,
            industry -> Text,
            company_size -> Text,
            schema_name -> Text,
            created_at -> Timestamptz,
        }
    }

    diesel::table! {
        control.users (id) {
            id -> Uuid,
            email -> Text,
            name -> Text,
            password_hash -> Text,
            created_at -> Timestamptz,
        }
    }

    diesel::table! {
        control.memberships (tenant_id, user_id) {
            tenant_id -> Uuid,
            user_id -> Uuid,
            role -> Text,
            active -> Bool,
            created_at -> Timestamptz,
        }
    }

    diesel::table! {
        control.api_tokens (id) {
            id -> Uuid,
            tenant_id -> Uuid,
            created_by -> Uuid,
            name -> Text,
            role -> Text,
            token_hash -> Text,
            token_prefix -> Text,
            created_at -> Timestamptz,
            last_used_at -> Nullable<Timestamptz>,
            revoked_at -> Nullable<Timestamptz>,
        }
    }

    diesel::table! {
        control.invitations (id) {
            id -> Uuid,
            tenant_id -> Uuid,
            email -> Text,
            role -> Text,
            token_hash -> Text,
            invited_by -> Uuid,
            created_at -> Timestamptz,
            expires_at -> Timestamptz,
            accepted_at -> Nullable<Timestamptz>,
        }
    }

    diesel::table! {
        control.subscriptions (tenant_id) {
            tenant_id -> Uuid,
            tier -> Text,
            status -> Text,
            seats -> Int4,
            trial_ends_at -> Nullable<Timestamptz>,
            stripe_customer_id -> Nullable<Text>,
            stripe_subscription_id -> Nullable<Text>,
            updated_at -> Timestamptz,
        }
    }

    diesel::table! {
        control.outbox (id) {
            id -> Int8,
            message_id -> Uuid,
            tenant_id -> Nullable<Uuid>,
            routing_key -> Text,
            payload -> Jsonb,
            created_at -> Timestamptz,
            attempts -> Int4,
            last_error -> Nullable<Text>,
            sent_at -> Nullable<Timestamptz>,
        }
    }

    diesel::table! {
        control.inbox (consumer, message_id) {
            consumer -> Text,
            message_id -> Uuid,
            tenant_id -> Nullable<Uuid>,
            processed_at -> Timestamptz,
        }
    }

    diesel::table! {
        control.audit_log (id) {
            id -> Int8,
            tenant_id -> Uuid,
            actor_user_id -> Nullable<Uuid>,
            actor_token_id -> Nullable<Uuid>,
            action -> Text,
            target_type -> Text,
            target_id -> Nullable<Text>,
            before -> Nullable<Jsonb>,
            after -> Nullable<Jsonb>,
            request_id -> Nullable<Text>,
            at -> Timestamptz,
        }
    }

    diesel::joinable!(memberships -> tenants (tenant_id));
    diesel::joinable!(api_tokens -> tenants (tenant_id));
    diesel::joinable!(memberships -> users (user_id));
    diesel::allow_tables_to_appear_in_same_query!(tenants, users, memberships, api_tokens);
}

pub mod tenant {
    diesel::table! {
        deals (id) {
            id -> Uuid,
            name -> Text,
            owner_user_id -> Uuid,
            amount -> Numeric,
            currency -> Bpchar,
            status -> Text,
            close_date -> Nullable<Date>,
            version -> Int4,
            created_at -> Timestamptz,
            updated_at -> Timestamptz,
        }
    }

    diesel::table! {
        teams (id) {
            id -> Uuid,
            name -> Text,
            parent_id -> Nullable<Uuid>,
            manager_user_id -> Nullable<Uuid>,
            version -> Int4,
            created_at -> Timestamptz,
        }
    }

    diesel::table! {
        kpi_snapshots (scope) {
            scope -> Text,
            figures -> Jsonb,
            events_applied -> Int8,
            last_message_id -> Nullable<Uuid>,
            computed_at -> Timestamptz,
        }
    }
}
