DROP TABLE import_rejections, imports, goals, task_events, task_items, tasks,
    activity_targets, activities, deal_milestones, deal_lines, deal_splits;
ALTER TABLE deals DROP CONSTRAINT deals_owner_is_a_person;
ALTER TABLE deals DROP COLUMN external_id, DROP COLUMN account_id, DROP COLUMN stage_id,
    DROP COLUMN deal_type, DROP COLUMN closed_date, DROP COLUMN loss_reason, DROP COLUMN stage_entered_at;
ALTER TABLE deals RENAME COLUMN expected_close_date TO close_date;
ALTER TABLE deals RENAME COLUMN owner_id TO owner_user_id;
DROP INDEX deals_by_created, deals_by_owner;
CREATE INDEX deals_by_owner ON deals (owner_user_id);
DROP TABLE sales_model, stages, icp_criteria, accounts, territories, products, people;
ALTER TABLE teams DROP COLUMN kind;
