DROP TABLE one_on_one_notes;
