package io.segmentflow.domain.sender;

import java.util.Locale;

/**
 * A TXT record to publish for a sender domain.
 *
 * @param required whether verification needs it (the DKIM key); SPF and DMARC are advised, and their values are a
 *     starting point to adapt: SPF must name the addresses the SMTP relay sends from
 * @param note what the record is for and how to adapt it, in words
 */
public record DnsRecord(Purpose purpose, String name, String value, boolean required, String note) {
    public static final String TYPE = "TXT";

    /** What a record proves to a receiver. */
    public enum Purpose {
        DKIM,
        SPF,
        DMARC;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
