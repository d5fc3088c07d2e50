package dev.pgaddon.failover;

import dev.pgaddon.failover.AddonWatch.Finding;
import dev.pgaddon.inventory.AddonInventory;
import dev.pgaddon.operation.AddonNames;
import dev.pgaddon.operation.WorkflowIds;
import dev.pgaddon.sql.PostgresConnections;
import dev.pgaddon.util.Waits;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import java.sql.SQLException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

public final class WatchActivitiesImpl implements WatchActivities {
  private static final Logger log = LoggerFactory.getLogger(WatchActivitiesImpl.class);
  static final Duration CHECK_EVERY = Duration.ofSeconds(1);
  /** The activity returns after a round even when all is well, so a changed workflow takes over in minutes. */
  static final Duration ROUND = Duration.ofMinutes(5);

  private final AddonInventory inventory;
  private final PostgresConnections connections;
  private final WorkflowClient temporal;

  public WatchActivitiesImpl(AddonInventory inventory, PostgresConnections connections, WorkflowClient temporal) {
    this.inventory = inventory;
    this.connections = connections;
    this.temporal = temporal;
  }

  @Override
  public Verdict watch(WatchInput input) {
    AddonNames.requireAddonId(input.addonId());
    ActivityExecutionContext context = Activity.getExecutionContext();
    WatchMemory memory = context.getHeartbeatDetails(WatchMemory.class).orElse(WatchMemory.NONE);
    long end = System.nanoTime() + ROUND.toNanos();
    try (AddonWatch watch = new AddonWatch(input.addonId(), inventory, connections, memory)) {
      while (System.nanoTime() < end) {
        Finding finding = watch.check();
        if (finding == Finding.GONE) {
          log.info("watchdog of {}: the addon is gone", input.addonId());
          return watch.verdict(GONE);
        }
        if (finding != Finding.NONE) {
          if (operationRunning(input.addonId())) {
            log.info("watchdog of {}: {} while an operation runs: its own stops and restarts are no failure",
                input.addonId(), finding);
            watch.forgive();
          } else {
            Verdict verdict = act(watch, finding);
            if (verdict != null) {
              log.warn("watchdog of {}: {} ({})", input.addonId(), verdict.kind(), verdict.detail());
              return verdict;
            }
          }
        }
        context.heartbeat(watch.memory());
        Waits.sleep(CHECK_EVERY.toMillis());
      }
    }
    return Verdict.quiet();
  }

  /** What the watch does itself (the replication mode: at once), and what it hands to an operation. */
  private static Verdict act(AddonWatch watch, Finding finding) {
    try {
      switch (finding) {
        case PRIMARY_DOWN:
          return watch.verdict(PRIMARY_DOWN);
        case FOLLOWER_DOWN:
          watch.releasePrimary();
          return watch.verdict(FOLLOWER_DOWN);
        case FOLLOWER_BACK:
          watch.holdPrimary();
          return null;
        default:
          return null;
      }
    } catch (SQLException e) {
      log.warn("watchdog: replication mode not changed: {}", e.getMessage());
      return null;
    }
  }

  /** Asked of Temporal, the one that refuses a second operation: only when about to act, never every second. */
  private boolean operationRunning(String addonId) {
    try {
      return temporal.newUntypedWorkflowStub(WorkflowIds.forAddon(addonId)).describe().getStatus()
          == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
    } catch (WorkflowNotFoundException none) {
      return false;
    } catch (RuntimeException unsure) {
      log.warn("watchdog of {}: cannot tell whether an operation runs ({}): not acting", addonId, unsure.getMessage());
      return true;
    }
  }
}
