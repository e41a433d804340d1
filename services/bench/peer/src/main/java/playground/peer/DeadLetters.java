package playground.peer;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * A rejected record as its dead letter: the original key and bytes, with the
 * headers of services/processor/dead_letter.ts naming its source and reason.
 */
final class DeadLetters implements FixedKeyProcessor<String, Checked, byte[]> {
  private static final int MAX_DETAIL = 2_000;
  private FixedKeyProcessorContext<String, byte[]> context;

  @Override
  public void init(FixedKeyProcessorContext<String, byte[]> context) {
    this.context = context;
  }

  @Override
  public void process(FixedKeyRecord<String, Checked> record) {
    Checked checked = record.value();
    RecordMetadata source = context.recordMetadata().orElseThrow();
    long now = context.currentSystemTimeMs();
    Headers headers = new RecordHeaders();
    add(headers, "dlq.source.topic", source.topic());
    add(headers, "dlq.source.partition", String.valueOf(source.partition()));
    add(headers, "dlq.source.offset", String.valueOf(source.offset()));
    add(headers, "dlq.reason", checked.reason());
    String detail = String.valueOf(checked.detail());
    add(headers, "dlq.detail", detail.substring(0, Math.min(detail.length(), MAX_DETAIL)));
    add(headers, "dlq.time", Iso.of(now));
    // The record's own timestamp is 0 (see EventTimeExtractor); the wall
    // clock keeps the dead letter inside the topic's retention.
    context.forward(record.withValue(checked.raw()).withHeaders(headers).withTimestamp(now));
  }

  private static void add(Headers headers, String name, String value) {
    headers.add(name, value.getBytes(StandardCharsets.UTF_8));
  }
}
