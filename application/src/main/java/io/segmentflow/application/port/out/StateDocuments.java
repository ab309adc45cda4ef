package io.segmentflow.application.port.out;

import java.util.Map;

/**
 * JSON object texts (template state, profile properties, event data) as plain Java values, for the application and
 * the domain, which read no JSON themselves.
 */
public interface StateDocuments {
    /**
     * The object as plain, unmodifiable Java values: Map (in document order), List, String, BigDecimal (integral
     * values with scale 0, so that 42, 42.0 and 4.2e1 are equal), Boolean and null. Blank text is the empty object.
     *
     * @throws io.segmentflow.domain.shared.InvalidValueException (field {@code json}) when the text is not a JSON
     *     object, or holds a number too large to compute with
     */
    Map<String, Object> read(String jsonObject);

    /** The JSON text of an object made of the values {@link #read} gives. */
    String write(Map<String, Object> object);
}
