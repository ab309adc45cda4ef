package io.segmentflow.application.port.out;

/** Slow, salted hashes of operators' passwords: made and checked here only. */
public interface PasswordHashes {
    String hash(String password);

    /** Whether {@code password} is the one {@code hash} was made of; takes as long either way. */
    boolean matches(String password, String hash);
}
