package io.segmentflow.domain.sender;

import io.segmentflow.domain.email.EmailAddress;
import io.segmentflow.domain.sender.RecordCheck.Result;
import io.segmentflow.domain.shared.Identifier;
import io.segmentflow.domain.shared.InvalidValueException;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * A domain a workspace sends from, with its own DKIM key pair: the public key is published in DNS under
 * {@code <selector>._domainkey.<name>}, the private key is kept sealed (encrypted by the server) and signs the mail
 * whose From address is at this domain once the domain is verified.
 *
 * <p>Verification reads what DNS says now ({@link #verify}): the DKIM record decides (found as published here:
 * verified; another key or something else under its name: failed; nothing, or no answer: pending); SPF and DMARC are
 * advised and reported, not required, since only the operator knows which addresses the SMTP relay sends from.
 */
public final class SenderDomain {
    /** Longest TXT value kept per record checked: enough for any real one, bounded for a hostile zone's. */
    public static final int MAX_FOUND_LENGTH = 1000;

    private static final int MAX_FOUND_VALUES = 10;

    private final String id;
    private final WorkspaceId workspaceId;
    private final DomainName name;
    private final String selector;
    private final String publicKey;
    private final String sealedPrivateKey;
    private final Instant createdAt;
    private SenderDomainStatus status;
    private List<RecordCheck> checks;
    private Instant checkedAt;
    private Instant updatedAt;

    private SenderDomain(
            String id,
            WorkspaceId workspaceId,
            DomainName name,
            String selector,
            String publicKey,
            String sealedPrivateKey,
            SenderDomainStatus status,
            List<RecordCheck> checks,
            Instant checkedAt,
            Instant createdAt,
            Instant updatedAt) {
        this.id = Objects.requireNonNull(id, "id");
        this.workspaceId = Objects.requireNonNull(workspaceId, "workspaceId");
        this.name = Objects.requireNonNull(name, "name");
        this.selector = Objects.requireNonNull(selector, "selector");
        this.publicKey = Objects.requireNonNull(publicKey, "publicKey");
        this.sealedPrivateKey = Objects.requireNonNull(sealedPrivateKey, "sealedPrivateKey");
        this.status = Objects.requireNonNull(status, "status");
        this.checks = List.copyOf(checks);
        this.checkedAt = checkedAt;
        this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
        this.updatedAt = Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /**
     * A new domain, pending until its records are published and verified.
     *
     * @param publicKey the DKIM public key, base64 of its X.509 SubjectPublicKeyInfo (what {@code p=} holds)
     * @param sealedPrivateKey the private key as the server sealed it; never shown
     */
    public static SenderDomain create(
            WorkspaceId workspaceId, DomainName name, String publicKey, String sealedPrivateKey, Instant now) {
        String id = Identifier.next("sdm", now);
        if (publicKey == null || publicKey.isBlank() || !publicKey.matches("[A-Za-z0-9+/=]+")) {
            throw new InvalidValueException("publicKey", "must be base64");
        }
        // The id's random tail: a selector of its own, so a new key for the same domain never clashes with an old one.
        String selector = "sf" + id.substring(id.length() - 10);
        return new SenderDomain(
                id,
                workspaceId,
                name,
                selector,
                publicKey,
                sealedPrivateKey,
                SenderDomainStatus.PENDING,
                List.of(),
                null,
                now,
                now);
    }

    /** A domain as it was stored. */
    public static SenderDomain restore(
            String id,
            WorkspaceId workspaceId,
            DomainName name,
            String selector,
            String publicKey,
            String sealedPrivateKey,
            SenderDomainStatus status,
            List<RecordCheck> checks,
            Instant checkedAt,
            Instant createdAt,
            Instant updatedAt) {
        return new SenderDomain(
                id,
                workspaceId,
                name,
                selector,
                publicKey,
                sealedPrivateKey,
                status,
                checks,
                checkedAt,
                createdAt,
                updatedAt);
    }

    /** The records to publish: the DKIM key (required), then SPF and DMARC (advised). */
    public List<DnsRecord> records() {
        return List.of(
                new DnsRecord(
                        DnsRecord.Purpose.DKIM,
                        dkimRecordName(),
                        "v=DKIM1; k=rsa; p=" + publicKey,
                        true,
                        "the public key receivers check this domain's DKIM signatures with; a DNS service may show"
                                + " the value split into strings of 255 characters, which is the same record"),
                new DnsRecord(
                        DnsRecord.Purpose.SPF,
                        name.value(),
                        "v=spf1 a mx ~all",
                        false,
                        "advised: names the hosts that may send mail from this domain; put your SMTP relay's"
                                + " addresses in it (ip4:, ip6: or its include:), and publish one SPF record only"),
                new DnsRecord(
                        DnsRecord.Purpose.DMARC,
                        "_dmarc." + name.value(),
                        "v=DMARC1; p=none",
                        false,
                        "advised: tells receivers what to do with mail from this domain that fails DKIM and SPF;"
                                + " p=none only reports, tighten it to quarantine or reject once mail passes"));
    }

    public String dkimRecordName() {
        return selector + "._domainkey." + name.value();
    }

    /**
     * Checks the published records against {@link #records()} and moves to what the DKIM record says.
     *
     * @param txt asks DNS for the TXT records of a name
     * @return whether the status changed
     */
    public boolean verify(Function<String, TxtLookup> txt, Instant now) {
        Map<String, TxtLookup> asked = new HashMap<>();
        Function<String, TxtLookup> once = n -> asked.computeIfAbsent(n, txt);
        List<RecordCheck> found = new ArrayList<>();
        for (DnsRecord record : records()) {
            found.add(check(record, once.apply(record.name())));
        }
        Result dkim = found.get(0).result();
        SenderDomainStatus next = dkim == Result.OK
                ? SenderDomainStatus.VERIFIED
                : dkim == Result.WRONG ? SenderDomainStatus.FAILED : SenderDomainStatus.PENDING;
        boolean changed = next != status;
        status = next;
        checks = List.copyOf(found);
        checkedAt = now;
        updatedAt = now;
        return changed;
    }

    private RecordCheck check(DnsRecord record, TxtLookup lookup) {
        if (lookup instanceof TxtLookup.Unanswered unanswered) {
            return new RecordCheck(
                    record.purpose(),
                    record.name(),
                    Result.UNKNOWN,
                    List.of(),
                    "DNS gave no answer for " + record.name() + " (" + unanswered.reason() + "); verify again later");
        }
        List<String> values = lookup instanceof TxtLookup.Found f ? f.values() : List.of();
        return switch (record.purpose()) {
            case DKIM -> checkDkim(record, values);
            case SPF -> checkTagged(record, values, "v=spf1", "SPF");
            case DMARC -> checkTagged(record, values, "v=DMARC1", "DMARC");
        };
    }

    private RecordCheck checkDkim(DnsRecord record, List<String> values) {
        if (values.isEmpty()) {
            return new RecordCheck(
                    record.purpose(),
                    record.name(),
                    Result.MISSING,
                    List.of(),
                    "no TXT record at " + record.name() + ": publish " + record.value());
        }
        List<String> shown = shown(values);
        for (String value : values) {
            Map<String, String> tags = dkimTags(value);
            if (publicKey.equals(tags.get("p"))
                    && "DKIM1".equalsIgnoreCase(tags.getOrDefault("v", "DKIM1"))
                    && "rsa".equalsIgnoreCase(tags.getOrDefault("k", "rsa"))) {
                return new RecordCheck(record.purpose(), record.name(), Result.OK, shown, null);
            }
        }
        boolean anyKey = values.stream().anyMatch(v -> dkimTags(v).containsKey("p"));
        return new RecordCheck(
                record.purpose(),
                record.name(),
                Result.WRONG,
                shown,
                anyKey
                        ? "the TXT record at " + record.name() + " holds another key (p=) than this domain's: publish "
                                + record.value()
                        : "the TXT record at " + record.name() + " is not a DKIM key record: publish "
                                + record.value());
    }

    private static RecordCheck checkTagged(DnsRecord record, List<String> values, String version, String kind) {
        List<String> matching = values.stream()
                .filter(v -> v.strip().regionMatches(true, 0, version, 0, version.length()))
                .toList();
        if (matching.isEmpty()) {
            return new RecordCheck(
                    record.purpose(),
                    record.name(),
                    Result.MISSING,
                    shown(values),
                    "no " + kind + " record (" + version + " ...) at " + record.name() + "; advised: "
                            + record.value());
        }
        if (matching.size() > 1) {
            return new RecordCheck(
                    record.purpose(),
                    record.name(),
                    Result.WRONG,
                    shown(matching),
                    matching.size() + " " + kind + " records at " + record.name()
                            + ": receivers treat more than one as an error; merge them into one");
        }
        return new RecordCheck(record.purpose(), record.name(), Result.OK, shown(matching), null);
    }

    /** A DKIM key record's tags (RFC 6376 3.6.1), whitespace inside values dropped; names in lower case. */
    static Map<String, String> dkimTags(String record) {
        Map<String, String> tags = new HashMap<>();
        for (String part : record.split(";")) {
            int equals = part.indexOf('=');
            if (equals > 0) {
                tags.putIfAbsent(
                        part.substring(0, equals).strip().toLowerCase(Locale.ROOT),
                        part.substring(equals + 1).replaceAll("\\s", ""));
            }
        }
        return tags;
    }

    private static List<String> shown(List<String> values) {
        return values.stream()
                .limit(MAX_FOUND_VALUES)
                .map(v -> v.length() > MAX_FOUND_LENGTH ? v.substring(0, MAX_FOUND_LENGTH) : v)
                .toList();
    }

    /** Whether mail from this address is signed with this domain's key: it is at this domain, which is verified. */
    public boolean signs(EmailAddress from) {
        return status == SenderDomainStatus.VERIFIED && covers(from);
    }

    /** Whether the address is at this domain (not a subdomain of it: DKIM alignment is checked per name here). */
    public boolean covers(EmailAddress from) {
        return from.domain().toLowerCase(Locale.ROOT).equals(name.value());
    }

    public String id() {
        return id;
    }

    public WorkspaceId workspaceId() {
        return workspaceId;
    }

    public DomainName name() {
        return name;
    }

    public String selector() {
        return selector;
    }

    public String publicKey() {
        return publicKey;
    }

    /** The private key as the server sealed it: only the server can open it, and it is never shown. */
    public String sealedPrivateKey() {
        return sealedPrivateKey;
    }

    public SenderDomainStatus status() {
        return status;
    }

    /** What the last verification found per record; empty before the first. */
    public List<RecordCheck> checks() {
        return checks;
    }

    /** When the records were last checked; null before the first verification. */
    public Instant checkedAt() {
        return checkedAt;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }
}
