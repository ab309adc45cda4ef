package io.segmentflow.application.fanout;

/**
 * Profiles whose id is in {@code [fromProfileId, toProfileId)}: one partition of a fan-out.
 *
 * @param fromProfileId null: from the first
 * @param toProfileId null: to the last
 */
public record ProfileRange(String fromProfileId, String toProfileId) {
    public static final ProfileRange ALL = new ProfileRange(null, null);
}
