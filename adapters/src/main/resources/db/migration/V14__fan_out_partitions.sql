-- The Profile-id boundaries a carrier's fan-out was split at, kept so that a restarted job splits its audience the
-- same way and each partition's checkpoint (the last Profile id it wrote) still falls in its own range.
CREATE TABLE fan_out_partitions (
    carrier_id   VARCHAR(40) NOT NULL,
    workspace_id VARCHAR(40) NOT NULL,
    boundary     INTEGER     NOT NULL,
    profile_id   VARCHAR(40) NOT NULL,
    PRIMARY KEY (carrier_id, boundary)
);
