package io.segmentflow.adapters.out.dns;

import java.net.InetSocketAddress;

/** The {@code host:port} of a DNS resolver as a setting writes it ({@code 127.0.0.1:5353}, {@code [::1]:53}, a host). */
public final class ResolverAddress {
    private static final int DNS_PORT = 53;

    private ResolverAddress() {}

    /** @throws IllegalArgumentException when it is not a host with an optional port from 1 to 65535 */
    public static InetSocketAddress parse(String setting) {
        String value = setting.strip();
        String host;
        String port = null;
        if (value.startsWith("[")) {
            int end = value.indexOf(']');
            if (end < 0) {
                throw new IllegalArgumentException("an IPv6 address is written [address]:port");
            }
            host = value.substring(1, end);
            if (end + 1 < value.length()) {
                if (value.charAt(end + 1) != ':') {
                    throw new IllegalArgumentException("an IPv6 address is written [address]:port");
                }
                port = value.substring(end + 2);
            }
        } else {
            int colon = value.lastIndexOf(':');
            if (colon >= 0 && value.indexOf(':') != colon) {
                throw new IllegalArgumentException("an IPv6 address is written [address]:port");
            }
            host = colon < 0 ? value : value.substring(0, colon);
            port = colon < 0 ? null : value.substring(colon + 1);
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("names no host");
        }
        int number = DNS_PORT;
        if (port != null) {
            try {
                number = Integer.parseInt(port);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("the port must be a number from 1 to 65535");
            }
            if (number < 1 || number > 65535) {
                throw new IllegalArgumentException("the port must be a number from 1 to 65535");
            }
        }
        return new InetSocketAddress(host, number);
    }
}
