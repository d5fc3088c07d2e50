package dev.pgaddon.failover;

import dev.pgaddon.operation.WorkflowIds;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure every addon has its watchdog running: called by the status refresh for each addon the
 * engine holds, so addons made before the watchdog existed (or whose watchdog was stopped) get one.
 */
public final class Watchdogs {
  private static final Logger log = LoggerFactory.getLogger(Watchdogs.class);
  /** Temporal is asked again after this long, in case the watchdog was stopped by hand. */
  private static final Duration RECHECK = Duration.ofMinutes(5);

  private final WorkflowClient temporal;
  private final Map<String, Long> ensuredAt = new ConcurrentHashMap<>();

  public Watchdogs(WorkflowClient temporal) {
    this.temporal = temporal;
  }

  public void ensure(String addonId) {
    Long last = ensuredAt.get(addonId);
    if (last != null && System.nanoTime() - last < RECHECK.toNanos()) {
      return;
    }
    WatchAddonWorkflow watchdog = temporal.newWorkflowStub(WatchAddonWorkflow.class, WorkflowOptions.newBuilder()
        .setWorkflowId(WorkflowIds.watchdogOf(addonId))
        .setTaskQueue(WorkflowIds.taskQueue())
        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
        .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING)
        .build());
    var execution = WorkflowClient.start(watchdog::watch, addonId);
    ensuredAt.put(addonId, System.nanoTime());
    log.debug("watchdog of {} runs ({})", addonId, execution.getRunId());
  }
}
