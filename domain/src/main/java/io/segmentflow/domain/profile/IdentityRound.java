package io.segmentflow.domain.profile;

import io.segmentflow.domain.email.EmailAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Requests to write Profiles, split so that no two of a round share an email or an externalId: a round's Profiles
 * are then looked up, locked and written set-wise, and a request that shares an identifier with an earlier one
 * waits for a later round, which sees the earlier's write, so requests apply in their order.
 *
 * @param round       the requests of this round, in their order
 * @param later       the requests left for a later round, in their order
 * @param emails      the emails the round's requests name
 * @param externalIds the externalIds the round's requests name
 */
public record IdentityRound<T>(List<T> round, List<T> later, Set<EmailAddress> emails, Set<String> externalIds) {
    /** Splits {@code requests}, in their order, each identified by {@code identityOf}. */
    public static <T> IdentityRound<T> of(List<T> requests, Function<T, ProfileIdentity> identityOf) {
        Set<EmailAddress> emails = new HashSet<>();
        Set<String> externalIds = new HashSet<>();
        List<T> round = new ArrayList<>();
        List<T> later = new ArrayList<>();
        for (T request : requests) {
            ProfileIdentity identity = identityOf.apply(request);
            EmailAddress email = identity.email();
            String externalId = identity.externalId();
            if ((email != null && emails.contains(email)) || (externalId != null && externalIds.contains(externalId))) {
                later.add(request);
                continue;
            }
            if (email != null) {
                emails.add(email);
            }
            if (externalId != null) {
                externalIds.add(externalId);
            }
            round.add(request);
        }
        return new IdentityRound<>(round, later, emails, externalIds);
    }
}
