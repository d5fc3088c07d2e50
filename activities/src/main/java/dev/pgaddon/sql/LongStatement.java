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
 * A statement that may run long (CHECKPOINT, ANALYZE of a large table): the connection's socket
 * timeout is raised to what the statement may take (its own limit, and never beyond its step's
 * start-to-close timeout), so the driver does not cut off what the step still waits for; the step
 * heartbeats while it runs. A statement cut off or abandoned is cancelled on the server.
 */
public final class LongStatement {
  private static final ExecutorService RUNNER = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "pgaddon-long-statement");
    t.setDaemon(true);
    return t;
  });
  private static final long HEARTBEAT_MILLIS = 5_000;

  private LongStatement() {}

  /** Runs {@code sql} on {@code c}, from inside an activity, for at most {@code limit}. */
  public static void execute(Connection c, String sql, String what, Duration limit) throws SQLException {
    ActivityExecutionContext activity = Activity.getExecutionContext();
    Duration step = activity.getInfo().getStartToCloseTimeout();
    Duration allowed = step == null || step.isZero() || step.compareTo(limit) > 0 ? limit : step;
    c.setNetworkTimeout(Runnable::run, (int) Math.min(Integer.MAX_VALUE, allowed.toMillis()));
    long started = System.nanoTime();
    Statement statement = c.createStatement();
    Future<Boolean> running = RUNNER.submit(() -> {
      try (statement) {
        return statement.execute(sql);
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
      cancel(statement);
      throw new IllegalStateException(what + " interrupted", e);
    } catch (RuntimeException heartbeatRefused) {
      // The step was cancelled or timed out: the server stops the statement too.
      cancel(statement);
      throw heartbeatRefused;
    }
  }

  private static void cancel(Statement statement) {
    try {
      statement.cancel();
    } catch (SQLException alreadyOver) {
      // nothing runs any more
    }
  }
}
