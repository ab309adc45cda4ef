package io.segmentflow.domain.shared;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The one way to take a SHA-256 digest of text, as 64 lower-case hex digits. */
public final class Sha256 {
    private static final int CHUNK_CHARS = 4096;

    private Sha256() {}

    /** Over the text's UTF-8 bytes: for secrets, which are ASCII and must hash as other tools hash them. */
    public static String ofUtf8(String text) {
        return HexFormat.of().formatHex(digest().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Over the text's UTF-16 code units: for telling texts apart. Encoding to bytes would replace unpaired
     * surrogates, so two different texts could digest alike.
     */
    public static String ofChars(CharSequence text) {
        MessageDigest sha256 = digest();
        // Sized to the text: most are a request's few hundred characters, hashed once per item.
        byte[] bytes = new byte[2 * Math.min(CHUNK_CHARS, text.length())];
        for (int start = 0; start < text.length(); start += CHUNK_CHARS) {
            int end = Math.min(text.length(), start + CHUNK_CHARS);
            for (int i = start; i < end; i++) {
                char c = text.charAt(i);
                bytes[2 * (i - start)] = (byte) (c >>> 8);
                bytes[2 * (i - start) + 1] = (byte) c;
            }
            sha256.update(bytes, 0, 2 * (end - start));
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
