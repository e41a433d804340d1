package playground.peer;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import sun.misc.Signal;

/**
 * Wiring only: flags, topology, client, signals. Exit 0 after a stop, 1 on
 * failure, 2 on bad flags.
 */
public final class PeerMain {
  private static final long EMIT_TIMEOUT_MS = 15_000;

  private PeerMain() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    PeerOptions options;
    try {
      options = PeerOptions.parse(args);
    } catch (IllegalArgumentException error) {
      System.err.println(error.getMessage() + "\n\n" + PeerOptions.USAGE);
      System.exit(2);
      return;
    }
    if (options == null) {
      System.out.print(PeerOptions.USAGE);
      return;
    }
    Catalog catalog = Catalog.read(options.catalog);
    StopSignal stop = new StopSignal(options.drain);
    KafkaStreams streams =
        new KafkaStreams(PeerTopology.build(options, catalog, stop), options.streamsConfig());

    CountDownLatch done = new CountDownLatch(1);
    AtomicInteger exitCode = new AtomicInteger(0);
    streams.setUncaughtExceptionHandler(
        error -> {
          System.err.println("peer: failed: " + error);
          exitCode.set(1);
          done.countDown();
          return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
    // A handler instead of a shutdown hook: the JVM keeps running while the
    // tasks emit and the client commits, and the exit code stays ours.
    Signal.handle(new Signal("TERM"), signal -> done.countDown());
    Signal.handle(new Signal("INT"), signal -> done.countDown());

    say("peer: started application.id=" + options.applicationId);
    streams.start();
    done.await();
    stop.request();
    boolean emitted = exitCode.get() == 0 && stop.awaitEmitted(EMIT_TIMEOUT_MS);
    streams.close(Duration.ofSeconds(30));
    say("peer: stopped" + (emitted ? "" : " without emitting open windows"));
    System.exit(exitCode.get());
  }

  private static void say(String line) {
    System.out.println(line);
    System.out.flush();
  }
}
