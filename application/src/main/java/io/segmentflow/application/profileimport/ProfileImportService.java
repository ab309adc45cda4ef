package io.segmentflow.application.profileimport;

import io.segmentflow.application.Page;
import io.segmentflow.application.error.NotFoundException;
import io.segmentflow.application.error.UploadTooLargeException;
import io.segmentflow.application.error.ValidationFailedException;
import io.segmentflow.application.port.out.Consents;
import io.segmentflow.application.port.out.ProfileImportJobs;
import io.segmentflow.application.port.out.ProfileImports;
import io.segmentflow.application.port.out.Profiles;
import io.segmentflow.application.port.out.StateDocuments;
import io.segmentflow.application.port.out.SubscriptionGroups;
import io.segmentflow.application.port.out.Transactions;
import io.segmentflow.domain.audience.Consent;
import io.segmentflow.domain.audience.ConsentSource;
import io.segmentflow.domain.email.EmailAddress;
import io.segmentflow.domain.profile.IdentityRound;
import io.segmentflow.domain.profile.Profile;
import io.segmentflow.domain.profile.ProfileMatch;
import io.segmentflow.domain.profile.ProfileProperties;
import io.segmentflow.domain.profileimport.ImportRowError;
import io.segmentflow.domain.profileimport.ProfileImport;
import io.segmentflow.domain.profileimport.ProfileImportFormat;
import io.segmentflow.domain.profileimport.ProfileImportStatus;
import io.segmentflow.domain.profileimport.StagedRow;
import io.segmentflow.domain.shared.Identifier;
import io.segmentflow.domain.shared.InvalidValueException;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Stages uploads of Profiles and imports them, chunk by chunk, for the import job. */
public class ProfileImportService implements ImportProfilesUseCase, RunProfileImportUseCase {
    private static final Logger LOG = Logger.getLogger(ProfileImportService.class.getName());
    /** Rows staged per block (one insert, one transaction): few round trips, little held in memory. */
    static final int BLOCK_ROWS = 1000;
    /** Characters staged per block at most (beyond one row). */
    static final int BLOCK_CHARS = 256 * 1024;

    static final String UNKNOWN_SUBSCRIPTION_GROUP = "unknown_subscription_group";
    static final String PROFILE_CONFLICT = "profile_conflict";
    static final String CONCURRENT_REQUEST = "concurrent_request";

    private final ProfileImports imports;
    private final Profiles profiles;
    private final SubscriptionGroups groups;
    private final Consents consents;
    private final ProfileImportJobs jobs;
    private final StateDocuments documents;
    private final Transactions transactions;
    private final Clock clock;
    private final long maxUploadBytes;

    public ProfileImportService(
            ProfileImports imports,
            Profiles profiles,
            SubscriptionGroups groups,
            Consents consents,
            ProfileImportJobs jobs,
            StateDocuments documents,
            Transactions transactions,
            Clock clock,
            long maxUploadBytes) {
        this.imports = imports;
        this.profiles = profiles;
        this.groups = groups;
        this.consents = consents;
        this.jobs = jobs;
        this.documents = documents;
        this.transactions = transactions;
        this.clock = clock;
        this.maxUploadBytes = maxUploadBytes;
    }

