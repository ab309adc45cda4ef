package io.segmentflow.application.port.out;

import io.segmentflow.domain.sender.TxtLookup;

/** Asks DNS (the configured resolver, else the system's). */
public interface DnsRecords {
    /** The TXT records of {@code name}; never throws for DNS trouble: that is {@link TxtLookup.Unanswered}. */
    TxtLookup txt(String name);
}
