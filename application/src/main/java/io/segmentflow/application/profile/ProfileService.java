package io.segmentflow.application.profile;

import io.segmentflow.application.Page;
import io.segmentflow.application.error.ConcurrentRequestException;
import io.segmentflow.application.error.FieldError;
import io.segmentflow.application.error.NotFoundException;
import io.segmentflow.application.error.ProfileConflictException;
import io.segmentflow.application.error.ValidationFailedException;
import io.segmentflow.application.port.out.EmailSends;
import io.segmentflow.application.port.out.JourneyRuns;
import io.segmentflow.application.port.out.Profiles;
import io.segmentflow.application.port.out.StateDocuments;
import io.segmentflow.application.port.out.Transactions;
import io.segmentflow.application.port.out.UserEvents;
import io.segmentflow.domain.email.EmailAddress;
import io.segmentflow.domain.journey.JourneyRun;
import io.segmentflow.domain.profile.IdentityRound;
import io.segmentflow.domain.profile.Profile;
import io.segmentflow.domain.profile.ProfileIdentity;
import io.segmentflow.domain.profile.ProfileMatch;
import io.segmentflow.domain.profile.ProfileProperties;
import io.segmentflow.domain.shared.Identifier;
import io.segmentflow.domain.shared.InvalidValueException;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Keeps Profiles as their owners and the requests that name a person change them. */
public class ProfileService implements ManageProfilesUseCase {
    /** How an upsert's refusals name its properties patch. */
    private static final String UPSERT_FIELD = "profile.properties";

    private final Profiles profiles;
    private final EmailSends emailSends;
    private final JourneyRuns runs;
    private final UserEvents events;
    private final StateDocuments documents;
    private final Transactions transactions;
    private final Clock clock;

    public ProfileService(
            Profiles profiles,
            EmailSends emailSends,
            JourneyRuns runs,
            UserEvents events,
            StateDocuments documents,
            Transactions transactions,
            Clock clock) {
        this.profiles = profiles;
        this.emailSends = emailSends;
        this.runs = runs;
        this.events = events;
        this.documents = documents;
        this.transactions = transactions;
        this.clock = clock;
    }

    @Override
    public Profile get(WorkspaceId workspaceId, String id) {
        return profiles.find(workspaceId, id).orElseThrow(() -> new NotFoundException("profile", id));
    }

    @Override
    public Optional<Profile> findByEmail(WorkspaceId workspaceId, EmailAddress email) {
        return profiles.findByEmail(workspaceId, email);
    }

    @Override
    public Optional<Profile> findByExternalId(WorkspaceId workspaceId, String externalId) {
        return profiles.findByExternalId(workspaceId, externalId);
    }

    @Override
    public Page<Profile> list(WorkspaceId workspaceId, String cursor, int limit) {
        Page.checkLimit(limit, MAX_LIMIT);
        String after = Page.idAfter(cursor);
        return Page.of(profiles.list(workspaceId, after, limit + 1), limit, p -> Page.cursorAfter(p.id()));
    }

    @Override
    public Profile update(WorkspaceId workspaceId, String id, ProfileChange change) {
        Map<String, Object> patch = patch(change.properties(), "properties");
        return transactions.inTransaction(() -> {
            Profile profile = profiles.lock(workspaceId, id).orElseThrow(() -> new NotFoundException("profile", id));
            if (change.email() != null) {
                profiles.findByEmail(workspaceId, change.email())
                        .filter(other -> !other.id().equals(id))
                        .ifPresent(other -> {
                            throw new ProfileConflictException(
                                    "email " + change.email().value() + " belongs to profile " + other.id());
                        });
            }
            if (change.externalId() != null) {
                profiles.findByExternalId(workspaceId, change.externalId())
                        .filter(other -> !other.id().equals(id))
                        .ifPresent(other -> {
                            throw new ProfileConflictException(
                                    "externalId '" + change.externalId() + "' belongs to profile " + other.id());
                        });
            }
            Instant now = clock.instant();
            Profile changed =
                    merged(profile.reidentified(change.email(), change.externalId(), now), patch, "properties", now);
            profiles.update(changed);
            return changed;
        });
    }

