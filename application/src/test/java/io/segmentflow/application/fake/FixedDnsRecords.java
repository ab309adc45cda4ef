package io.segmentflow.application.fake;

import io.segmentflow.application.port.out.DnsRecords;
import io.segmentflow.domain.sender.TxtLookup;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A DNS zone in memory: the TXT records published per name; a name with none is absent, one set down unanswered. */
public final class FixedDnsRecords implements DnsRecords {
    private final Map<String, TxtLookup> zone = new HashMap<>();
    private final List<String> asked = new ArrayList<>();

    public void publish(String name, String... values) {
        zone.put(name, new TxtLookup.Found(List.of(values)));
    }

    public void unanswered(String name) {
        zone.put(name, new TxtLookup.Unanswered("timed out"));
    }

    public void clear() {
        zone.clear();
    }

    public List<String> asked() {
        return List.copyOf(asked);
    }

    @Override
    public TxtLookup txt(String name) {
        asked.add(name);
        return zone.getOrDefault(name, new TxtLookup.Absent());
    }
}
