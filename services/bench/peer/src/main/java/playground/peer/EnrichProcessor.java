package playground.peer;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * A valid event as its enriched record, keyed by event type and stamped with
 * the wall clock: event time can run ahead of it by more than the broker
 * accepts (log.message.timestamp.after.max.ms), as our processor's sends are.
 */
final class EnrichProcessor implements Processor<String, Checked, String, byte[]> {
  private final Enricher enricher;
  private ProcessorContext<String, byte[]> context;

  EnrichProcessor(Enricher enricher) {
    this.enricher = enricher;
  }

  @Override
  public void init(ProcessorContext<String, byte[]> context) {
    this.context = context;
  }

  @Override
  public void process(Record<String, Checked> record) {
    Checked event = record.value();
    context.forward(
        record
            .withKey(event.type().wire)
            .withValue(enricher.enrich(event))
            .withTimestamp(context.currentSystemTimeMs()));
  }
}