    @Override
    public void erase(WorkspaceId workspaceId, String id) {
        transactions.inTransaction(() -> {
            profiles.lock(workspaceId, id).orElseThrow(() -> new NotFoundException("profile", id));
            eraseWhatRefersTo(workspaceId, id, clock.instant());
            profiles.remove(workspaceId, id);
            return null;
        });
    }

    /**
     * Makes everything that refers to the Profile forget the person, in the erasure's transaction. Each kind of
     * record that names a Profile (EmailSends, Journey runs, tracked events) is erased here: its runs exit, and its
     * events keep that they happened but lose their data.
     */
    private void eraseWhatRefersTo(WorkspaceId workspaceId, String profileId, Instant now) {
        emailSends.forgetProfile(workspaceId, profileId, now);
        List<JourneyRun> going = runs.goingOf(workspaceId, profileId);
        going.forEach(run -> run.exit(now, "the profile was erased"));
        if (!going.isEmpty()) {
            runs.updateAll(going);
        }
        events.eraseDataOf(workspaceId, profileId);
    }

    @Override
    public Profile upsert(WorkspaceId workspaceId, ProfileIdentity identity, String propertiesPatch) {
        Pending pending = new Pending(0, identity, patch(propertiesPatch, UPSERT_FIELD));
        Upserted[] answer = new Upserted[1];
        // A refusal is thrown inside the transaction, so that it rolls back with the caller's work.
        return transactions.inTransaction(() -> {
            upsertInRounds(workspaceId, List.of(pending), answer);
            return answer[0].profileOrThrow();
        });
    }

    /** One upsert of {@link #upsertAll} on its way: its place among the requests, and its patch read. */
    private static final class Pending {
        final int index;
        final ProfileIdentity identity;
        final Map<String, Object> patch;
        /** Lost a race for a new Profile's identifiers once already. */
        boolean retried;

        Pending(int index, ProfileIdentity identity, Map<String, Object> patch) {
            this.index = index;
            this.identity = identity;
            this.patch = patch;
        }
    }

    @Override
    public List<Upserted> upsertAll(WorkspaceId workspaceId, List<ProfileUpsert> upserts) {
        Upserted[] answers = new Upserted[upserts.size()];
        List<Pending> pending = new ArrayList<>();
        for (int i = 0; i < upserts.size(); i++) {
            ProfileUpsert upsert = upserts.get(i);
            try {
                pending.add(new Pending(i, upsert.identity(), patch(upsert.propertiesPatch(), UPSERT_FIELD)));
            } catch (ValidationFailedException refused) {
                answers[i] = new Upserted(null, refused);
            }
        }
        if (!pending.isEmpty()) {
            transactions.inTransaction(() -> {
                upsertInRounds(workspaceId, pending, answers);
                return null;
            });
        }
        return List.of(answers);
    }

    private void upsertInRounds(WorkspaceId workspaceId, List<Pending> pending, Upserted[] answers) {
        Instant now = clock.instant();
        List<Pending> left = pending;
        while (!left.isEmpty()) {
            left = round(workspaceId, left, answers, now);
        }
    }

