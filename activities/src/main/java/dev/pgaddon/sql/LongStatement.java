package dev.pgaddon.sql;

import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A statement that may run as long as its step allows (CHECKPOINT, ANALYZE of a large table): the
 * connection's socket timeout is raised to the step's own start-to-close timeout, so the driver
 * never cuts off what the step still waits for, and the step heartbeats while it runs.
 */
public final class LongStatement {
  private static final ExecutorService RUNNER = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "pgaddon-long-statement");
    t.setDaemon(true);
    return t;
  });
  private static final long HEARTBEAT_MILLIS = 5_000;

  private LongStatement() {}

  /** Runs {@code sql} on {@code c}, from inside an activity. */
  public static void execute(Connection c, String sql, String what) throws SQLException {
    ActivityExecutionContext activity = Activity.getExecutionContext();
    Duration allowed = activity.getInfo().getStartToCloseTimeout();
    if (allowed != null && !allowed.isZero()) {
      c.setNetworkTimeout(Runnable::run, (int) Math.min(Integer.MAX_VALUE, allowed.toMillis()));
    }
    long started = System.nanoTime();
    Future<Boolean> running = RUNNER.submit(() -> {
      try (Statement s = c.createStatement()) {
        return s.execute(sql);
      }
    });
    try {
      while (true) {
        try {
          running.get(HEARTBEAT_MILLIS, TimeUnit.MILLISECONDS);
          return;
        } catch (TimeoutException stillRunning) {
          activity.heartbeat(what + " running for " + (System.nanoTime() - started) / 1_000_000_000L + " s");
        }
      }
    } catch (ExecutionException e) {
      if (e.getCause() instanceof SQLException sqlError) {
        throw sqlError;
      }
      throw new IllegalStateException(what + " failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running.cancel(true);
      throw new IllegalStateException(what + " interrupted", e);
    } catch (RuntimeException heartbeatRefused) {
      // The step was cancelled or timed out: the statement is abandoned with its connection.
      running.cancel(true);
      throw heartbeatRefused;
    }
  }
}
