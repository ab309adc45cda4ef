package io.segmentflow.adapters.out.mail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Just enough of an SMTP server to script replies GreenMail cannot give: a rejected RCPT, a 421 on MAIL FROM,
 * a refused message after DATA. It counts connections and accepted messages.
 */
final class FakeSmtpServer implements AutoCloseable {
    /** What {@link #replies} receives for the end of the message data. */
    static final String END_OF_DATA = "<end of data>";

    private final ServerSocket server;
    private final Function<String, String> replies;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger messages = new AtomicInteger();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();

    /** Whether a session stops reading once it has invited the message data, as a stuck relay does. */
    private final boolean stallInData;

    /** @param replies for a command line, the reply to give instead of the default, or {@code null} */
    FakeSmtpServer(Function<String, String> replies) throws IOException {
        this(replies, false);
    }

    FakeSmtpServer(Function<String, String> replies, boolean stallInData) throws IOException {
        this.replies = replies;
        this.stallInData = stallInData;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "fake-smtp-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    int connections() {
        return connections.get();
    }

    int messages() {
        return messages.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                connections.incrementAndGet();
                open.add(socket);
                Thread session = new Thread(() -> serve(socket), "fake-smtp-session");
                session.setDaemon(true);
                session.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket;
                BufferedReader in =
                        new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
                Writer out = new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.UTF_8)) {
            send(out, "220 fake.test ESMTP");
            for (String line; (line = in.readLine()) != null; ) {
                String command = line.toUpperCase(Locale.ROOT);
                if (command.equals("DATA")) {
                    send(out, "354 end with <CRLF>.<CRLF>");
                    while (stallInData && !socket.isClosed()) {
                        Thread.sleep(20);
                    }
                    for (String data; (data = in.readLine()) != null && !data.equals("."); ) {
                        // the content is not needed
                    }
                    line = END_OF_DATA;
                }
                String scripted = replies.apply(line);
                String reply = scripted != null ? scripted : defaultReply(command, line);
                if (reply.startsWith("250 2.0.0 queued")) {
                    reply += " as Q" + messages.incrementAndGet();
                }
                send(out, reply);
                if (reply.startsWith("221") || reply.startsWith("421")) {
                    return;
                }
            }
        } catch (IOException e) {
            // the client went away
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            open.remove(socket);
        }
    }

    private static String defaultReply(String command, String line) {
        if (line.equals(END_OF_DATA)) {
            return "250 2.0.0 queued";
        }
        if (command.startsWith("EHLO") || command.startsWith("HELO")) {
            return "250 fake.test";
        }
        if (command.startsWith("QUIT")) {
            return "221 2.0.0 bye";
        }
        if (command.startsWith("MAIL")
                || command.startsWith("RCPT")
                || command.startsWith("RSET")
                || command.startsWith("NOOP")) {
            return "250 2.0.0 ok";
        }
        return "502 5.5.2 not implemented";
    }

    private static void send(Writer out, String reply) throws IOException {
        out.write(reply + "\r\n");
        out.flush();
    }

    /** Closes every open session without a word, as a relay does to clients idle too long. */
    void dropOpenConnections() throws IOException {
        for (Socket socket : open) {
            socket.close();
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : open) {
            socket.close();
        }
    }
}
