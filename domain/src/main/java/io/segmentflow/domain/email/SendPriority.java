package io.segmentflow.domain.email;

/** Transactional sends (a password reset) are claimed before audience sends (a broadcast). */
public enum SendPriority {
    TRANSACTIONAL(0),
    AUDIENCE(1);

    private final int rank;

    SendPriority(int rank) {
        this.rank = rank;
    }

    public int rank() {
        return rank;
    }

    public static SendPriority ofRank(int rank) {
        for (SendPriority p : values()) {
            if (p.rank == rank) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown priority rank " + rank);
    }
}
