package io.segmentflow.adapters.out.render;

import io.segmentflow.application.port.out.StateDocuments;
import io.segmentflow.domain.shared.InvalidValueException;
import java.util.Map;

/**
 * JSON object texts as the plain values the renderer reads template state into ({@link StateJson}): one JSON
 * reading for rendering, profile properties and conditions. Maps and lists read here charge no render budget.
 */
public final class JsonStateDocuments implements StateDocuments {
    private final StateJson json = new StateJson();

    @Override
    public Map<String, Object> read(String jsonObject) {
        try {
            return json.parseObject(jsonObject, null);
        } catch (IllegalArgumentException e) {
            throw new InvalidValueException("json", e.getMessage());
        }
    }

    @Override
    public String write(Map<String, Object> object) {
        return json.writeObject(object);
    }
}
