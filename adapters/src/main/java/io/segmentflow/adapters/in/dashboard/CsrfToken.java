package io.segmentflow.adapters.in.dashboard;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The token every dashboard form posts back as {@value #FIELD}: one per session, random, compared in constant time.
 * A form another site makes a browser post carries the session's cookie but cannot know the token.
 */
public final class CsrfToken {
    /** The form field, and the model attribute's name in templates. */
    public static final String FIELD = "_csrf";

    private static final String SESSION_ATTRIBUTE = "segmentflow.csrf";
    private static final SecureRandom RANDOM = new SecureRandom();

    private CsrfToken() {}

    /** The session's token, made on first use. */
    public static String of(HttpSession session) {
        synchronized (session) {
            Object token = session.getAttribute(SESSION_ATTRIBUTE);
            if (token instanceof String existing) {
                return existing;
            }
            byte[] bytes = new byte[32];
            RANDOM.nextBytes(bytes);
            String fresh = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            session.setAttribute(SESSION_ATTRIBUTE, fresh);
            return fresh;
        }
    }

    /** A new token for the session, when who it belongs to changed (at sign-in): a token known before is void. */
    public static String renew(HttpSession session) {
        synchronized (session) {
            session.removeAttribute(SESSION_ATTRIBUTE);
            return of(session);
        }
    }

    /** Whether the request posts its session's token; false without a session or a token. */
    public static boolean posted(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        String posted = request.getParameter(FIELD);
        if (session == null || posted == null || !(session.getAttribute(SESSION_ATTRIBUTE) instanceof String token)) {
            return false;
        }
        return MessageDigest.isEqual(
                token.getBytes(StandardCharsets.US_ASCII), posted.getBytes(StandardCharsets.US_ASCII));
    }
}
