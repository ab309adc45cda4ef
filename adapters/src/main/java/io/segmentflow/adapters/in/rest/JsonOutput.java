package io.segmentflow.adapters.in.rest;

import jakarta.json.JsonObjectBuilder;
import jakarta.json.stream.JsonGenerator;

/** How answers write optional values: present as JSON null, never left out, so clients see every field. */
final class JsonOutput {
    private JsonOutput() {}

    static void nullable(JsonObjectBuilder json, String name, String value) {
        if (value == null) {
            json.addNull(name);
        } else {
            json.add(name, value);
        }
    }

    static void nullable(JsonGenerator json, String name, String value) {
        if (value == null) {
            json.writeNull(name);
        } else {
            json.write(name, value);
        }
    }
}
