package dev.pgaddon.failover;

import dev.pgaddon.operation.OperationWorkflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

@WorkflowInterface
public interface FailoverWorkflow extends OperationWorkflow {
  /** @param primary the node that stopped answering; @param follower the synchronous follower to promote */
  record FailoverRequest(String addonId, String app, String primary, String follower, String reason) {}

  /**
   * @param failedOver false when the primary answered again before anything was touched
   * @param rejoined how the old primary came back: pg_rewind, or a rebuild
   */
  record FailoverResult(String addonId, boolean failedOver, String primaryNode, String rejoined, String applicationNotified) {}

  @WorkflowMethod(name = "Failover")
  FailoverResult failover(FailoverRequest request);
}
