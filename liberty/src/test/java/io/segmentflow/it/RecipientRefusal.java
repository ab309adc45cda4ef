package io.segmentflow.it;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A relay that refuses one mailbox only, at RCPT TO, as a real one refuses an unknown user: smtp-sink can refuse
 * every RCPT or none, so this passes the session through to it line by line and answers the RCPT TO naming
 * {@code refused} itself with a 550. Everything else, the other recipients and the message, is smtp-sink's doing.
 * It needs a client that waits for each reply (start smtp-sink with {@code -p}, no PIPELINING).
 */
final class RecipientRefusal implements AutoCloseable {
    static final String REPLY = "550 5.1.1 <%s>: Recipient address rejected: User unknown in local recipient table";

    private final ServerSocket listener;
    private final int upstreamPort;
    private final String refused;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();

    RecipientRefusal(int upstreamPort, String refused) throws IOException {
        this.upstreamPort = upstreamPort;
        this.refused = "<" + refused.toLowerCase(Locale.ROOT) + ">";
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        daemon("recipient-refusal-accept", this::acceptLoop);
    }

    int port() {
        return listener.getLocalPort();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket upstream = new Socket();
                upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), upstreamPort), 2000);
                open.add(client);
                open.add(upstream);
                Object toClient = new Object();
                daemon("recipient-refusal-down", () -> down(upstream, client, toClient));
                daemon("recipient-refusal-up", () -> up(client, upstream, toClient));
            } catch (IOException e) {
                return;
            }
        }
    }

    /** The relay's replies, as they come. */
    private void down(Socket upstream, Socket client, Object toClient) {
        byte[] buffer = new byte[8192];
        try (InputStream in = upstream.getInputStream();
                OutputStream out = client.getOutputStream()) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                synchronized (toClient) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            }
        } catch (IOException e) {
            // one side went away
        } finally {
            close(upstream, client);
        }
    }

    /** The client's commands, line by line, but for the one RCPT TO this relay answers itself. */
    private void up(Socket client, Socket upstream, Object toClient) {
        boolean inData = false;
        try (InputStream in = new BufferedInputStream(client.getInputStream());
                OutputStream out = upstream.getOutputStream()) {
            for (byte[] line; (line = readLine(in)) != null; ) {
                String text = new String(line, StandardCharsets.US_ASCII).strip();
                String command = text.toLowerCase(Locale.ROOT);
                if (inData) {
                    inData = !text.equals(".");
                } else if (command.startsWith("rcpt to:") && command.contains(refused)) {
                    synchronized (toClient) {
                        OutputStream reply = client.getOutputStream();
                        reply.write((String.format(REPLY, refused.substring(1, refused.length() - 1)) + "\r\n")
                                .getBytes(StandardCharsets.US_ASCII));
                        reply.flush();
                    }
                    continue;
                } else if (command.equals("data")) {
                    inData = true;
                }
                out.write(line);
                out.flush();
            }
        } catch (IOException e) {
            // one side went away
        } finally {
            close(client, upstream);
        }
    }

    private static byte[] readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b; (b = in.read()) >= 0; ) {
            line.write(b);
            if (b == '\n') {
                return line.toByteArray();
            }
        }
        return line.size() == 0 ? null : line.toByteArray();
    }

    private void close(Socket... sockets) {
        for (Socket socket : sockets) {
            open.remove(socket);
            try {
                socket.close();
            } catch (IOException e) {
                // already closed
            }
        }
    }

    private static void daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() throws IOException {
        listener.close();
        open.forEach(socket -> close(socket));
    }
}
