package io.segmentflow.it;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.Name;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * A real DNS server on loopback: Debian's dnsmasq at the port the IT server resolves through
 * ({@code SEGMENTFLOW_DNS_RESOLVER}), serving the TXT records a test publishes, and answering for its zones alone
 * (a name of a zone it does not hold is NXDOMAIN, as an authoritative server says). One serves at a time.
 */
final class DnsZone implements AutoCloseable {
    private static final Path PROGRAM = Path.of("/usr/sbin/dnsmasq");
    static final InetSocketAddress ADDRESS = address(ItServer.setting("SEGMENTFLOW_DNS_RESOLVER"));
    private static final ReentrantLock ONE_AT_A_TIME = new ReentrantLock();
    /** A TXT record holds strings of at most 255 characters; a longer value is split, as DNS services do. */
    private static final int MAX_STRING = 255;

    private final Process process;

    private DnsZone(Process process) {
        this.process = process;
    }

    private static InetSocketAddress address(String setting) {
        int colon = setting.lastIndexOf(':');
        return new InetSocketAddress(setting.substring(0, colon), Integer.parseInt(setting.substring(colon + 1)));
    }

    static boolean available() {
        return Files.isExecutable(PROGRAM);
    }

    /** Skips the calling test, saying why, where dnsmasq is not installed. */
    static void assumeAvailable() {
        assumeTrue(available(), "dnsmasq is not installed (Debian package dnsmasq-base): sender-domain tests skipped");
    }

    /** A resolver that asks this server, for a verifier's key look-ups. */
    static Resolver resolver() {
        SimpleResolver resolver = new SimpleResolver(ADDRESS);
        resolver.setTimeout(Duration.ofSeconds(2));
        return resolver;
    }

    /**
     * Serves {@code records} (name: TXT values) until closed, answering for {@code zones}; returns once it answers.
     */
    static DnsZone serve(Set<String> zones, Map<String, List<String>> records)
            throws IOException, InterruptedException {
        ONE_AT_A_TIME.lock();
        try {
            List<String> command = new ArrayList<>(List.of(
                    PROGRAM.toString(),
                    "--port=" + ADDRESS.getPort(),
                    "--listen-address=" + ADDRESS.getAddress().getHostAddress(),
                    "--bind-interfaces",
                    "--no-resolv",
                    "--no-hosts",
                    "--conf-file=/dev/null",
                    "--pid-file=",
                    "--keep-in-foreground",
                    "--log-facility=-"));
            if ("root".equals(System.getProperty("user.name"))) {
                command.add("--user=root");
            }
            zones.forEach(zone -> command.add("--local=/" + zone + "/"));
            records.forEach((name, values) ->
                    values.forEach(value -> command.add("--txt-record=" + name + "," + split(value))));
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            DnsZone zone = new DnsZone(process);
            awaitAnswers(zone, zones.iterator().next());
            return zone;
        } catch (IOException | InterruptedException | RuntimeException e) {
            ONE_AT_A_TIME.unlock();
            throw e;
        }
    }

    /** The value as the comma-separated strings dnsmasq's --txt-record takes (none of ours holds a comma). */
    private static String split(String value) {
        if (value.contains(",")) {
            throw new IllegalArgumentException("a TXT value served here holds no comma: " + value);
        }
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < value.length(); i += MAX_STRING) {
            parts.add(value.substring(i, Math.min(value.length(), i + MAX_STRING)));
        }
        return String.join(",", parts);
    }

    /** Waits until the server answers for the zone (any answer: NXDOMAIN or records), or fails the test. */
    private static void awaitAnswers(DnsZone zone, String name) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!zone.process.isAlive()) {
                throw new IOException("dnsmasq exited at once (" + zone.process.exitValue() + "): is the port taken?");
            }
            Lookup lookup = new Lookup(Name.fromString(name, Name.root), Type.TXT);
            lookup.setResolver(resolver());
            lookup.setCache(null);
            lookup.run();
            int result = lookup.getResult();
            if (result == Lookup.SUCCESSFUL || result == Lookup.HOST_NOT_FOUND || result == Lookup.TYPE_NOT_FOUND) {
                return;
            }
            Thread.sleep(20);
        }
        zone.stop();
        throw new IOException("dnsmasq did not answer on " + ADDRESS + " within 10 s");
    }

    private void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    @Override
    public void close() throws InterruptedException {
        try {
            stop();
        } finally {
            ONE_AT_A_TIME.unlock();
        }
    }
}
