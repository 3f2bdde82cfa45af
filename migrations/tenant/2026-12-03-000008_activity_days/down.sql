DROP TRIGGER activity_days_on_update ON activities;
DROP TRIGGER activity_days_on_delete ON activities;
DROP TRIGGER activity_days_on_insert ON activities;
DROP FUNCTION activity_days_update();
DROP FUNCTION activity_days_delete();
DROP FUNCTION activity_days_insert();
DROP TABLE activity_days;
