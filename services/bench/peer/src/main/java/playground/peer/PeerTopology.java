package playground.peer;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

/**
 * The peer's topology: one source over the five co-partitioned store topics
 * (so task p reads partition p of each, as our processor's tasks do), split
 * into dead letters and valid events; valid events go to the enriched topic
 * keyed by event type and through the windows of {@link MetricsProcessor}.
 */
final class PeerTopology {
  private PeerTopology() {}

  static Topology build(PeerOptions options, Catalog catalog, StopSignal stop) {
    StreamsBuilder builder = new StreamsBuilder();
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(MetricsProcessor.STORE),
                Serdes.String(),
                Serdes.ByteArray())
            .withCachingEnabled());

    Serializer<Checked> unused =
        (topic, value) -> {
          throw new UnsupportedOperationException("Checked records are never written");
        };
    Serde<Checked> checked =
        Serdes.serdeFrom(
            unused,
            new CheckedDeserializer(options.inputs, new EventValidator(options.maxEventBytes)));
    KStream<String, Checked> input =
        builder.stream(
            List.copyOf(options.inputs.keySet()),
            Consumed.with(Serdes.String(), checked)
                .withTimestampExtractor(new EventTimeExtractor())
                .withName("store-events"));

    Map<String, KStream<String, Checked>> split =
        input
            .split(Named.as("checked-"))
            .branch((key, value) -> !value.ok(), Branched.as("rejected"))
            .defaultBranch(Branched.as("valid"));
    split
        .get("checked-rejected")
        .processValues(DeadLetters::new, Named.as("dead-letters"))
        .to(options.deadLetter, Produced.with(Serdes.String(), Serdes.ByteArray()));

    KStream<String, Checked> valid = split.get("checked-valid");
    Enricher enricher = new Enricher(catalog);
    valid
        .process(() -> new EnrichProcessor(enricher), Named.as("enrich"))
        .to(options.enriched, Produced.with(Serdes.String(), Serdes.ByteArray()));
    valid
        .process(
            () -> new MetricsProcessor(options.latenessMs, catalog, stop),
            Named.as("windows"),
            MetricsProcessor.STORE)
        .to(options.metrics, Produced.with(Serdes.String(), Serdes.String()));
    return builder.build();
  }
}
