package playground.peer;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Event time from the event's own `timestamp`. A rejected record gets 0, so
 * that Kafka Streams takes it at once, ahead of every valid event (our
 * processor's merge does the same), and it never moves stream time.
 */
final class EventTimeExtractor implements TimestampExtractor {
  @Override
  public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
    return record.value() instanceof Checked checked && checked.ok()
        ? Math.max(0, checked.time())
        : 0;
  }
}
