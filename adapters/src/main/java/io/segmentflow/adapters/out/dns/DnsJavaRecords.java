package io.segmentflow.adapters.out.dns;

import io.segmentflow.application.port.out.DnsRecords;
import io.segmentflow.domain.sender.TxtLookup;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Asks DNS for TXT records with dnsjava, through one resolver (a setting's) or the system's. Each look-up starts with
 * an empty cache, so that a verification repeated after a record was published sees it at once (the resolver's own
 * caching aside); CNAMEs are followed, as a receiver does.
 */
public final class DnsJavaRecords implements DnsRecords {
    private static final Logger LOG = Logger.getLogger(DnsJavaRecords.class.getName());
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final Resolver resolver;

    private DnsJavaRecords(Resolver resolver) {
        this.resolver = resolver;
        this.resolver.setTimeout(TIMEOUT);
    }

    /** Through the resolver at {@code address}. */
    public static DnsJavaRecords at(InetSocketAddress address) {
        return new DnsJavaRecords(new SimpleResolver(address));
    }

    /** Through the system's resolvers (resolv.conf, or the platform's own). */
    public static DnsJavaRecords ofSystem() {
        return new DnsJavaRecords(new ExtendedResolver());
    }

    @Override
    public TxtLookup txt(String name) {
        Lookup lookup;
        try {
            // Absolute: no search domain is ever appended to the name.
            lookup = new Lookup(Name.fromString(name, Name.root), Type.TXT);
        } catch (TextParseException e) {
            return new TxtLookup.Unanswered("not a name DNS can be asked for: " + e.getMessage());
        }
        lookup.setResolver(resolver);
        lookup.setCache(null);
        Record[] answers = lookup.run();
        return switch (lookup.getResult()) {
            case Lookup.SUCCESSFUL -> new TxtLookup.Found(values(answers));
            case Lookup.HOST_NOT_FOUND, Lookup.TYPE_NOT_FOUND -> new TxtLookup.Absent();
            default -> {
                LOG.log(Level.FINE, () -> "TXT look-up of " + name + ": " + lookup.getErrorString());
                yield new TxtLookup.Unanswered(lookup.getErrorString());
            }
        };
    }

    /** Each TXT record's strings joined, as DKIM, SPF and DMARC read a record split into strings of 255. */
    private static List<String> values(Record[] answers) {
        List<String> values = new ArrayList<>();
        if (answers != null) {
            for (Record answer : answers) {
                if (answer instanceof TXTRecord txt) {
                    values.add(String.join("", txt.getStrings()));
                }
            }
        }
        return values;
    }
}
