package dev.pgaddon.record;

import dev.pgaddon.operation.Failures;
import dev.pgaddon.operation.Progress;
import dev.pgaddon.operation.ProgressTracker;
import dev.pgaddon.operation.StepState;
import dev.pgaddon.record.ControlActivities.OperationEnded;
import dev.pgaddon.record.ControlActivities.OperationStarted;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * Wraps an operation so that its end (success or failure) is written to the control database,
 * with what the nodes run then. Recording never changes the operation's outcome: a control
 * database that does not answer is caught up by the status refresh.
 */
public final class OperationRecorder {
  /** Runs recorded before the control database existed replay without the recording activity. */
  public static final String RECORD_IN_CONTROL_DATABASE = "record-in-control-database";
  private static final Logger log = Workflow.getLogger(OperationRecorder.class);

  /** Retried for a few minutes: a restarting control database should not lose the record. */
  private static final ActivityOptions OPTIONS = ActivityOptions.newBuilder()
      .setStartToCloseTimeout(Duration.ofMinutes(1))
      .setHeartbeatTimeout(dev.pgaddon.operation.StepOptions.HEARTBEAT)
      .setRetryOptions(RetryOptions.newBuilder().setInitialInterval(Duration.ofSeconds(1))
          .setMaximumInterval(Duration.ofSeconds(30)).setMaximumAttempts(10).build())
      .build();

  private OperationRecorder() {}

  /** The audit row of an operation that no API call started (the API writes its own). */
  public static void started(String addonId, String app, String kind, Object request) {
    OperationStarted started = new OperationStarted(addonId, app, kind, Workflow.getInfo().getWorkflowId(),
        Workflow.getInfo().getFirstExecutionRunId(), request);
    try {
      Workflow.newActivityStub(ControlActivities.class, OPTIONS).recordOperationStarted(started);
    } catch (ActivityFailure notRecorded) {
      log.warn("operation start of {} not recorded in the control database: {}", addonId,
          Failures.rootMessage(notRecorded));
    }
  }

  public static <T> T record(String addonId, Supplier<Progress> progress, Supplier<T> operation) {
    if (Workflow.getVersion(RECORD_IN_CONTROL_DATABASE, Workflow.DEFAULT_VERSION, 1) == Workflow.DEFAULT_VERSION) {
      return operation.get();
    }
    T result;
    try {
      result = operation.get();
    } catch (RuntimeException e) {
      if (cancelled(e)) {
        ended(addonId, progress, "cancelled", "cancelled", "the operation was cancelled", null);
        throw e;
      }
      ended(addonId, progress, "failed", Failures.code(e), Failures.message(e), null);
      throw e;
    }
    ended(addonId, progress, "succeeded", null, null, result);
    return result;
  }

  /** A cancel reaches the workflow as such, or wrapped in the failure of the activity it interrupted. */
  private static boolean cancelled(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof CanceledFailure) {
        return true;
      }
    }
    return false;
  }

  private static void ended(String addonId, Supplier<Progress> progress, String status, String code, String message,
      Object result) {
    Progress p = progress.get();
    List<StepState> steps = p == null ? List.of() : p.steps();
    OperationEnded ended = new OperationEnded(addonId, Workflow.getInfo().getFirstExecutionRunId(), status, code, message, steps,
        result);
    ControlActivities control = Workflow.newActivityStub(ControlActivities.class, OPTIONS);
    // Detached: a cancelled operation is still recorded as such.
    Workflow.newDetachedCancellationScope(() -> {
      try {
        control.recordOperationEnded(ended);
      } catch (ActivityFailure notRecorded) {
        log.warn("operation end of {} not recorded in the control database: {}", addonId,
            Failures.rootMessage(notRecorded));
      }
    }).run();
  }


}
