import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Reads the one-file-per-message dump of Postfix's {@code smtp-sink -d}: each file holds one message as the
 * sink accepted it, and its modification time is when the sink had read the final "." (the SMTP acceptance).
 *
 * <pre>
 *   java bench/SinkDump.java latency DUMP_DIR ACCEPTED_LOG
 *       time from each send's 202 (ACCEPTED_LOG: messageId TAB epoch-microseconds, from Load.java --log)
 *       to the sink's acceptance of the message with that Message-ID: p50, p99, max
 *   java bench/SinkDump.java duplicates DUMP_DIR [EPOCH_MICROS [WINDOW_SECONDS]]
 *       messages received more than once, by Message-ID; with EPOCH_MICROS (a kill), how long before
 *       or after it each duplicate's copies arrived, and how many first arrived outside the WINDOW_SECONDS
 *       (default 5) before it
 *   java bench/SinkDump.java ids DUMP_DIR
 *       the Message-ID of every copy received, one a line
 * </pre>
 *
 * Both print a human summary and a {@code RESULT} line of key=value pairs for the scripts.
 */
public final class SinkDump {
    public static void main(String[] args) throws IOException {
        if (args.length >= 3 && args[0].equals("latency")) {
            latency(Path.of(args[1]), Path.of(args[2]));
        } else if (args.length >= 2 && args[0].equals("ids")) {
            for (Copy c : read(Path.of(args[1]))) {
                System.out.println(c.messageId());
            }
        } else if (args.length >= 2 && args[0].equals("duplicates")) {
            duplicates(Path.of(args[1]), args.length > 2 ? Long.parseLong(args[2]) : null,
                    args.length > 3 ? Double.parseDouble(args[3]) : 5);
        } else {
            System.err.println("usage: java SinkDump.java latency DUMP_DIR ACCEPTED_LOG | duplicates DUMP_DIR [EPOCH_MICROS] | ids DUMP_DIR");
            System.exit(2);
        }
    }

    /** One received copy: its Message-ID and when the sink finished writing it. */
    record Copy(String messageId, long epochMicros) {
    }

    static List<Copy> read(Path dump) throws IOException {
        List<Copy> copies = new ArrayList<>();
        if (!Files.isDirectory(dump)) {
            return copies;
        }
        try (Stream<Path> files = Files.walk(dump)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                String id = messageId(f);
                long micros = Files.getLastModifiedTime(f).to(TimeUnit.MICROSECONDS);
                copies.add(new Copy(id, micros));
            }
        }
        return copies;
    }

    private static String messageId(Path file) throws IOException {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.regionMatches(true, 0, "Message-ID:", 0, 11)) {
                    return line.substring(11).strip();
                }
            }
        }
        return "(none in " + file.getFileName() + ")";
    }

    static void latency(Path dump, Path acceptedLog) throws IOException {
        Map<String, Long> acceptedAt = new HashMap<>();
        for (String line : Files.readAllLines(acceptedLog)) {
            String[] parts = line.split("\t");
            if (parts.length == 2) {
                acceptedAt.put(parts[0], Long.parseLong(parts[1]));
            }
        }
        Map<String, Long> firstCopy = new HashMap<>();
        for (Copy c : read(dump)) {
            if (acceptedAt.containsKey(c.messageId())) {
                firstCopy.merge(c.messageId(), c.epochMicros(), Math::min);
            }
        }
        long[] deltas = firstCopy.entrySet().stream()
                .mapToLong(e -> e.getValue() - acceptedAt.get(e.getKey())).sorted().toArray();
        long missing = acceptedAt.size() - deltas.length;
        System.out.printf(Locale.ROOT,
                "202 -> SMTP accepted: %d sends matched, %d not delivered (yet); p50 %.1f ms, p99 %.1f ms, "
                        + "max %.1f ms, min %.1f ms (negative: the sink had it before the client read the 202)%n",
                deltas.length, missing, pct(deltas, 50) / 1e3, pct(deltas, 99) / 1e3,
                deltas.length == 0 ? 0 : deltas[deltas.length - 1] / 1e3, deltas.length == 0 ? 0 : deltas[0] / 1e3);
        System.out.printf(Locale.ROOT, "RESULT matched=%d missing=%d p50_ms=%.2f p99_ms=%.2f max_ms=%.2f%n",
                deltas.length, missing, pct(deltas, 50) / 1e3, pct(deltas, 99) / 1e3,
                deltas.length == 0 ? 0 : deltas[deltas.length - 1] / 1e3);
    }

    private static double pct(long[] sorted, double percent) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(sorted.length * percent / 100.0);
        return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
    }

    /**
     * A crash between the relay's acceptance and the commit of "sent" makes a duplicate: its first copy must
     * have arrived in the {@code windowSeconds} before the kill. Any other duplicate means a send delivered
     * and recorded was delivered again.
     */
    static void duplicates(Path dump, Long killMicros, double windowSeconds) throws IOException {
        List<Copy> copies = read(dump);
        Map<String, List<Long>> byId = new HashMap<>();
        for (Copy c : copies) {
            byId.computeIfAbsent(c.messageId(), k -> new ArrayList<>()).add(c.epochMicros());
        }
        int duplicated = 0;
        int extra = 0;
        int outside = 0;
        for (Map.Entry<String, List<Long>> e : byId.entrySet()) {
            if (e.getValue().size() > 1) {
                duplicated++;
                extra += e.getValue().size() - 1;
                long[] times = e.getValue().stream().mapToLong(Long::longValue).sorted().toArray();
                if (killMicros != null && (times[0] > killMicros || times[0] < killMicros - windowSeconds * 1e6)) {
                    outside++;
                }
                String relative = killMicros == null ? Arrays.toString(times)
                        : Arrays.stream(times).mapToObj(t -> String.format(Locale.ROOT, "%+.3f s", (t - killMicros) / 1e6))
                                .toList() + " relative to the kill";
                System.out.println("duplicate " + e.getKey() + " x" + e.getValue().size() + ": " + relative);
            }
        }
        System.out.printf(Locale.ROOT, "%d copies received, %d distinct Message-IDs, %d received more than once "
                + "(%d extra copies)%s%n", copies.size(), byId.size(), duplicated, extra, killMicros == null ? ""
                : String.format(Locale.ROOT, ", %d of them first received outside the %.1f s before the kill",
                        outside, windowSeconds));
        System.out.printf(Locale.ROOT, "RESULT copies=%d distinct=%d duplicated=%d extra=%d outside=%d%n",
                copies.size(), byId.size(), duplicated, extra, outside);
    }
}
