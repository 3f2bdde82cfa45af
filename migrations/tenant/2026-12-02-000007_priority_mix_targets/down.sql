DROP TABLE priority_mix_targets;
