package dev.pgaddon.record;

import dev.pgaddon.operation.StepState;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;

/**
 * Keeps the control database current: what the nodes run after an operation, how the operation
 * ended, and (on a schedule) every addon's observed status and the versions on offer.
 */
@ActivityInterface
public interface ControlActivities {
  /**
   * @param status succeeded, failed or cancelled; the error fields are null on success
   * @param result the workflow's result on success (its secrets are left out when it is recorded)
   */
  record OperationEnded(String addonId, String runId, String status, String errorCode, String errorMessage,
      List<StepState> steps, Object result) {}

  record Recorded(String addonStatus) {}

  /** An operation no API call started (the watchdog's): its audit row, made by the workflow itself. */
  record OperationStarted(String addonId, String app, String kind, String workflowId, String runId, Object request) {}

  record Refreshed(int addons, int versions) {}

  @ActivityMethod(name = "RecordOperationStarted")
  void recordOperationStarted(OperationStarted input);

  @ActivityMethod(name = "RecordOperationEnded")
  Recorded recordOperationEnded(OperationEnded input);

  @ActivityMethod(name = "RefreshObservedStatus")
  Refreshed refreshAll();
}
