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
            benchmark_opt_in -> Bool,
        }
    }

    diesel::table! {
        control.benchmark_runs (id) {
            id -> Uuid,
            period -> Text,
            started_at -> Timestamptz,
            finished_at -> Timestamptz,
            companies -> Int4,
            cohorts_published -> Int4,
            cohorts_withheld -> Int4,
        }
    }

    diesel::table! {
        control.benchmark_cohorts (id) {
            id -> Int8,
            run_id -> Uuid,
            industry -> Nullable<Text>,
            size_band -> Nullable<Text>,
            published -> Bool,
            companies -> Nullable<Int4>,
            metrics -> Jsonb,
            note -> Nullable<Text>,
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
            billing_interval -> Text,
            past_due_since -> Nullable<Timestamptz>,
            current_period_end -> Nullable<Timestamptz>,
            cancel_at_period_end -> Bool,
            stripe_state_at -> Nullable<Timestamptz>,
        }
    }

    diesel::table! {
        control.billing_events (id) {
            id -> Int8,
            stripe_event_id -> Text,
            event_type -> Text,
            stripe_created_at -> Timestamptz,
            payload -> Jsonb,
            received_at -> Timestamptz,
            processed_at -> Nullable<Timestamptz>,
            tenant_id -> Nullable<Uuid>,
            outcome -> Nullable<Text>,
            error -> Nullable<Text>,
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

    diesel::joinable!(benchmark_cohorts -> benchmark_runs (run_id));
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
            owner_id -> Uuid,
            amount -> Numeric,
            currency -> Bpchar,
            status -> Text,
            expected_close_date -> Nullable<Date>,
            version -> Int4,
            created_at -> Timestamptz,
            updated_at -> Timestamptz,
            external_id -> Nullable<Text>,
            account_id -> Nullable<Uuid>,
            stage_id -> Uuid,
            deal_type -> Text,
            closed_date -> Nullable<Date>,
            loss_reason -> Nullable<Text>,
            stage_entered_at -> Timestamptz,
            reversed_on -> Nullable<Date>,
            term_months -> Nullable<Int4>,
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
            kind -> Text,
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

    diesel::table! {
        people (id) {
            id -> Uuid,
            user_id -> Nullable<Uuid>,
            external_id -> Nullable<Text>,
            name -> Text,
            email -> Nullable<Text>,
            team_id -> Nullable<Uuid>,
            manager_id -> Nullable<Uuid>,
            sales_role -> Text,
            active -> Bool,
            version -> Int4,
            created_at -> Timestamptz,
        }
    }

    diesel::table! {
        products (id) {
            id -> Uuid,
            name -> Text,
            category -> Text,
            list_price -> Numeric,
            currency -> Bpchar,
            priority -> Text,
            active -> Bool,
            version -> Int4,
            created_at -> Timestamptz,
        }
    }

    diesel::table! {
        territories (id) {
            id -> Uuid,
            name -> Text,
            region_id -> Nullable<Uuid>,
            segment -> Text,
            owner_id -> Nullable<Uuid>,
            version -> Int4,
            created_at -> Timestamptz,
        }
    }

    diesel::table! {
        accounts (id) {
            id -> Uuid,
            external_id -> Nullable<Text>,
            name -> Text,
            industry -> Text,
            employees -> Nullable<Int4>,
            segment -> Text,
            region_id -> Nullable<Uuid>,
            territory_id -> Nullable<Uuid>,
            owner_id -> Nullable<Uuid>,
            icp_score -> Int4,
            version -> Int4,
            created_at -> Timestamptz,
        }
    }

    diesel::table! {
        icp_criteria (id) {
            id -> Uuid,
            attribute -> Text,
            value -> Text,
            weight -> Int4,
            position -> Int4,
        }
    }

    diesel::table! {
        stages (id) {
            id -> Uuid,
            key -> Text,
            name -> Text,
            position -> Int4,
            probability -> Int4,
            kind -> Text,
            pipeline -> Text,
            active -> Bool,
            version -> Int4,
        }
    }

    diesel::table! {
        sales_model (singleton) {
            singleton -> Bool,
            template -> Text,
            kpis -> Jsonb,
            chosen_at -> Timestamptz,
            version -> Int4,
        }
    }

    diesel::table! {
        deal_splits (deal_id, person_id) {
            deal_id -> Uuid,
            person_id -> Uuid,
            share -> Numeric,
        }
    }

    diesel::table! {
        deal_lines (id) {
            id -> Uuid,
            deal_id -> Uuid,
            product_id -> Uuid,
            quantity -> Numeric,
            unit_price -> Numeric,
            position -> Int4,
        }
    }

    diesel::table! {
        deal_milestones (id) {
            id -> Int8,
            deal_id -> Uuid,
            from_stage_id -> Nullable<Uuid>,
            to_stage_id -> Uuid,
            at -> Timestamptz,
            by_user_id -> Nullable<Uuid>,
            source -> Text,
        }
    }

    diesel::table! {
        activities (id) {
            id -> Uuid,
            external_id -> Nullable<Text>,
            kind -> Text,
            person_id -> Uuid,
            deal_id -> Nullable<Uuid>,
            account_id -> Nullable<Uuid>,
            occurred_at -> Timestamptz,
            subject -> Text,
            created_at -> Timestamptz,
        }
    }

    diesel::table! {
        activity_targets (sales_role, kind) {
            sales_role -> Text,
            kind -> Text,
            per_week -> Int4,
        }
    }

    diesel::table! {
        tasks (id) {
            id -> Uuid,
            title -> Text,
            owner_id -> Uuid,
            due_date -> Date,
            remind_at -> Nullable<Timestamptz>,
            deal_id -> Nullable<Uuid>,
            account_id -> Nullable<Uuid>,
            resources -> Text,
            expected_result -> Text,
            measured_result -> Nullable<Text>,
            status -> Text,
            completed_at -> Nullable<Timestamptz>,
            created_by -> Nullable<Uuid>,
            version -> Int4,
            created_at -> Timestamptz,
        }
    }

    diesel::table! {
        task_items (id) {
            id -> Uuid,
            task_id -> Uuid,
            text -> Text,
            done -> Bool,
            position -> Int4,
        }
    }

    diesel::table! {
        task_events (id) {
            id -> Int8,
            task_id -> Uuid,
            at -> Timestamptz,
            by_user_id -> Nullable<Uuid>,
            action -> Text,
            detail -> Jsonb,
        }
    }

    diesel::table! {
        goals (id) {
            id -> Uuid,
            period_kind -> Text,
            period_start -> Date,
            scope_kind -> Text,
            scope_id -> Nullable<Uuid>,
            metric -> Text,
            target -> Numeric,
            currency -> Nullable<Bpchar>,
            parent_id -> Nullable<Uuid>,
            version -> Int4,
            created_at -> Timestamptz,
        }
    }

    diesel::table! {
        imports (id) {
            id -> Uuid,
            kind -> Text,
            source -> Text,
            file_name -> Text,
            content -> Bytea,
            mapping -> Jsonb,
            stage_mapping -> Jsonb,
            status -> Text,
            total_rows -> Int4,
            processed_rows -> Int4,
            created_rows -> Int4,
            updated_rows -> Int4,
            rejected_rows -> Int4,
            error -> Nullable<Text>,
            created_by -> Nullable<Uuid>,
            version -> Int4,
            created_at -> Timestamptz,
            finished_at -> Nullable<Timestamptz>,
        }
    }

    diesel::table! {
        import_rejections (import_id, line, column_name) {
            import_id -> Uuid,
            line -> Int8,
            column_name -> Text,
            reason -> Text,
        }
    }

    diesel::table! {
        comp_settings (singleton) {
            singleton -> Bool,
            period_kind -> Text,
            version -> Int4,
        }
    }

    diesel::table! {
        comp_plans (id) {
            id -> Uuid,
            name -> Text,
            description -> Text,
            created_at -> Timestamptz,
        }
    }

    diesel::table! {
        comp_plan_versions (plan_id, version) {
            plan_id -> Uuid,
            version -> Int4,
            status -> Text,
            effective_from -> Date,
            rules -> Jsonb,
            created_by -> Nullable<Uuid>,
            created_at -> Timestamptz,
            published_at -> Nullable<Timestamptz>,
        }
    }

    diesel::table! {
        comp_assignments (id) {
            id -> Uuid,
            plan_id -> Uuid,
            person_id -> Nullable<Uuid>,
            role -> Nullable<Text>,
            starts_on -> Date,
            ends_on -> Nullable<Date>,
            created_at -> Timestamptz,
        }
    }

    diesel::table! {
        comp_quotas (person_id, period_kind, period_start) {
            person_id -> Uuid,
            period_kind -> Text,
            period_start -> Date,
            amount -> Numeric,
        }
    }

    diesel::table! {
        fx_rates (period_kind, period_start, from_currency, to_currency) {
            period_kind -> Text,
            period_start -> Date,
            from_currency -> Bpchar,
            to_currency -> Bpchar,
            rate -> Numeric,
        }
    }

    diesel::table! {
        comp_statements (person_id, period_kind, period_start) {
            person_id -> Uuid,
            period_kind -> Text,
            period_start -> Date,
            status -> Text,
            currency -> Bpchar,
            payout -> Numeric,
            attainment_pct -> Nullable<Numeric>,
            body -> Jsonb,
            recalculated_body -> Nullable<Jsonb>,
            version -> Int4,
            computed_at -> Timestamptz,
            approved_by -> Nullable<Uuid>,
            approved_at -> Nullable<Timestamptz>,
            paid_by -> Nullable<Uuid>,
            paid_at -> Nullable<Timestamptz>,
        }
    }

    diesel::table! {
        comp_adjustments (id) {
            id -> Uuid,
            person_id -> Uuid,
            period_kind -> Text,
            period_start -> Date,
            amount -> Numeric,
            reason -> Text,
            carried_from -> Nullable<Date>,
            created_by -> Nullable<Uuid>,
            created_at -> Timestamptz,
        }
    }

    diesel::table! {
        comp_disputes (id) {
            id -> Uuid,
            person_id -> Uuid,
            period_kind -> Text,
            period_start -> Date,
            line_index -> Int4,
            line -> Jsonb,
            status -> Text,
            resolution -> Nullable<Text>,
            opened_by -> Uuid,
            opened_at -> Timestamptz,
            resolved_by -> Nullable<Uuid>,
            resolved_at -> Nullable<Timestamptz>,
            version -> Int4,
        }
    }

    diesel::table! {
        comp_dispute_messages (id) {
            id -> Int8,
            dispute_id -> Uuid,
            author_user_id -> Uuid,
            body -> Text,
            at -> Timestamptz,
        }
    }

    diesel::table! {
        comp_runs (id) {
            id -> Uuid,
            kind -> Text,
            period_kind -> Text,
            period_start -> Date,
            plan_id -> Nullable<Uuid>,
            plan_version -> Nullable<Int4>,
            status -> Text,
            done -> Int4,
            total -> Int4,
            result -> Nullable<Jsonb>,
            error -> Nullable<Text>,
            requested_by -> Nullable<Uuid>,
            created_at -> Timestamptz,
            finished_at -> Nullable<Timestamptz>,
        }
    }

    diesel::table! {
        one_on_one_notes (id) {
            id -> Uuid,
            person_id -> Uuid,
            author_user_id -> Uuid,
            author_name -> Text,
            held_on -> Date,
            notes -> Text,
            next_steps -> Text,
            focus_stage -> Nullable<Text>,
            created_at -> Timestamptz,
        }
    }

    diesel::table! {
        priority_mix_targets (priority) {
            priority -> Text,
            share -> Numeric,
            updated_at -> Timestamptz,
        }
    }

    diesel::joinable!(deals -> people (owner_id));
    diesel::joinable!(deals -> stages (stage_id));
    diesel::joinable!(deals -> accounts (account_id));
    diesel::joinable!(deal_splits -> deals (deal_id));
    diesel::joinable!(deal_lines -> deals (deal_id));
    diesel::joinable!(deal_lines -> products (product_id));
    diesel::joinable!(deal_milestones -> deals (deal_id));
    diesel::joinable!(activities -> people (person_id));
    diesel::joinable!(tasks -> people (owner_id));
    diesel::joinable!(task_items -> tasks (task_id));
    diesel::joinable!(task_events -> tasks (task_id));
    diesel::joinable!(people -> teams (team_id));
    diesel::allow_tables_to_appear_in_same_query!(
        deals,
        people,
        stages,
        accounts,
        products,
        teams,
        deal_splits,
        deal_lines,
        deal_milestones,
        activities,
        tasks,
        task_items,
        task_events,
        goals,
        territories,
        comp_plans,
        comp_plan_versions,
        comp_assignments,
        comp_quotas,
        comp_statements,
        comp_adjustments,
        comp_disputes,
        comp_dispute_messages,
        one_on_one_notes,
        priority_mix_targets,
    );
    diesel::joinable!(comp_plan_versions -> comp_plans (plan_id));
    diesel::joinable!(comp_assignments -> comp_plans (plan_id));
    diesel::joinable!(comp_statements -> people (person_id));
    diesel::joinable!(comp_dispute_messages -> comp_disputes (dispute_id));
    diesel::joinable!(one_on_one_notes -> people (person_id));
}
