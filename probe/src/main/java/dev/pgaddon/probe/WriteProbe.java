package dev.pgaddon.probe;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A client as an application would be: one connection through the addon's endpoint, a small
 * write transaction every interval, reconnecting after an error. It records what a user would
 * feel: failed transactions, the longest stall, the total time without a successful write, and
 * whether every committed row is still there at the end.
 */
public final class WriteProbe implements AutoCloseable {
  private final String url;
  private final long intervalNanos;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Thread thread;
  private final List<Long> committed = new ArrayList<>();
  private long attempts;
  private long failures;
  private long longestStallNanos;
  private long downtimeNanos;
  private String firstError;

  public record Report(long attempts, long committed, long failed, long longestStallMs, long downtimeMs,
      long missingAfterwards, String firstError) {
    @Override
    public String toString() {
      return String.format("attempts=%d committed=%d failed=%d longest_stall_ms=%d downtime_ms=%d missing_rows=%d%s",
          attempts, committed, failed, longestStallMs, downtimeMs, missingAfterwards,
          firstError == null ? "" : " first_error=\"" + firstError + "\"");
    }
  }

  private WriteProbe(String url, long intervalMillis) {
    this.url = url;
    this.intervalNanos = intervalMillis * 1_000_000L;
    this.thread = new Thread(this::loop, "write-probe");
  }

  /** Starts writing; the probe's table is created first, so a failure here is the caller's. */
  public static WriteProbe start(String postgresUrl, long intervalMillis) throws SQLException {
    WriteProbe probe = new WriteProbe(postgresUrl, intervalMillis);
    try (Connection c = probe.connect(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS probe_writes (id bigint PRIMARY KEY, at timestamptz NOT NULL DEFAULT now())");
      s.execute("TRUNCATE probe_writes");
    }
    probe.thread.start();
    return probe;
  }

  private void loop() {
    Connection connection = null;
    long id = 0;
    long lastSuccess = System.nanoTime();
    long failingSince = -1;
    long next = System.nanoTime();
    while (running.get()) {
      long begin = System.nanoTime();
      attempts++;
      try {
        if (connection == null) {
          connection = connect();
        }
        try (PreparedStatement ps = connection.prepareStatement("INSERT INTO probe_writes (id) VALUES (?)")) {
          ps.setLong(1, ++id);
          ps.executeUpdate();
        }
        long end = System.nanoTime();
        synchronized (this) {
          committed.add(id);
          // The stall is the gap a client saw since its previous successful write, less the interval it waits anyway.
          longestStallNanos = Math.max(longestStallNanos, end - lastSuccess - intervalNanos);
          if (failingSince >= 0) {
            downtimeNanos += end - failingSince;
          }
        }
        failingSince = -1;
        lastSuccess = end;
      } catch (SQLException e) {
        if (failingSince < 0) {
          failingSince = begin;
        }
        synchronized (this) {
          failures++;
          if (firstError == null) {
            firstError = e.getMessage();
          }
        }
        closeQuietly(connection);
        connection = null;
      }
      next += intervalNanos;
      long sleep = next - System.nanoTime();
      if (sleep > 0) {
        sleepNanos(sleep);
      } else {
        next = System.nanoTime();
      }
    }
    closeQuietly(connection);
  }

  /** Stops writing and checks that every committed row is there. */
  public Report stop() throws SQLException, InterruptedException {
    running.set(false);
    thread.join();
    long missing;
    List<Long> ids;
    synchronized (this) {
      ids = new ArrayList<>(committed);
    }
    try (Connection c = connect(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM probe_writes")) {
      rs.next();
      missing = ids.size() - rs.getLong(1);
    }
    synchronized (this) {
      return new Report(attempts, ids.size(), failures, longestStallNanos / 1_000_000, downtimeNanos / 1_000_000,
          Math.max(missing, 0), firstError);
    }
  }

  @Override
  public void close() {
    running.set(false);
  }

  private Connection connect() throws SQLException {
    return PostgresUrl.connect(url);
  }

  private static void closeQuietly(Connection c) {
    if (c != null) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // the connection is broken already
      }
    }
  }

  private static void sleepNanos(long nanos) {
    try {
      Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
