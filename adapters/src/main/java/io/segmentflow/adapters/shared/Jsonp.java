package io.segmentflow.adapters.shared;

import jakarta.json.spi.JsonProvider;

/** The JSON Processing provider, for every adapter that reads or writes JSON. */
public final class Jsonp {
    /** Looked up once: each static {@code Json.create...} call looks the provider up again, which costs. */
    public static final JsonProvider PROVIDER = JsonProvider.provider();

    private Jsonp() {}
}