    @Override
    public ProfileImport upload(WorkspaceId workspaceId, ProfileImportFormat format, InputStream body) {
        var decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        UploadRows rows = new UploadRows(
                new InputStreamReader(new LimitedInput(body, maxUploadBytes), decoder),
                format == ProfileImportFormat.CSV);
        String header = format == ProfileImportFormat.CSV ? header(rows) : null;
        ProfileImport received = ProfileImport.receive(
                Identifier.next("imp", clock.instant()), workspaceId, format, header, clock.instant());
        transactions.inTransaction(() -> {
            imports.add(received);
            return null;
        });
        ProfileImport queued;
        try {
            queued = received.received(stage(received.id(), rows), clock.instant());
            transactions.inTransaction(() -> {
                imports.update(queued);
                return null;
            });
        } catch (RuntimeException e) {
            forget(received.id());
            throw e;
        }
        try {
            jobs.start(workspaceId, queued.id());
            return queued;
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "the job of import " + queued.id() + " could not start", e);
            return transactions.inTransaction(() -> {
                ProfileImport failed = queued.failedWith("the import job could not start", clock.instant());
                imports.update(failed);
                return failed;
            });
        }
    }

    /** The CSV header row, checked; nothing is stored for an upload whose header has problems. */
    private static String header(UploadRows rows) {
        StagedRow header = read(rows, 1);
        if (header == null) {
            throw new ValidationFailedException("body", "a CSV import starts with a header row naming its columns");
        }
        if (header.refusal() != null) {
            throw new ValidationFailedException("header", "cannot be read (" + header.refusal() + ")");
        }
        CsvColumns.Parsed parsed = CsvColumns.parse(header.text());
        if (!parsed.problems().isEmpty()) {
            throw new ValidationFailedException(parsed.problems());
        }
        return header.text();
    }

    /** Stages every row, a block at a time, as the body is read; returns how many. */
    private long stage(String importId, UploadRows rows) {
        List<StagedRow> block = new ArrayList<>();
        int chars = 0;
        long count = 0;
        StagedRow row;
        while ((row = read(rows, 0)) != null) {
            block.add(row);
            count++;
            chars += row.text() == null ? 0 : row.text().length();
            if (block.size() >= BLOCK_ROWS || chars >= BLOCK_CHARS) {
                stageBlock(importId, block);
                block = new ArrayList<>();
                chars = 0;
            }
        }
        if (!block.isEmpty()) {
            stageBlock(importId, block);
        }
        return count;
    }

    private void stageBlock(String importId, List<StagedRow> block) {
        transactions.inTransaction(() -> {
            imports.stage(importId, block);
            return null;
        });
    }

    /** The next row of the upload ({@code header} 1: a header row, not counted), or null at its end. */
    private static StagedRow read(UploadRows rows, int header) {
        try {
            return header == 1 ? rows.header() : rows.next();
        } catch (CharacterCodingException e) {
            throw new ValidationFailedException("body", "is not UTF-8 text");
        } catch (IOException e) {
            throw new ValidationFailedException("body", "could not be read to its end");
        }
    }

    private void forget(String importId) {
        try {
            transactions.inTransaction(() -> {
                imports.remove(importId);
                return null;
            });
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "the rows an unfinished upload staged for import " + importId + " stay", e);
        }
    }

    @Override
    public ProfileImport get(WorkspaceId workspaceId, String id) {
        return imports.find(workspaceId, id).orElseThrow(() -> new NotFoundException("import", id));
    }

    @Override
    public Page<ImportRowError> errors(WorkspaceId workspaceId, String id, String cursor, int limit) {
        Page.checkLimit(limit, MAX_ERRORS_LIMIT);
        long afterLine = afterLine(cursor);
        get(workspaceId, id);
        return Page.of(
                imports.errors(id, afterLine, limit + 1), limit, e -> Page.cursorAfter(String.valueOf(e.line())));
    }

    private static long afterLine(String cursor) {
        String after = Page.idAfter(cursor);
        if (after == null) {
            return 0;
        }
        try {
            return Long.parseLong(after);
        } catch (NumberFormatException e) {
            throw new ValidationFailedException("cursor", "must be the nextCursor of a page");
        }
    }

    @Override
    public long begin(WorkspaceId workspaceId, String importId) {
        return transactions.inTransaction(() -> {
            ProfileImport current = locked(workspaceId, importId);
            if (current.isFinished()) {
                return current.nextRow();
            }
            ProfileImport running = current.started(clock.instant());
            if (running != current) {
                imports.update(running);
            }
            return running.nextRow();
        });
    }

    @Override
    public List<StagedRow> rows(String importId, long fromRow, int limit) {
        return imports.staged(importId, fromRow, limit);
    }

    @Override
    public boolean isUnfinished(WorkspaceId workspaceId, String importId) {
        return imports.find(workspaceId, importId)
                .map(i -> i.status() == ProfileImportStatus.QUEUED || i.status() == ProfileImportStatus.RUNNING)
                .orElse(false);
    }

    @Override
    public void finish(WorkspaceId workspaceId, String importId) {
        transactions.inTransaction(() -> {
            ProfileImport current = locked(workspaceId, importId);
            if (!current.isFinished()) {
                imports.update(current.started(clock.instant()).completed(clock.instant()));
            }
            imports.dropStaged(importId);
            return null;
        });
    }

    @Override
    public void fail(WorkspaceId workspaceId, String importId, String reason) {
        transactions.inTransaction(() -> {
            ProfileImport current = locked(workspaceId, importId);
            if (current.status() == ProfileImportStatus.QUEUED || current.status() == ProfileImportStatus.RUNNING) {
                imports.update(current.failedWith(reason, clock.instant()));
            }
            return null;
        });
    }

    private ProfileImport locked(WorkspaceId workspaceId, String importId) {
        return imports.lock(workspaceId, importId).orElseThrow(() -> new NotFoundException("import", importId));
    }

    @Override
    public void importRows(WorkspaceId workspaceId, String importId, List<StagedRow> rows) {
        transactions.inTransaction(() -> {
            ProfileImport current = locked(workspaceId, importId).started(clock.instant());
            List<StagedRow> todo =
                    rows.stream().filter(r -> r.index() >= current.nextRow()).toList();
            if (todo.isEmpty()) {
                return null;
            }
            if (todo.get(0).index() != current.nextRow()) {
                throw new IllegalStateException("import " + importId + " is at row " + current.nextRow()
                        + ", not at row " + todo.get(0).index());
            }
            Instant now = clock.instant();
            Chunk chunk = new Chunk();
            ImportRowParser parser = parser(current);
            List<ImportedProfile> read = new ArrayList<>();
            for (StagedRow row : todo) {
                ImportRowParser.Read one = parser.read(row);
                if (one.error() != null) {
                    chunk.errors.add(one.error());
                } else {
                    read.add(one.profile());
                }
            }
            upsert(workspaceId, withKnownGroups(workspaceId, read, chunk), chunk, now);
            if (!chunk.consents.isEmpty()) {
                consents.setAll(List.copyOf(chunk.consents.values()));
            }
            if (!chunk.errors.isEmpty()) {
                imports.addErrors(importId, chunk.errors);
            }
            long upTo = todo.get(todo.size() - 1).index() + 1;
            imports.update(
                    current.progressed(upTo, upTo - current.nextRow() - chunk.errors.size(), chunk.errors.size(), now));
            return null;
        });
    }

    private ImportRowParser parser(ProfileImport current) {
        CsvColumns columns = null;
        if (current.format() == ProfileImportFormat.CSV) {
            columns = CsvColumns.parse(current.header()).columns();
        }
        return new ImportRowParser(current.format(), columns, documents);
    }

    /** What a chunk recorded so far: refused rows, and the consent to set (the last row's, per Profile and group). */
    private static final class Chunk {
        final List<ImportRowError> errors = new ArrayList<>();
        final Map<String, Consent> consents = new LinkedHashMap<>();
    }

    /** The rows whose subscription groups all exist; the others are refused. */
    private List<ImportedProfile> withKnownGroups(WorkspaceId workspaceId, List<ImportedProfile> read, Chunk chunk) {
        Set<String> named = new HashSet<>();
        read.forEach(p -> named.addAll(p.consents().keySet()));
        if (named.isEmpty()) {
            return read;
        }
        Set<String> known = groups.existing(workspaceId, named);
        List<ImportedProfile> kept = new ArrayList<>();
        for (ImportedProfile profile : read) {
            Optional<String> unknown = profile.consents().keySet().stream()
                    .filter(g -> !known.contains(g))
                    .findFirst();
            if (unknown.isPresent()) {
                chunk.errors.add(new ImportRowError(
                        profile.line(),
                        UNKNOWN_SUBSCRIPTION_GROUP,
                        "subscriptions." + unknown.get() + ": the workspace has no such subscription group"));
            } else {
                kept.add(profile);
            }
        }
        return kept;
    }

    /**
     * Upserts the rows' Profiles set-wise, in rounds: a round takes each Profile once (a row that names a Profile an
     * earlier row of the round names waits for the next round, so rows apply in file order).
     */
    private void upsert(WorkspaceId workspaceId, List<ImportedProfile> rows, Chunk chunk, Instant now) {
        List<ImportedProfile> pending = rows;
        Set<Long> retried = new HashSet<>();
        while (!pending.isEmpty()) {
            pending = round(workspaceId, pending, chunk, retried, now);
        }
    }

    /** One round; returns the rows left for the next. */
    private List<ImportedProfile> round(
            WorkspaceId workspaceId, List<ImportedProfile> rows, Chunk chunk, Set<Long> retried, Instant now) {
        IdentityRound<ImportedProfile> split = IdentityRound.of(rows, ImportedProfile::identity);
        List<ImportedProfile> round = split.round();
        List<ImportedProfile> later = new ArrayList<>(split.later());
        List<ImportedProfile> known = addNew(workspaceId, round, chunk, now);
        Set<EmailAddress> knownEmails = new HashSet<>();
        Set<String> knownExternalIds = new HashSet<>();
        for (ImportedProfile row : known) {
            if (row.identity().email() != null) {
                knownEmails.add(row.identity().email());
            }
            if (row.identity().externalId() != null) {
                knownExternalIds.add(row.identity().externalId());
            }
        }
        Map<EmailAddress, Profile> byEmail =
                knownEmails.isEmpty() ? Map.of() : profiles.lockAllByEmail(workspaceId, knownEmails);
        Map<String, Profile> byExternalId =
                knownExternalIds.isEmpty() ? Map.of() : profiles.lockAllByExternalId(workspaceId, knownExternalIds);
        Set<String> touched = new HashSet<>();
        List<Profile> updates = new ArrayList<>();
        Map<String, ImportedProfile> creates = new LinkedHashMap<>();
        List<Profile> created = new ArrayList<>();
        for (ImportedProfile row : known) {
            EmailAddress email = row.identity().email();
            String externalId = row.identity().externalId();
            ProfileMatch match = row.identity()
                    .match(
                            Optional.ofNullable(email == null ? null : byEmail.get(email)),
                            Optional.ofNullable(externalId == null ? null : byExternalId.get(externalId)));
            try {
                if (match instanceof ProfileMatch.Conflict conflict) {
                    chunk.errors.add(new ImportRowError(row.line(), PROFILE_CONFLICT, conflict.reason()));
                } else if (match instanceof ProfileMatch.Found found) {
                    if (!touched.add(found.profile().id())) {
                        later.add(row);
                        continue;
                    }
                    Profile profile = merged(found.completed(now), row.properties(), now);
                    if (profile != found.profile()) {
                        updates.add(profile);
                    }
                    consentsOf(workspaceId, profile.id(), row, chunk, now);
                } else {
                    ProfileMatch.Create create = (ProfileMatch.Create) match;
                    Profile profile = merged(
                            Profile.create(Identifier.next("pr", now), workspaceId, create.identity(), now),
                            row.properties(),
                            now);
                    created.add(profile);
                    creates.put(profile.id(), row);
                }
            } catch (InvalidValueException e) {
                chunk.errors.add(new ImportRowError(
                        row.line(), ImportRowParser.VALIDATION_FAILED, e.field() + ": " + e.getMessage()));
            }
        }
        if (!updates.isEmpty()) {
            profiles.updateAll(updates);
        }
        Set<String> notAdded = created.isEmpty() ? Set.of() : profiles.addAll(created);
        creates.forEach((id, row) -> {
            if (!notAdded.contains(id)) {
                consentsOf(workspaceId, id, row, chunk, now);
            } else if (retried.add(row.line())) {
                // Another request added a Profile with one of these identifiers meanwhile: match it next round.
                later.add(row);
            } else {
                chunk.errors.add(new ImportRowError(
                        row.line(),
                        CONCURRENT_REQUEST,
                        "another request changed this Profile's identifiers at the same moment; import the row again"));
            }
        });
        later.sort((a, b) -> Long.compare(a.line(), b.line()));
        return later;
    }

    /**
     * Adds every row's Profile as a new one, in one batch: an insert that meets no Profile holding the row's identifiers
     * is that row's match ({@link ProfileMatch.Create}), told by the unique keys themselves, so a fresh import needs no
     * look-up. Returns the rows whose identifiers some Profile holds, to be looked up and matched.
     */
    private List<ImportedProfile> addNew(
            WorkspaceId workspaceId, List<ImportedProfile> round, Chunk chunk, Instant now) {
        Map<String, ImportedProfile> rowOf = new LinkedHashMap<>();
        List<Profile> candidates = new ArrayList<>();
        for (ImportedProfile row : round) {
            try {
                Profile profile = merged(
                        Profile.create(Identifier.next("pr", now), workspaceId, row.identity(), now),
                        row.properties(),
                        now);
                candidates.add(profile);
                rowOf.put(profile.id(), row);
            } catch (InvalidValueException e) {
                chunk.errors.add(new ImportRowError(
                        row.line(), ImportRowParser.VALIDATION_FAILED, e.field() + ": " + e.getMessage()));
            }
        }
        Set<String> held = candidates.isEmpty() ? Set.of() : profiles.addAll(candidates);
        List<ImportedProfile> known = new ArrayList<>();
        rowOf.forEach((id, row) -> {
            if (held.contains(id)) {
                known.add(row);
            } else {
                consentsOf(workspaceId, id, row, chunk, now);
            }
        });
        return known;
    }

    private static void consentsOf(
            WorkspaceId workspaceId, String profileId, ImportedProfile row, Chunk chunk, Instant now) {
        row.consents().forEach((group, status) -> {
            String key = profileId + " " + group;
            chunk.consents.remove(key);
            chunk.consents.put(key, new Consent(workspaceId, profileId, group, status, ConsentSource.IMPORT, now));
        });
    }

    private Profile merged(Profile profile, Map<String, Object> patch, Instant now) {
        if (patch.isEmpty()) {
            return profile;
        }
        Map<String, Object> current =
                ProfileProperties.EMPTY.equals(profile.properties()) ? Map.of() : documents.read(profile.properties());
        Map<String, Object> merged = ProfileProperties.merge(current, patch, "properties");
        return profile.withProperties(ProfileProperties.checkSize(documents.write(merged), "properties"), now);
    }

    /** The body as read, refused past the limit; the limit counts bytes, so it holds whatever the text. */
    private static final class LimitedInput extends FilterInputStream {
        private final long maxBytes;
        private long read;

        LimitedInput(InputStream in, long maxBytes) {
            super(in);
            this.maxBytes = maxBytes;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            read += n;
            if (read > maxBytes) {
                throw new UploadTooLargeException(maxBytes);
            }
        }
    }
}
