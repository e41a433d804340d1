package playground.peer;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks of single fields, with the limits of shared/schemas/events.ts (zod):
 * each failed check adds one issue, "path: what was expected".
 */
final class Fields {
  // zod 4's z.uuid() (RFC 9562 variants, plus the nil and max UUIDs).
  private static final Pattern UUID =
      Pattern.compile(
          "^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}"
              + "-[0-9a-fA-F]{12}|00000000-0000-0000-0000-000000000000"
              + "|ffffffff-ffff-ffff-ffff-ffffffffffff)$");
  // zod 4's z.iso.datetime({ offset: false }): a real calendar date, seconds, optional fraction, Z.
  private static final Pattern DATETIME =
      Pattern.compile(
          "^(?:(?:\\d\\d[2468][048]|\\d\\d[13579][26]|\\d\\d0[48]|[02468][048]00"
              + "|[13579][26]00)-02-29|\\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\\d|3[01])"
              + "|(?:0[469]|11)-(?:0[1-9]|[12]\\d|30)|(?:02)-(?:0[1-9]|1\\d|2[0-8])))"
              + "T(?:[01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(?:\\.\\d+)?Z$");
  private static final double MAX_SAFE_INTEGER = 9007199254740991.0;

  final List<String> issues = new ArrayList<>();

  private void fail(String path, String expected) {
    issues.add(path + ": " + expected);
  }

  /** A string of `min` to `max` UTF-16 units (as JavaScript counts length); null when it is not. */
  String string(JsonNode node, String path, int min, int max) {
    if (node == null || !node.isTextual()) {
      fail(path, "expected a string");
      return null;
    }
    String text = node.textValue();
    if (text.length() < min || text.length() > max) {
      fail(path, "expected " + min + " to " + max + " characters");
      return null;
    }
    return text;
  }

  /** A store id: 1 to 64 characters. */
  String id(JsonNode node, String path) {
    return string(node, path, 1, 64);
  }

  /** A game title: 1 to 200 characters. */
  String title(JsonNode node, String path) {
    return string(node, path, 1, 200);
  }

  void matches(JsonNode node, String path, Pattern pattern, String expected) {
    String text = string(node, path, 0, Integer.MAX_VALUE);
    if (text != null && !pattern.matcher(text).matches()) fail(path, expected);
  }

  void uuid(JsonNode node, String path) {
    matches(node, path, UUID, "expected a UUID");
  }

  void datetime(JsonNode node, String path) {
    matches(node, path, DATETIME, "expected an ISO 8601 UTC time");
  }

  void oneOf(JsonNode node, String path, Set<String> values) {
    String text = string(node, path, 0, Integer.MAX_VALUE);
    if (text != null && !values.contains(text)) fail(path, "expected one of " + values);
  }

  /** A price or total: a finite number from 0 to 100,000; NaN when it is not. */
  double money(JsonNode node, String path) {
    if (node == null || !node.isNumber() || !Double.isFinite(node.doubleValue())) {
      fail(path, "expected a number");
      return Double.NaN;
    }
    double value = node.doubleValue();
    if (value < 0 || value > 100_000) {
      fail(path, "expected a number from 0 to 100000");
      return Double.NaN;
    }
    return value;
  }

  /** A whole number at or above zero (a JavaScript safe integer); -1 when it is not. */
  long count(JsonNode node, String path) {
    double value = node != null && node.isNumber() ? node.doubleValue() : Double.NaN;
    if (!Double.isFinite(value) || value != Math.rint(value) || value > MAX_SAFE_INTEGER) {
      fail(path, "expected a whole number");
      return -1;
    }
    if (value < 0) {
      fail(path, "expected a number >= 0");
      return -1;
    }
    return (long) value;
  }

  /** An array of `min` to `max` items; null when it is not. */
  JsonNode array(JsonNode node, String path, int min, int max) {
    if (node == null || !node.isArray()) {
      fail(path, "expected an array");
      return null;
    }
    if (node.size() < min || node.size() > max) {
      fail(path, "expected " + min + " to " + max + " items");
      return null;
    }
    return node;
  }

  boolean object(JsonNode node, String path) {
    if (node != null && node.isObject()) return true;
    fail(path, "expected an object");
    return false;
  }

  void refine(boolean holds, String path, String message) {
    if (!holds) fail(path, message);
  }

  /** Cents, rounded as JavaScript's Math.round does (half up), so sums compare exactly. */
  static long cents(double amount) {
    return Math.round(amount * 100);
  }
}
