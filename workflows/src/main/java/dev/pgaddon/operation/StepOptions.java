package dev.pgaddon.operation;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;
import java.util.Map;

/** Timeouts and retries of every activity, in one place, each with its reason. */
public final class StepOptions {
  private static final RetryOptions RETRY_TRANSIENT = RetryOptions.newBuilder()
      .setInitialInterval(Duration.ofSeconds(1))
      .setBackoffCoefficient(2)
      .setMaximumInterval(Duration.ofSeconds(20))
      .setMaximumAttempts(5)
      .setDoNotRetry(Failures.INVALID_REQUEST)
      .build();

  /** Docker calls answer in seconds; every node activity is idempotent, so retries are safe. */
  public static final ActivityOptions NODE_DEFAULT = ActivityOptions.newBuilder()
      .setStartToCloseTimeout(Duration.ofMinutes(2))
      .setRetryOptions(RETRY_TRANSIENT)
      .build();

  public static final Map<String, ActivityOptions> NODE_PER_METHOD = Map.of(
      // Starting waits for recovery of the data directory; it heartbeats while it waits.
      "StartNode", NODE_DEFAULT.toBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(5))
          .setHeartbeatTimeout(Duration.ofSeconds(30))
          .build(),
      // A base backup copies the whole database: time grows with data size (heartbeats carry the bytes copied).
      "CloneFollowerFromPrimary", NODE_DEFAULT.toBuilder()
          .setStartToCloseTimeout(Duration.ofHours(6))
          .setHeartbeatTimeout(Duration.ofMinutes(1))
          .setRetryOptions(RETRY_TRANSIENT.toBuilder().setMaximumAttempts(3).build())
          .build(),
      // Clean-up must finish: nothing may be left behind, so it keeps trying.
      "RemoveAddonResources", NODE_DEFAULT.toBuilder()
          .setRetryOptions(RETRY_TRANSIENT.toBuilder().setMaximumAttempts(20).build())
          .build());

  /** SQL statements here are short; a connection refused right after a start is worth a retry. */
  public static final ActivityOptions SQL_DEFAULT = ActivityOptions.newBuilder()
      .setStartToCloseTimeout(Duration.ofMinutes(1))
      .setRetryOptions(RETRY_TRANSIENT)
      .build();

  public static final Map<String, ActivityOptions> SQL_PER_METHOD = Map.of(
      // The follower needs to finish recovery and connect; it heartbeats the replication state.
      "AwaitStreamingReplication", SQL_DEFAULT.toBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(5))
          .setHeartbeatTimeout(Duration.ofSeconds(30))
          .build());

  private StepOptions() {}
}
