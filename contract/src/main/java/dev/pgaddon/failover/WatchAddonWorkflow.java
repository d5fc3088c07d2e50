package dev.pgaddon.failover;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * The watchdog of one addon (workflow id {@code watch-<addon>}): it runs as long as the addon
 * exists, and starts a failover or a repair under the addon's operation id when a node fails.
 */
@WorkflowInterface
public interface WatchAddonWorkflow {
  @WorkflowMethod(name = "WatchAddon")
  void watch(String addonId);
}
