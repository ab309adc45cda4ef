import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load generator for Segmentflow's send API, run as a single source file (no build):
 *
 * <pre>
 *   java bench/Load.java --url http://127.0.0.1:9480 --key sf_... --template tpl_... \
 *        [--clients 8] [--seconds 30 | --count 5000] [--warmup 3] [--rate 100] [--batch 100] \
 *        [--prefix run1] [--recipients 100000] [--log accepted.tsv] [--stop-after-errors 1]
 *   java bench/Load.java --url ... --key sf_... --event order.created [--clients 8] [--seconds 30 | --count 5000] ...
 * </pre>
 *
 * Closed loop by default: {@code --clients} threads, each on its own keep-alive connection, sending its next
 * request when the last one answered. With {@code --rate} it is open loop instead: requests are due on a fixed
 * schedule and taken by whichever of the clients is free, and latency counts from the time a request was due,
 * so a stalled server shows in the figures rather than slowing the schedule down. With {@code --batch} each
 * request is a batch of that many items. Each send has its own Idempotency-Key ({@code --prefix} and a number).
 * With {@code --event} it tracks events of that name instead ({@code POST /api/v1/events}, each with its own
 * Idempotency-Key, for a Profile by email), and the log names each accepted event by its eventId.
 *
 * <p>Prints a human line and a machine line starting with {@code RESULT} (key=value pairs; {@code statuses}
 * counts the answers by HTTP status, as {@code 202:9870,503:41}) that the bench scripts read. With {@code --log}, writes one line per accepted send: its messageId and the wall-clock time
 * (epoch microseconds) at which the client had read the answer. With {@code --stop-after-errors N}, every
 * client stops once N requests failed without an answer (the crash test's signal that the server is gone).
 */
public final class Load {
    private static final Pattern ACCEPTED = Pattern.compile("\"accepted\"\\s*:\\s*(\\d+)");
    private static final Pattern MESSAGE_ID = Pattern.compile("\"messageId\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern EVENT_ID = Pattern.compile("\"eventId\"\\s*:\\s*\"([^\"]+)\"");

    private final Map<String, String> opts;
    private final String host;
    private final int port;
    private final String path;
    private final String key;
    private final String template;
    private final String event;
    private final String prefix;
    private final int batch;
    private final int recipients;
    private final boolean logAccepted;
    private final long stopAfterErrors;
    private final AtomicLong sequence = new AtomicLong();
    private final ConcurrentLinkedQueue<String> acceptedLog = new ConcurrentLinkedQueue<>();

    private Load(Map<String, String> opts) {
        this.opts = opts;
        String url = opts.getOrDefault("url", "http://127.0.0.1:9480");
        this.batch = Integer.parseInt(opts.getOrDefault("batch", "0"));
        URI base = URI.create(url);
        this.host = base.getHost();
        this.port = base.getPort() > 0 ? base.getPort() : 80;
        this.event = opts.get("event");
        this.path = event != null ? "/api/v1/events" : batch > 0 ? "/api/v1/emails/batch" : "/api/v1/emails";
        this.key = required(opts, "key");
        this.template = event != null ? null : required(opts, "template");
        this.prefix = opts.getOrDefault("prefix", Long.toString(System.currentTimeMillis(), 36));
        this.recipients = Integer.parseInt(opts.getOrDefault("recipients", "100000"));
        this.logAccepted = opts.containsKey("log");
        this.stopAfterErrors = Long.parseLong(opts.getOrDefault("stop-after-errors", Long.toString(Long.MAX_VALUE)));
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                System.err.println("usage: java Load.java --key K --template T [--url U] [--clients N] "
                        + "[--seconds S | --count M] [--warmup S] [--rate R] [--batch SIZE | --event NAME] [--prefix P] [--log FILE] [--stop-after-errors N]");
                System.exit(2);
            }
            opts.put(args[i].substring(2), args[++i]);
        }
        new Load(opts).run();
    }

    private static String required(Map<String, String> opts, String name) {
        String v = opts.get(name);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return v;
    }

    /** What one phase (warm-up or measurement) saw. */
    private static final class Tally {
        final Histogram latency = new Histogram();
        long requests;
        long accepted;
        long rejectedItems;
        long errors;
        final Map<Integer, Long> statuses = new HashMap<>();

        synchronized void add(long micros, int status, long acceptedItems, long rejected) {
            latency.record(micros);
            requests++;
            accepted += acceptedItems;
            rejectedItems += rejected;
            statuses.merge(status, 1L, Long::sum);
        }

        synchronized void error() {
            errors++;
        }

        synchronized long errorCount() {
            return errors;
        }
    }

    private void run() throws Exception {
        int clients = Integer.parseInt(opts.getOrDefault("clients", "8"));
        double warmup = Double.parseDouble(opts.getOrDefault("warmup", "0"));
        double seconds = Double.parseDouble(opts.getOrDefault("seconds", "0"));
        long count = Long.parseLong(opts.getOrDefault("count", "0"));
        double rate = Double.parseDouble(opts.getOrDefault("rate", "0"));
        if ((seconds > 0) == (count > 0)) {
            throw new IllegalArgumentException("give exactly one of --seconds and --count");
        }
        long cpuStart = cpuNanos();
        if (warmup > 0) {
            // The generator's own JIT warms up here, unrecorded, so the measurement sees compiled code.
            phase(clients, rate, warmup, 0, false);
        }
        acceptedLog.clear();
        long cpuMeasured = cpuNanos();
        long t0 = System.nanoTime();
        Tally t = phase(clients, rate, seconds, count, logAccepted);
        double elapsed = (System.nanoTime() - t0) / 1e9;
        double cpu = (cpuNanos() - cpuMeasured) / 1e9;
        if (logAccepted) {
            try (BufferedWriter w = Files.newBufferedWriter(Path.of(opts.get("log")), StandardCharsets.UTF_8)) {
                for (String line : acceptedLog) {
                    w.write(line);
                    w.newLine();
                }
            }
        }
        long items = t.accepted;
        String mode = rate > 0 ? "rate" : "closed";
        System.out.printf(Locale.ROOT,
                "%s %s, %d clients%s: %d requests in %.1f s, %d %s accepted (%.0f/s), %d items rejected, "
                        + "%d errors, statuses %s; latency p50 %.1f ms, p99 %.1f ms, max %.1f ms; "
                        + "generator CPU %.1f s (%.0f%% of one core; %.0f%% over the whole run)%n",
                event != null ? "event" : batch > 0 ? "batch(" + batch + ")" : "single", mode, clients,
                rate > 0 ? " at " + rate + "/s" : "", t.requests, elapsed, items, event != null ? "events" : "sends",
                items / elapsed,
                t.rejectedItems, t.errors, t.statuses,
                t.latency.percentile(50) / 1e3, t.latency.percentile(99) / 1e3, t.latency.max() / 1e3,
                cpu, 100 * cpu / elapsed, 100 * (cpuNanos() - cpuStart) / 1e9 / (elapsed + warmup));
        System.out.printf(Locale.ROOT,
                "RESULT requests=%d accepted=%d rejected=%d errors=%d seconds=%.3f rate=%.1f req_rate=%.1f "
                        + "p50_ms=%.2f p99_ms=%.2f max_ms=%.2f cpu_s=%.2f cpu_pct=%.1f non2xx=%d statuses=%s%n",
                t.requests, items, t.rejectedItems, t.errors, elapsed, items / elapsed, t.requests / elapsed,
                t.latency.percentile(50) / 1e3, t.latency.percentile(99) / 1e3, t.latency.max() / 1e3,
                cpu, 100 * cpu / elapsed, t.statuses.entrySet().stream()
                        .filter(e -> e.getKey() / 100 != 2).mapToLong(Map.Entry::getValue).sum(),
                t.statuses.isEmpty() ? "none" : new java.util.TreeMap<>(t.statuses).entrySet().stream()
                        .map(e -> e.getKey() + ":" + e.getValue()).collect(java.util.stream.Collectors.joining(",")));
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private Tally phase(int clients, double rate, double seconds, long count, boolean log) throws Exception {
        Tally tally = new Tally();
        long deadline = seconds > 0 ? System.nanoTime() + (long) (seconds * 1e9) : Long.MAX_VALUE;
        AtomicLong remaining = new AtomicLong(count > 0 ? count : Long.MAX_VALUE);
        // Open loop: request i is due at start + i / rate, taken by whichever client is free.
        AtomicLong slots = new AtomicLong();
        long start = System.nanoTime();
        long interval = rate > 0 ? (long) (1e9 / rate) : 0;
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            Thread th = new Thread(() -> {
                try (Connection c = new Connection(host, port)) {
                    while (tally.errorCount() < stopAfterErrors && remaining.getAndAdd(-perRequest()) > 0) {
                        long due;
                        if (interval > 0) {
                            due = start + slots.getAndIncrement() * interval;
                            if (due >= deadline) {
                                return;
                            }
                            long wait;
                            while ((wait = due - System.nanoTime()) > 0) {
                                LockSupport.parkNanos(wait);
                            }
                        } else {
                            due = System.nanoTime();
                            if (due >= deadline) {
                                return;
                            }
                        }
                        exchange(c, tally, due, log);
                    }
                }
            }, "client-" + i);
            threads.add(th);
            th.start();
        }
        for (Thread th : threads) {
            th.join();
        }
        return tally;
    }

    /**
     * One request; latency counts from {@code due}, its scheduled start in the open loop, so a late answer
     * shows in the figures rather than quietly slowing the schedule down.
     */
    private void exchange(Connection c, Tally tally, long due, boolean log) {
        byte[] request = next();
        try {
            Response response = c.exchange(request);
            record(tally, (System.nanoTime() - due) / 1000, response, log);
        } catch (IOException | RuntimeException e) {
            tally.error();
            c.close();
            LockSupport.parkNanos(10_000_000);
        }
    }

    private int perRequest() {
        return batch > 0 ? batch : 1;
    }

    private void record(Tally tally, long micros, Response response, boolean log) {
        int status = response.status();
        String body = response.body();
        long accepted = 0;
        long rejected = 0;
        if (batch > 0) {
            if (status == 200) {
                Matcher m = ACCEPTED.matcher(body);
                accepted = m.find() ? Long.parseLong(m.group(1)) : 0;
                rejected = batch - accepted;
            }
        } else if (status == 202) {
            accepted = 1;
        }
        if (log && accepted > 0) {
            long now = epochMicros();
            Matcher m = (event != null ? EVENT_ID : MESSAGE_ID).matcher(body);
            while (m.find()) {
                acceptedLog.add(m.group(1) + "\t" + now);
            }
        }
        tally.add(micros, status, accepted, rejected);
    }

    private static long epochMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
    }

    private byte[] next() {
        String body;
        String idempotencyKey = null;
        if (batch > 0) {
            StringBuilder b = new StringBuilder(batch * 160 + 100);
            b.append("{\"defaults\":{\"templateId\":\"").append(template).append("\"},\"items\":[");
            for (int i = 0; i < batch; i++) {
                long n = sequence.incrementAndGet();
                if (i > 0) {
                    b.append(',');
                }
                b.append("{\"to\":{\"email\":\"").append(recipient(n)).append("\"},\"data\":")
                        .append(data(n)).append(",\"idempotencyKey\":\"").append(prefix).append('-').append(n)
                        .append("\"}");
            }
            body = b.append("]}").toString();
        } else if (event != null) {
            long n = sequence.incrementAndGet();
            idempotencyKey = prefix + "-" + n;
            body = "{\"event\":\"" + event + "\",\"referenceId\":\"" + idempotencyKey + "\",\"profile\":{\"email\":\""
                    + recipient(n) + "\"},\"data\":" + data(n) + "}";
        } else {
            long n = sequence.incrementAndGet();
            idempotencyKey = prefix + "-" + n;
            body = "{\"templateId\":\"" + template + "\",\"to\":{\"email\":\"" + recipient(n) + "\"},\"data\":"
                    + data(n) + "}";
        }
        byte[] content = body.getBytes(StandardCharsets.UTF_8);
        String head = "POST " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nx-api-key: " + key
                + "\r\nContent-Type: application/json\r\nAccept: application/json\r\n"
                + (idempotencyKey != null ? "Idempotency-Key: " + idempotencyKey + "\r\n" : "")
                + "Content-Length: " + content.length + "\r\n\r\n";
        byte[] h = head.getBytes(StandardCharsets.ISO_8859_1);
        byte[] request = new byte[h.length + content.length];
        System.arraycopy(h, 0, request, 0, h.length);
        System.arraycopy(content, 0, request, h.length, content.length);
        return request;
    }

    private String recipient(long n) {
        return "user" + (n % recipients) + "@bench.example";
    }

    private static String data(long n) {
        return "{\"name\":\"Ada\",\"code\":\"" + (100000 + n % 900000) + "\"}";
    }

    record Response(int status, String body) {
    }

    /**
     * One keep-alive HTTP/1.1 connection, written and read by hand: java.net.http.HttpClient spent about
     * 160 us of CPU per request here (far more in its async mode), too much for a generator sharing two
     * cores with the server it measures. Reconnects when the server closes the connection.
     */
    static final class Connection implements AutoCloseable {
        private final String host;
        private final int port;
        private Socket socket;
        private InputStream in;
        private OutputStream out;

        Connection(String host, int port) {
            this.host = host;
            this.port = port;
        }

        Response exchange(byte[] request) throws IOException {
            if (socket == null) {
                socket = new Socket();
                socket.setTcpNoDelay(true);
                socket.setSoTimeout(60_000);
                socket.connect(new InetSocketAddress(host, port), 5_000);
                in = new BufferedInputStream(socket.getInputStream(), 16384);
                out = new BufferedOutputStream(socket.getOutputStream(), 16384);
            }
            out.write(request);
            out.flush();
            String statusLine = line();
            int status = Integer.parseInt(statusLine.substring(9, 12));
            long length = -1;
            boolean chunked = false;
            boolean close = false;
            for (String header = line(); !header.isEmpty(); header = line()) {
                int colon = header.indexOf(':');
                String name = header.substring(0, colon).trim();
                String value = header.substring(colon + 1).trim();
                if (name.equalsIgnoreCase("Content-Length")) {
                    length = Long.parseLong(value);
                } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
                    chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                } else if (name.equalsIgnoreCase("Connection")) {
                    close = value.equalsIgnoreCase("close");
                }
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            if (chunked) {
                for (long size = Long.parseLong(line().split(";")[0].trim(), 16); size > 0;
                     size = Long.parseLong(line().split(";")[0].trim(), 16)) {
                    copy(size, body);
                    line();
                }
                while (!line().isEmpty()) {
                    // trailers
                }
            } else if (length >= 0) {
                copy(length, body);
            } else {
                in.transferTo(body);
                close = true;
            }
            if (close) {
                close();
            }
            return new Response(status, body.toString(StandardCharsets.UTF_8));
        }

        private void copy(long n, ByteArrayOutputStream to) throws IOException {
            byte[] buffer = new byte[8192];
            while (n > 0) {
                int r = in.read(buffer, 0, (int) Math.min(buffer.length, n));
                if (r < 0) {
                    throw new EOFException("connection closed in a response body");
                }
                to.write(buffer, 0, r);
                n -= r;
            }
        }

        private String line() throws IOException {
            StringBuilder b = new StringBuilder(64);
            int c;
            while ((c = in.read()) != '\n') {
                if (c < 0) {
                    throw new EOFException("connection closed");
                }
                if (c != '\r') {
                    b.append((char) c);
                }
            }
            return b.toString();
        }

        @Override
        public void close() {
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // nothing to do with a connection we drop anyway
                }
                socket = null;
            }
        }
    }

    /**
     * Latencies in microseconds, log-linear: exact below 1,024 us, then 512 sub-buckets per power of two
     * (within 0.2%), so recording is a few instructions and memory stays fixed however long the run.
     */
    static final class Histogram {
        private final long[] counts = new long[1024 + 40 * 512];
        private long total;
        private long max;

        void record(long micros) {
            long v = Math.max(0, micros);
            counts[index(v)]++;
            total++;
            max = Math.max(max, v);
        }

        private static int index(long v) {
            if (v < 1024) {
                return (int) v;
            }
            int shift = 63 - Long.numberOfLeadingZeros(v) - 9;
            return 1024 + (shift - 1) * 512 + (int) ((v >> shift) - 512);
        }

        private static long upperValue(int index) {
            if (index < 1024) {
                return index;
            }
            int shift = (index - 1024) / 512 + 1;
            long mantissa = (index - 1024) % 512 + 512;
            return ((mantissa + 1) << shift) - 1;
        }

        /** The smallest recorded bucket's upper bound at or below which {@code percent} of values lie. */
        double percentile(double percent) {
            if (total == 0) {
                return 0;
            }
            long rank = (long) Math.ceil(total * percent / 100.0);
            long seen = 0;
            for (int i = 0; i < counts.length; i++) {
                seen += counts[i];
                if (seen >= rank) {
                    return Math.min(upperValue(i), max);
                }
            }
            return max;
        }

        long max() {
            return max;
        }
    }
}
