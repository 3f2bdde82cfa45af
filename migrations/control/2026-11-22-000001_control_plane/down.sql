DROP TABLE control.audit_log, control.inbox, control.outbox, control.subscriptions,
    control.invitations, control.api_tokens, control.memberships, control.users, control.tenants;
DROP SCHEMA attain_empty;
