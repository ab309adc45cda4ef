package io.segmentflow.application;

import io.segmentflow.application.error.ValidationFailedException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

/**
 * One page of a list in a stable order; {@code nextCursor} (what the caller passes to get the next page) is null on
 * the last page.
 */
public record Page<T>(List<T> data, boolean hasMore, String nextCursor) {
    public Page {
        data = List.copyOf(data);
    }

    /**
     * @throws ValidationFailedException (field {@code limit}) when the limit is not 1..{@code max}
     */
    public static void checkLimit(int limit, int max) {
        if (limit < 1 || limit > max) {
            throw new ValidationFailedException("limit", "must be a whole number from 1 to " + max);
        }
    }

    /**
     * The page of {@code rows}, read with one row more than {@code limit}: that one tells whether another page
     * follows, without counting.
     *
     * @param cursorOf the cursor that continues after a row
     */
    public static <T> Page<T> of(List<T> rows, int limit, Function<T, String> cursorOf) {
        if (rows.size() <= limit) {
            return new Page<>(rows, false, null);
        }
        List<T> page = rows.subList(0, limit);
        return new Page<>(page, true, cursorOf.apply(page.get(limit - 1)));
    }

    private static final String CURSOR_RULE = "must be the nextCursor of a page";

    /** A cursor that continues after the row with this id; opaque to callers, so that paging may change. */
    public static String cursorAfter(String id) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(id.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The id of the row a page's {@code nextCursor} continues after; null for no cursor (the first page).
     *
     * @throws ValidationFailedException (field {@code cursor}) for a cursor no page gave
     */
    public static String idAfter(String cursor) {
        if (cursor == null) {
            return null;
        }
        String id;
        try {
            id = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new ValidationFailedException("cursor", CURSOR_RULE);
        }
        if (id.isEmpty() || id.length() > 40 || !id.chars().allMatch(c -> c >= '0' && c <= 'z')) {
            throw new ValidationFailedException("cursor", CURSOR_RULE);
        }
        return id;
    }
}
