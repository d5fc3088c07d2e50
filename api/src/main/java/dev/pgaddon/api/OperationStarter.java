package dev.pgaddon.api;

import dev.pgaddon.control.ControlDatabase;
import dev.pgaddon.control.OperationRecord;
import dev.pgaddon.operation.WorkflowIds;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Starts an operation: the addon's workflow under its one workflow id (Temporal refuses a second
 * while one runs: that is the 409), then its row in the audit trail.
 */
final class OperationStarter {
  private final ControlDatabase db;
  private final WorkflowClient temporal;
  private final OperationTracker tracker;

  OperationStarter(ControlDatabase db, WorkflowClient temporal, OperationTracker tracker) {
    this.db = db;
    this.temporal = temporal;
    this.tracker = tracker;
  }

  /** @param workflow the operation's workflow interface, whose one workflow method takes {@code request} */
  OperationRecord start(Caller caller, String app, String addonId, String kind, Class<?> workflow, Object request) {
    return start(caller, app, addonId, kind, workflow, request, request);
  }

  /** @param audited the request as the audit trail keeps it (without a password, say) */
  OperationRecord start(Caller caller, String app, String addonId, String kind, Class<?> workflow, Object request,
      Object audited) {
    WorkflowExecution execution;
    try {
      execution = startWorkflow(addonId, app, kind, workflow, request);
    } catch (WorkflowExecutionAlreadyStarted busy) {
      Optional<OperationRecord> running = tracker.running(addonId);
      if (running.isPresent() || !closesSoon(addonId)) {
        throw ApiError.busy("addon " + addonId + " is busy with another operation (" + running
            .map(o -> o.kind() + ", operation " + o.id()).orElseGet(() -> busy.getWorkflowType().orElse("another operation"))
            + "); try again when it has finished");
      }
      // The previous operation is recorded as ended (a client that followed it goes on at once) and its
      // workflow has closed since: this one starts.
      execution = startWorkflow(addonId, app, kind, workflow, request);
    }
    OperationRecord op = new OperationRecord("op-" + UUID.randomUUID(), addonId, app, kind, execution.getWorkflowId(),
        execution.getRunId(), caller.tokenId(), Json.write(audited), OperationRecord.RUNNING, null, null, null, null, null, null);
    db.operations().create(op);
    return db.operations().find(op.id()).orElse(op);
  }

  private WorkflowExecution startWorkflow(String addonId, String app, String kind, Class<?> workflow, Object request) {
    return WorkflowStub.fromTyped(temporal.newWorkflowStub(workflow, options(addonId, app, kind))).start(request);
  }

  /**
   * An operation is recorded as ended by its workflow's last step; the workflow closes a moment later. When
   * none is recorded as running, waits up to a few seconds for that close.
   */
  private boolean closesSoon(String addonId) {
    try {
      temporal.newUntypedWorkflowStub(WorkflowIds.forAddon(addonId)).getResult(5, TimeUnit.SECONDS, Object.class);
      return true;
    } catch (TimeoutException stillRunning) {
      return false;
    } catch (RuntimeException closedWithFailure) {
      return true; // failed, cancelled or terminated: closed all the same
    }
  }

  /** The search attributes let the Web UI find every operation of an addon or app. */
  private static WorkflowOptions options(String addonId, String app, String kind) {
    return WorkflowOptions.newBuilder()
        .setWorkflowId(WorkflowIds.forAddon(addonId))
        .setTaskQueue(WorkflowIds.taskQueue())
        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
        .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL)
        .setTypedSearchAttributes(WorkflowIds.operationAttributes(addonId, app, kind))
        .build();
  }
}
