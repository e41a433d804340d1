package playground.peer;

import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads a store record's value as a {@link Checked}: validation happens once,
 * as the record is read, so the timestamp extractor and every branch share it.
 */
final class CheckedDeserializer implements Deserializer<Checked> {
  private final Map<String, EventType> typeOfTopic;
  private final EventValidator validator;

  CheckedDeserializer(Map<String, EventType> typeOfTopic, EventValidator validator) {
    this.typeOfTopic = typeOfTopic;
    this.validator = validator;
  }

  @Override
  public Checked deserialize(String topic, byte[] data) {
    EventType expected = typeOfTopic.get(topic);
    if (expected == null) {
      throw new IllegalStateException("Cannot read record: " + topic + " is not a store topic");
    }
    return validator.classify(data, expected);
  }
}
