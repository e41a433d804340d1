package playground.peer;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * Classifies a store record the way services/processor/validate.ts does:
 * cheap checks first (size, JSON, object, known type, type of its topic),
 * then the schema. Never throws, so a poison record cannot stop a task.
 */
final class EventValidator {
  private final ObjectMapper json =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private final int maxBytes;

  EventValidator(int maxBytes) {
    this.maxBytes = maxBytes;
  }

  Checked classify(byte[] value, EventType expected) {
    if (value == null || value.length == 0) {
      return Checked.rejected("empty", "record has no value", value);
    }
    if (value.length > maxBytes) {
      return Checked.rejected(
          "oversized", value.length + " bytes is over the limit of " + maxBytes, value);
    }
    JsonNode node;
    try {
      node = json.readTree(value);
    } catch (JacksonException error) {
      return Checked.rejected("invalid_json", error.getOriginalMessage(), value);
    } catch (java.io.IOException | RuntimeException error) {
      return Checked.rejected("invalid_json", String.valueOf(error.getMessage()), value);
    }
    if (!(node instanceof ObjectNode event)) {
      return Checked.rejected("not_an_object", "expected a JSON object", value);
    }
    JsonNode typeNode = event.get("event_type");
    EventType type =
        typeNode != null && typeNode.isTextual() ? EventType.fromWire(typeNode.textValue()) : null;
    if (type == null) {
      return Checked.rejected("unknown_type", "event_type: unknown " + typeNode, value);
    }
    if (type != expected) {
      return Checked.rejected(
          "wrong_topic",
          "event_type: " + type.wire + " does not belong on the " + expected.wire + " topic",
          value);
    }
    List<String> issues = EventSchema.issues(type, event);
    if (!issues.isEmpty()) {
      return Checked.rejected("schema", String.join("; ", issues), value);
    }
    try {
      long time = Instant.parse(event.get("timestamp").textValue()).toEpochMilli();
      return Checked.valid(type, time, event);
    } catch (DateTimeParseException error) {
      return Checked.rejected("schema", "timestamp: " + error.getMessage(), value);
    }
  }
}
