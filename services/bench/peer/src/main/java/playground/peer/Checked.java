package playground.peer;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A store record after validation: a valid event with its event time, or the
 * reason it goes to the dead-letter topic with the original bytes.
 */
record Checked(
    EventType type, long time, ObjectNode event, String reason, String detail, byte[] raw) {

  static Checked valid(EventType type, long time, ObjectNode event) {
    return new Checked(type, time, event, null, null, null);
  }

  static Checked rejected(String reason, String detail, byte[] raw) {
    return new Checked(null, 0, null, reason, detail, raw);
  }

  boolean ok() {
    return reason == null;
  }
}
