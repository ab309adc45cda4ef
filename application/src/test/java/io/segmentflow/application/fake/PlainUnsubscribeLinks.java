package io.segmentflow.application.fake;

import io.segmentflow.application.port.out.UnsubscribeLinks;
import java.util.Optional;

/**
 * Unsubscribe links whose token is the two ids and a fixed word in place of a signature: enough for the services,
 * which only hand tokens to the port and trust what it reads; a token without the word is not genuine.
 */
public final class PlainUnsubscribeLinks implements UnsubscribeLinks {
    public static final String BASE = "https://mail.example.test/unsubscribe/";
    private static final String SIGNED = "signed";

    @Override
    public String linkFor(String profileId, String subscriptionGroupId) {
        return BASE + token(profileId, subscriptionGroupId);
    }

    public static String token(String profileId, String subscriptionGroupId) {
        return profileId + "." + subscriptionGroupId + "." + SIGNED;
    }

    @Override
    public Optional<Target> read(String token) {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3 || !parts[2].equals(SIGNED)) {
            return Optional.empty();
        }
        return Optional.of(new Target(parts[0], parts[1]));
    }
}
