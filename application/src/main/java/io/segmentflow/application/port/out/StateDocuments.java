package io.segmentflow.application.port.out;

import java.util.Map;

/** Reads JSON object texts of template state (Profile properties, event data) into plain Java values. */
public interface StateDocuments {
    /**
     * The object's members as plain Java values: Map, List, String, BigDecimal, Boolean or null.
     *
     * @throws IllegalArgumentException when the text is not a JSON object
     */
    Map<String, Object> read(String jsonObject);

    /** {@code properties} with {@code patch}'s members merged in at the top level; a null member removes the key. */
    String merge(String properties, String patch);
}
