package dev.pgaddon.it;

import dev.pgaddon.control.OperationRecord;
import dev.pgaddon.operation.WorkflowIds;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowNotFoundException;
import java.util.List;

/**
 * What the control plane does on its own, as the tests wait for it: an addon's watchdog, the
 * operations it starts, and the operations the control database recorded.
 */
record Operations(Stack stack, PostgresAssertions postgres) {
  /** Waits until the addon's watchdog runs and its primary commits synchronously (business plans). */
  void awaitWatched(String addonId, boolean synchronous) throws Exception {
    long deadline = System.nanoTime() + 60_000_000_000L;
    String state = "no watchdog";
    while (System.nanoTime() < deadline) {
      try {
        var status = stack.client.newUntypedWorkflowStub(WorkflowIds.watchdogOf(addonId)).describe().getStatus();
        state = "watchdog " + status;
        if (status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING
            && (!synchronous || "sync".equals(state = postgres.syncState(addonId)))) {
          Thread.sleep(2000); // its first checks
          return;
        }
      } catch (WorkflowNotFoundException notYet) {
        // the status refresh starts it within seconds
      }
      Thread.sleep(500);
    }
    throw new AssertionError("addon " + addonId + " is not watched (" + state + ")");
  }

  /**
   * The operations the addon's watchdog tried to start (its current run's history), refused ones
   * included: what it decided, whether or not Temporal let it run.
   */
  long watchdogActions(String addonId) {
    return stack.client.fetchHistory(WorkflowIds.watchdogOf(addonId)).getEvents().stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED)
        .count();
  }

  /** The operations of an addon the control database recorded, newest first. */
  List<OperationRecord> operationsOf(String app, String addonId) {
    return stack.control.operations().ofApp(app, addonId, 100, 0);
  }

  /** Waits for an operation of this kind (started by the watchdog) to end, and returns it. */
  OperationRecord awaitOperation(String app, String addonId, String kind, int after) throws Exception {
    long deadline = System.nanoTime() + 300_000_000_000L;
    while (System.nanoTime() < deadline) {
      var ops = operationsOf(app, addonId).stream().filter(o -> o.kind().equals(kind)).toList();
      if (ops.size() > after && !ops.get(0).running()) {
        return ops.get(0);
      }
      Thread.sleep(500);
    }
    throw new AssertionError("no " + kind + " of " + addonId + " ended within 300 s: " + operationsOf(app, addonId));
  }
}
