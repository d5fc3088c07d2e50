package dev.pgaddon.failover;

import dev.pgaddon.failover.FailoverWorkflow.FailoverRequest;
import dev.pgaddon.failover.RepairWorkflow.RepairRequest;
import dev.pgaddon.failover.WatchActivities.Verdict;
import dev.pgaddon.failover.WatchActivities.WatchInput;
import dev.pgaddon.node.NodeRole;
import dev.pgaddon.operation.Failures;
import dev.pgaddon.operation.WorkflowIds;
import io.temporal.activity.ActivityOptions;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import org.slf4j.Logger;

/**
 * Watches one addon. The checks run inside one long activity that heartbeats and returns only
 * when it must act (or after a round of minutes), so a quiet addon costs the server a few events
 * per round instead of one per check. Its actions run as operations under the addon's own id:
 * Temporal refuses them while another operation runs, so the watchdog never races a plan change.
 */
public class WatchAddonWorkflowImpl implements WatchAddonWorkflow {
  private static final Logger log = Workflow.getLogger(WatchAddonWorkflowImpl.class);
  /** Rounds of a few minutes each before the history starts afresh. */
  static final int ROUNDS_PER_RUN = 100;
  /**
   * After an action that could not run (busy, or failed), the addon is watched again this long before
   * acting again, twice as long after each further one, up to the maximum.
   */
  static final Duration AFTER_REFUSED_ACTION = Duration.ofSeconds(10);
  static final Duration AFTER_REFUSED_ACTION_MAX = Duration.ofMinutes(10);

  private final WatchActivities watch = Workflow.newActivityStub(WatchActivities.class, ActivityOptions.newBuilder()
      .setTaskQueue(WorkflowIds.watchQueue(Workflow.getInfo().getTaskQueue()))
      .setStartToCloseTimeout(Duration.ofMinutes(30))
      // A worker lost mid-round: another takes the watch over within seconds.
      .setHeartbeatTimeout(Duration.ofSeconds(10))
      .setRetryOptions(RetryOptions.newBuilder().setInitialInterval(Duration.ofSeconds(1))
          .setMaximumInterval(Duration.ofSeconds(10)).build())
      .build());

  private Duration backoff = AFTER_REFUSED_ACTION;
  private String lastPrimary;

  @Override
  public void watch(String addonId) {
    for (int round = 0; round < ROUNDS_PER_RUN; round++) {
      Verdict verdict = watch.watch(new WatchInput(addonId, lastPrimary));
      if (verdict.primary() != null) {
        lastPrimary = verdict.primary();
      }
      if (WatchActivities.GONE.equals(verdict.kind())) {
        return;
      }
      if (!WatchActivities.QUIET.equals(verdict.kind())) {
        act(addonId, verdict);
      }
    }
    Workflow.continueAsNew(addonId);
  }

  private void act(String addonId, Verdict verdict) {
    try {
      if (WatchActivities.PRIMARY_DOWN.equals(verdict.kind()) && verdict.follower() != null && verdict.lossless()) {
        operation(FailoverWorkflow.class, addonId, verdict.app(), "failover")
            .failover(new FailoverRequest(addonId, verdict.app(), verdict.down(), verdict.follower(), verdict.detail()));
        lastPrimary = verdict.follower();
      } else {
        operation(RepairWorkflow.class, addonId, verdict.app(), "repair")
            .repair(new RepairRequest(addonId, verdict.app(), verdict.down(),
                WatchActivities.PRIMARY_DOWN.equals(verdict.kind()) ? NodeRole.PRIMARY : NodeRole.FOLLOWER,
                verdict.detail()));
      }
      backoff = AFTER_REFUSED_ACTION;
    } catch (ChildWorkflowFailure refusedOrFailed) {
      // Busy with another operation, or the action failed: what still holds is seen again and acted on
      // again, less and less often, so a repair that cannot succeed does not hold the addon all the time.
      log.warn("watchdog of {}: {} not handled: {}", addonId, verdict.kind(), Failures.rootMessage(refusedOrFailed));
      Workflow.sleep(backoff);
      backoff = backoff.multipliedBy(2).compareTo(AFTER_REFUSED_ACTION_MAX) > 0 ? AFTER_REFUSED_ACTION_MAX : backoff.multipliedBy(2);
    }
  }

  /** An operation of the addon, like those the API starts: its workflow id, search attributes, audit row. */
  private static <T> T operation(Class<T> workflow, String addonId, String app, String kind) {
    return Workflow.newChildWorkflowStub(workflow, ChildWorkflowOptions.newBuilder()
        .setWorkflowId(WorkflowIds.forAddon(addonId))
        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
        // A watchdog that continues as new (or is stopped) never cuts a failover in half.
        .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON)
        .setTypedSearchAttributes(WorkflowIds.operationAttributes(addonId, app, kind))
        .build());
  }
}
