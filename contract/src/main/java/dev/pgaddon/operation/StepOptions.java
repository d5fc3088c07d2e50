package dev.pgaddon.operation;

import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
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

  /**
   * How soon a step whose worker was lost is given to another worker. Every step of the main task
   * queue heartbeats in the background while it runs, even blocked in a long call (the worker's
   * LivenessHeartbeats): this bounds how long a lost worker goes unnoticed, not how long a step may
   * take. PGADDON_HEARTBEAT_TIMEOUT_SECONDS (or -Dpgaddon.heartbeat.timeout.seconds), 30 by default.
   */
  public static final Duration HEARTBEAT = heartbeatTimeout();

  /** Docker calls answer in seconds; every node activity is idempotent, so retries are safe. */
  public static final ActivityOptions NODE_DEFAULT = ActivityOptions.newBuilder()
      .setHeartbeatTimeout(HEARTBEAT)
      .setStartToCloseTimeout(Duration.ofMinutes(2))
      .setRetryOptions(RETRY_TRANSIENT)
      .build();

  public static final Map<String, ActivityOptions> NODE_PER_METHOD = Map.of(
      // Starting waits for recovery of the data directory; it heartbeats while it waits.
      "StartNode", NODE_DEFAULT.toBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(5))
          .build(),
      // A base backup copies the whole database: time grows with data size (heartbeats carry the bytes copied).
      "CloneFollowerFromPrimary", NODE_DEFAULT.toBuilder()
          .setStartToCloseTimeout(Duration.ofHours(6))
          .setRetryOptions(RETRY_TRANSIENT.toBuilder().setMaximumAttempts(3).build())
          .build(),
      // Stops the node first (up to the stop timeout), then starts it again and waits for recovery.
      "RecreateNodeWithPlan", NODE_DEFAULT.toBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(5))
          .build(),
      // A rewind is quick; a rebuild copies the database (heartbeats while it runs).
      "RejoinAsFollower", NODE_DEFAULT.toBuilder()
          .setStartToCloseTimeout(Duration.ofHours(6))
          .setRetryOptions(RETRY_TRANSIENT.toBuilder().setMaximumAttempts(3).build())
          .build(),
      // The hook may call the application over HTTP; it reports failure rather than retrying forever.
      "NotifyApplication", NODE_DEFAULT.toBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(1))
          .setRetryOptions(RETRY_TRANSIENT.toBuilder().setMaximumAttempts(2).build())
          .build(),
      // Clean-up must finish: nothing may be left behind, so it keeps trying.
      "RemoveAddonResources", NODE_DEFAULT.toBuilder()
          .setRetryOptions(RETRY_TRANSIENT.toBuilder().setMaximumAttempts(20).build())
          .build());

  /** SQL statements here are short; a connection refused right after a start is worth a retry. */
  public static final ActivityOptions SQL_DEFAULT = ActivityOptions.newBuilder()
      .setHeartbeatTimeout(HEARTBEAT)
      .setStartToCloseTimeout(Duration.ofMinutes(1))
      .setRetryOptions(RETRY_TRANSIENT)
      .build();

  public static final Map<String, ActivityOptions> SQL_PER_METHOD = Map.of(
      // The follower needs to finish recovery and connect; it heartbeats the replication state.
      "AwaitStreamingReplication", SQL_DEFAULT.toBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(5))
          .build(),
      // A checkpoint writes every dirty buffer: with a large shared_buffers that takes a while.
      "Checkpoint", SQL_DEFAULT.toBuilder().setStartToCloseTimeout(Duration.ofMinutes(5)).build(),
      // Catching up before a switchover: its own deadline (120 s) inside, whose failure is not retried,
      // so a follower that cannot catch up fails the change before anything else is touched; an
      // attempt lost with its worker is retried.
      "AwaitFollowerReplay", SQL_DEFAULT.toBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(3))
          .build());

  /** PgBouncer's admin console answers at once; RESUME must get through, so it keeps trying. */
  public static final ActivityOptions ENDPOINT_DEFAULT = ActivityOptions.newBuilder()
      .setHeartbeatTimeout(HEARTBEAT)
      .setStartToCloseTimeout(Duration.ofSeconds(30))
      .setRetryOptions(RETRY_TRANSIENT.toBuilder().setInitialInterval(Duration.ofMillis(200)).build())
      .build();

  public static final Map<String, ActivityOptions> ENDPOINT_PER_METHOD = Map.of(
      "StartEndpoint", ENDPOINT_DEFAULT.toBuilder().setStartToCloseTimeout(Duration.ofMinutes(2)).build(),
      // PAUSE waits for running transactions to end; a long one must not hold the operation forever.
      "PauseEndpoint", ENDPOINT_DEFAULT.toBuilder().setStartToCloseTimeout(Duration.ofSeconds(60)).build(),
      "ResumeEndpoint", ENDPOINT_DEFAULT.toBuilder()
          .setRetryOptions(RETRY_TRANSIENT.toBuilder().setInitialInterval(Duration.ofMillis(200))
              .setMaximumAttempts(0).build())
          .setScheduleToCloseTimeout(Duration.ofMinutes(30))
          .build());

  /**
   * The steps that run while the endpoint holds client traffic are local activities: they run in
   * the worker within one workflow task, without a round trip to the server between two steps, so
   * the clients' stall is the steps' own time. They are still recorded, retried and idempotent.
   */
  public static final LocalActivityOptions HELD_TRAFFIC_DEFAULT = LocalActivityOptions.newBuilder()
      .setStartToCloseTimeout(Duration.ofMinutes(2))
      .setRetryOptions(RETRY_TRANSIENT.toBuilder().setInitialInterval(Duration.ofMillis(200)).build())
      .build();

  public static final Map<String, LocalActivityOptions> HELD_TRAFFIC_PER_METHOD = Map.of(
      // A follower that is late must fail the switchover at once (the primary stays primary).
      "AwaitFollowerReplay", HELD_TRAFFIC_DEFAULT.toBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(30))
          .setRetryOptions(RETRY_TRANSIENT.toBuilder().setMaximumAttempts(1).build())
          .build(),
      // A restart may wait 60 s for the stop and 240 s for recovery: longer than that is a hung attempt.
      "RecreateNodeWithPlan", HELD_TRAFFIC_DEFAULT.toBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(6))
          .build(),
      // Clients must never stay held: RESUME keeps trying (for half an hour at most).
      "ResumeEndpoint", HELD_TRAFFIC_DEFAULT.toBuilder()
          .setScheduleToCloseTimeout(Duration.ofMinutes(30))
          .setRetryOptions(RETRY_TRANSIENT.toBuilder().setInitialInterval(Duration.ofMillis(200))
              .setMaximumAttempts(0).build())
          .build());

  /** A node that does not answer within this is taken as down while clients are held. */
  public static final LocalActivityOptions HELD_TRAFFIC_PROBE = HELD_TRAFFIC_DEFAULT.toBuilder()
      .setStartToCloseTimeout(Duration.ofSeconds(10))
      .setRetryOptions(RETRY_TRANSIENT.toBuilder().setMaximumAttempts(1).build())
      .build();

  /** Backups and restores copy the whole database: their time grows with its size; they heartbeat while they run. */
  public static final ActivityOptions BACKUP_DEFAULT = ActivityOptions.newBuilder()
      .setHeartbeatTimeout(HEARTBEAT)
      .setStartToCloseTimeout(Duration.ofMinutes(5))
      .setRetryOptions(RETRY_TRANSIENT)
      .build();

  public static final Map<String, ActivityOptions> BACKUP_PER_METHOD = Map.of(
      "TakeBackup", BACKUP_DEFAULT.toBuilder().setStartToCloseTimeout(Duration.ofHours(12))
          .setRetryOptions(RETRY_TRANSIENT.toBuilder().setMaximumAttempts(3).build()).build(),
      // Untar plus WAL replay: a day of WAL on a large database takes hours.
      "RestoreDataDirectory", BACKUP_DEFAULT.toBuilder().setStartToCloseTimeout(Duration.ofHours(12))
          .setRetryOptions(RETRY_TRANSIENT.toBuilder().setMaximumAttempts(3).build()).build(),
      // The user's data goes back whatever happens: it keeps trying.
      "PutBackDataDirectory", BACKUP_DEFAULT.toBuilder()
          .setRetryOptions(RETRY_TRANSIENT.toBuilder().setMaximumAttempts(20).build()).build(),
      // A segment is archived in seconds; a failing archive_command is worth waiting a little for.
      "ArchiveWalNow", BACKUP_DEFAULT.toBuilder().setStartToCloseTimeout(Duration.ofMinutes(3)).build(),
      "ApplyRetention", BACKUP_DEFAULT.toBuilder().setStartToCloseTimeout(Duration.ofMinutes(30)).build());

  /** pg_upgrade refused or failed on its own: running it again on the same data gives the same answer. */
  public static final String PG_UPGRADE_FAILED = "PgUpgradeFailed";

  /** The PostgreSQL tools of a major upgrade run in one-shot containers and heartbeat while they run. */
  public static final ActivityOptions UPGRADE_DEFAULT = ActivityOptions.newBuilder()
      .setHeartbeatTimeout(HEARTBEAT)
      .setStartToCloseTimeout(Duration.ofMinutes(10))
      .setRetryOptions(RETRY_TRANSIENT)
      .build();

  public static final Map<String, ActivityOptions> UPGRADE_PER_METHOD = Map.of(
      // Hard links make pg_upgrade's time follow the catalog, not the data; hours cover huge catalogs.
      // A retry (worker lost midway) restores the old directory and starts over, which the script
      // makes safe; pg_upgrade's own failure is not retried (a failed pg_upgrade fails again).
      "RunPgUpgrade", UPGRADE_DEFAULT.toBuilder()
          .setStartToCloseTimeout(Duration.ofHours(6))
          .setRetryOptions(RETRY_TRANSIENT.toBuilder().setMaximumAttempts(3)
              .setDoNotRetry(Failures.INVALID_REQUEST, PG_UPGRADE_FAILED).build())
          .build(),
      // The rollback must happen: the old cluster is the user's database.
      "RestoreOldDataDirectory", UPGRADE_DEFAULT.toBuilder()
          .setRetryOptions(RETRY_TRANSIENT.toBuilder().setMaximumAttempts(20).build())
          .build(),
      // ANALYZE and base backups read the whole database: time grows with data size.
      "AnalyzeStage", UPGRADE_DEFAULT.toBuilder().setStartToCloseTimeout(Duration.ofHours(12)).build(),
      "TakeBaseBackup", UPGRADE_DEFAULT.toBuilder().setStartToCloseTimeout(Duration.ofHours(12)).build());

  /**
   * After the new major's server has started on the linked files, the old cluster cannot come back:
   * from there on every step is retried until it succeeds (an operator sees the attempts in the Web
   * UI) instead of failing the operation halfway.
   */
  public static ActivityOptions forwardOnly(ActivityOptions options) {
    return options.toBuilder()
        .setRetryOptions(RETRY_TRANSIENT.toBuilder().setMaximumAttempts(0).setMaximumInterval(Duration.ofMinutes(1)).build())
        .setScheduleToCloseTimeout(null)
        .build();
  }

  public static Map<String, ActivityOptions> forwardOnly(Map<String, ActivityOptions> perMethod) {
    Map<String, ActivityOptions> forward = new java.util.HashMap<>();
    perMethod.forEach((method, options) -> forward.put(method, forwardOnly(options)));
    return forward;
  }

  /** PGADDON_HEARTBEAT_TIMEOUT_SECONDS (3 or more, validated with the process's settings). */
  private static Duration heartbeatTimeout() {
    return dev.pgaddon.settings.PlatformSettings.current().heartbeatTimeout();
  }

  private StepOptions() {}
}