    /**
     * Upserts a round of requests set-wise and returns those left for the next round. A round names each Profile
     * once: a request that shares an identifier with an earlier one of the round, or turns out to name the same
     * Profile, waits for the next round (which sees this round's writes), so requests apply in their order. A new
     * Profile whose identifiers another request has just taken is looked for again next round, once, as
     * {@link #upsert} looks again once.
     */
    private List<Pending> round(WorkspaceId workspaceId, List<Pending> requests, Upserted[] answers, Instant now) {
        IdentityRound<Pending> split = IdentityRound.of(requests, p -> p.identity);
        Set<EmailAddress> emails = split.emails();
        Set<String> externalIds = split.externalIds();
        List<Pending> round = split.round();
        List<Pending> later = new ArrayList<>(split.later());
        Map<EmailAddress, Profile> byEmail = emails.isEmpty() ? Map.of() : profiles.lockAllByEmail(workspaceId, emails);
        Map<String, Profile> byExternalId =
                externalIds.isEmpty() ? Map.of() : profiles.lockAllByExternalId(workspaceId, externalIds);
        Set<String> touched = new HashSet<>();
        List<Profile> updates = new ArrayList<>();
        List<Profile> created = new ArrayList<>();
        List<Pending> creating = new ArrayList<>();
        for (Pending p : round) {
            EmailAddress email = p.identity.email();
            String externalId = p.identity.externalId();
            ProfileMatch match = p.identity.match(
                    Optional.ofNullable(email == null ? null : byEmail.get(email)),
                    Optional.ofNullable(externalId == null ? null : byExternalId.get(externalId)));
            try {
                if (match instanceof ProfileMatch.Conflict conflict) {
                    answers[p.index] = new Upserted(null, new ProfileConflictException(conflict.reason()));
                } else if (match instanceof ProfileMatch.Found found) {
                    if (!touched.add(found.profile().id())) {
                        later.add(p);
                        continue;
                    }
                    Profile profile = merged(found.completed(now), p.patch, UPSERT_FIELD, now);
                    if (profile != found.profile()) {
                        updates.add(profile);
                    }
                    answers[p.index] = new Upserted(profile, null);
                } else {
                    Profile profile = merged(
                            Profile.create(Identifier.next("pr", now), workspaceId, p.identity, now),
                            p.patch,
                            UPSERT_FIELD,
                            now);
                    created.add(profile);
                    creating.add(p);
                    answers[p.index] = new Upserted(profile, null);
                }
            } catch (InvalidValueException refused) {
                answers[p.index] = new Upserted(null, refused);
            }
        }
        if (!updates.isEmpty()) {
            profiles.updateAll(updates);
        }
        Set<String> notAdded = created.isEmpty() ? Set.of() : profiles.addAll(created);
        for (int i = 0; i < created.size(); i++) {
            if (!notAdded.contains(created.get(i).id())) {
                continue;
            }
            // Another request has just created a Profile with one of these identifiers: match it instead.
            Pending p = creating.get(i);
            if (p.retried) {
                answers[p.index] = new Upserted(
                        null,
                        new ConcurrentRequestException(
                                "profile",
                                p.identity.email() != null ? p.identity.email().value() : p.identity.externalId()));
            } else {
                p.retried = true;
                answers[p.index] = null;
                later.add(p);
            }
        }
        later.sort(Comparator.comparingInt(p -> p.index));
        return later;
    }

    /** The patch as plain values, every problem of it listed; null for no patch. */
    private Map<String, Object> patch(String json, String field) {
        if (json == null) {
            return null;
        }
        Map<String, Object> patch;
        try {
            patch = documents.read(json);
        } catch (InvalidValueException e) {
            throw new ValidationFailedException(field, e.getMessage());
        }
        List<InvalidValueException> problems = ProfileProperties.problems(patch, field);
        if (!problems.isEmpty()) {
            throw new ValidationFailedException(problems.stream()
                    .map(p -> new FieldError(p.field(), p.getMessage()))
                    .toList());
        }
        return patch;
    }

    private Profile merged(Profile profile, Map<String, Object> patch, String field, Instant now) {
        if (patch == null || patch.isEmpty()) {
            return profile;
        }
        Map<String, Object> merged = ProfileProperties.merge(documents.read(profile.properties()), patch, field);
        return profile.withProperties(ProfileProperties.checkSize(documents.write(merged), field), now);
    }
}
