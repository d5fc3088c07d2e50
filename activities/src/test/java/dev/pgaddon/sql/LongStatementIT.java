package dev.pgaddon.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pgaddon.control.ControlSettings;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import io.temporal.activity.ActivityOptions;
import io.temporal.testing.TestActivityEnvironment;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A statement that outlasts the connection's socket timeout (here 1 s, standing for the
 * connections' 120 s) still finishes inside a step that allows it (here 30 s), heartbeating, on
 * the real control database's PostgreSQL.
 */
class LongStatementIT {
  @ActivityInterface
  public interface SlowStep {
    @ActivityMethod(name = "SlowStep")
    String run(String sql);
  }

  private TestActivityEnvironment env;
  private final CopyOnWriteArrayList<Object> heartbeats = new CopyOnWriteArrayList<>();

  @BeforeEach
  void environment() {
    env = TestActivityEnvironment.newInstance();
    env.setActivityHeartbeatListener(Object.class, heartbeats::add);
  }

  @AfterEach
  void close() {
    env.close();
  }

  private static Connection withOneSecondSocketTimeout() throws SQLException {
    ControlSettings settings = ControlSettings.fromEnvironment();
    Properties props = new Properties();
    if (settings.user() != null) {
      props.setProperty("user", settings.user());
      props.setProperty("password", settings.password());
    }
    props.setProperty("socketTimeout", "1");
    return DriverManager.getConnection(settings.jdbcUrl(), props);
  }

  private SlowStep step(SlowStep impl, Duration startToClose) {
    env.registerActivitiesImplementations(impl);
    return env.newActivityStub(SlowStep.class, ActivityOptions.newBuilder().setStartToCloseTimeout(startToClose)
        .setRetryOptions(io.temporal.common.RetryOptions.newBuilder().setMaximumAttempts(1).build()).build());
  }

  @Test
  void aStatementLongerThanTheSocketTimeoutFinishesWithinItsStep() {
    SlowStep slow = step(sql -> {
      try (Connection c = withOneSecondSocketTimeout()) {
        LongStatement.execute(c, sql, "sleep", Duration.ofMinutes(1));
        return "done";
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    }, Duration.ofSeconds(30));

    assertEquals("done", slow.run("SELECT pg_sleep(6)"));
    assertTrue(heartbeats.stream().anyMatch(h -> String.valueOf(h).startsWith("sleep running for")), "heartbeats: " + heartbeats);
  }

  @Test
  void withoutItTheDriverCutsTheStatementOff() {
    SlowStep plain = step(sql -> {
      try (Connection c = withOneSecondSocketTimeout(); var s = c.createStatement()) {
        s.execute(sql);
        return "done";
      } catch (SQLException e) {
        throw new IllegalStateException(e.getMessage(), e);
      }
    }, Duration.ofSeconds(30));

    var failure = assertThrows(io.temporal.failure.ActivityFailure.class, () -> plain.run("SELECT pg_sleep(3)"));
    assertTrue(String.valueOf(failure.getCause().getMessage()).contains("I/O error"), failure.getCause().getMessage());
  }

  @Test
  void anSqlErrorKeepsItsMessage() {
    SlowStep failing = step(sql -> {
      try (Connection c = withOneSecondSocketTimeout()) {
        LongStatement.execute(c, sql, "bad", Duration.ofMinutes(1));
        return "done";
      } catch (SQLException e) {
        throw new IllegalStateException(e.getMessage(), e);
      }
    }, Duration.ofSeconds(30));

    var failure = assertThrows(io.temporal.failure.ActivityFailure.class, () -> failing.run("SELECT * FROM no_such_table"));
    assertTrue(failure.getCause().getMessage().contains("no_such_table"), failure.getCause().getMessage());
  }
}
