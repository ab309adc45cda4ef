package io.segmentflow.it;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Postfix's {@code smtp-sink}, started with the fault a test wants: {@code -r rcpt} answers RCPT TO with a 4xx,
 * {@code -f rcpt} with a 5xx, {@code -Q data} says 421 and hangs up at DATA, {@code -q data} hangs up without a word.
 */
final class SmtpSink implements AutoCloseable {
    private final Process process;
    private final int port;

    private SmtpSink(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** The smtp-sink program, from the PATH or Postfix's usual place. */
    static Optional<Path> program() {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/usr/local/sbin";
        return Stream.of(path.split(":"))
                .filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, "smtp-sink"))
                .filter(Files::isExecutable)
                .findFirst();
    }

    static SmtpSink start(String... faults) throws IOException, InterruptedException {
        Path program = program().orElseThrow(() -> new IllegalStateException("smtp-sink is not installed"));
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(program.toString()));
        if ("root".equals(System.getProperty("user.name"))) {
            // smtp-sink refuses to keep root privileges.
            command.addAll(List.of("-u", "nobody"));
        }
        command.addAll(List.of(faults));
        command.addAll(List.of("127.0.0.1:" + port, "100"));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        SmtpSink sink = new SmtpSink(process, port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return sink;
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("smtp-sink " + command + " exited with " + process.exitValue());
                }
                Thread.sleep(20);
            }
        }
        sink.close();
        throw new IllegalStateException("smtp-sink did not listen on " + port);
    }

    int port() {
        return port;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
