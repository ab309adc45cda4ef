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
import io.segmentflow.domain.profile.Profile;
import io.segmentflow.domain.profile.ProfileIdentity;
import io.segmentflow.domain.profile.ProfileMatch;
import io.segmentflow.domain.profile.ProfileProperties;
import io.segmentflow.domain.shared.Identifier;
import io.segmentflow.domain.shared.InvalidValueException;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Keeps Profiles as their owners and the requests that name a person change them. */
public class ProfileService implements ManageProfilesUseCase {
    /** An upsert that lost a race for a new Profile's identifiers looks again once, then asks for a retry. */
    private static final int UPSERT_ATTEMPTS = 2;

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
        String field = "profile.properties";
        Map<String, Object> patch = patch(propertiesPatch, field);
        return transactions.inTransaction(() -> {
            Instant now = clock.instant();
            for (int attempt = 0; attempt < UPSERT_ATTEMPTS; attempt++) {
                Optional<Profile> byEmail = identity.email() == null
                        ? Optional.empty()
                        : profiles.lockByEmail(workspaceId, identity.email());
                Optional<Profile> byExternalId = identity.externalId() == null
                        ? Optional.empty()
                        : profiles.lockByExternalId(workspaceId, identity.externalId());
                ProfileMatch match = identity.match(byEmail, byExternalId);
                if (match instanceof ProfileMatch.Conflict conflict) {
                    throw new ProfileConflictException(conflict.reason());
                }
                if (match instanceof ProfileMatch.Found found) {
                    Profile profile = merged(found.completed(now), patch, field, now);
                    if (profile != found.profile()) {
                        profiles.update(profile);
                    }
                    return profile;
                }
                Profile created = merged(
                        Profile.create(Identifier.next("pr", now), workspaceId, identity, now), patch, field, now);
                if (profiles.add(created)) {
                    return created;
                }
                // Another request has just created a Profile with one of these identifiers: match it instead.
            }
            throw new ConcurrentRequestException(
                    "profile", identity.email() != null ? identity.email().value() : identity.externalId());
        });
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
