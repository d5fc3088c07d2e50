package dev.pgaddon.failover;

import dev.pgaddon.node.NodeRole;
import dev.pgaddon.operation.OperationWorkflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** Brings back a node that died without a failover: a starter's node, a follower, or a primary no follower can replace safely. */
@WorkflowInterface
public interface RepairWorkflow extends OperationWorkflow {
  /** @param role what the node was when it stopped answering: primary or follower */
  record RepairRequest(String addonId, String app, String node, NodeRole role, String reason) {}

  /** @param method how the node came back: restarted on its volume, or rebuilt from the primary */
  record RepairResult(String addonId, String node, String method) {}

  @WorkflowMethod(name = "RepairNode")
  RepairResult repair(RepairRequest request);
}
