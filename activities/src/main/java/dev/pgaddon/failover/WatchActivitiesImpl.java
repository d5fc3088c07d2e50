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
import java.time.Instant;
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

  /** The last attempt's details; unreadable ones (another version's) are dropped: the input's primary is enough. */
  private static WatchMemory remembered(ActivityExecutionContext context, String addonId) {
    try {
      return context.getHeartbeatDetails(WatchMemory.class).orElse(WatchMemory.NONE);
    } catch (io.temporal.common.converter.DataConverterException unreadable) {
      log.warn("watchdog of {}: the last attempt's details are unreadable ({}); starting from the input", addonId,
          unreadable.getMessage());
      return WatchMemory.NONE;
    }
  }

  @Override
  public Verdict watch(WatchInput input) {
    AddonNames.requireAddonId(input.addonId());
    ActivityExecutionContext context = Activity.getExecutionContext();
    WatchMemory memory = remembered(context, input.addonId());
    long end = System.nanoTime() + ROUND.toNanos();
    String lastPrimary = memory.primary() != null ? memory.primary() : input.lastPrimary();
    try (AddonWatch watch = new AddonWatch(input.addonId(), inventory, connections, lastPrimary)) {
      while (System.nanoTime() < end) {
        Finding finding = watch.check();
        if (finding == Finding.GONE) {
          log.info("watchdog of {}: the addon is gone", input.addonId());
          return watch.verdict(GONE);
        }
        if (finding == Finding.FOLLOWER_DOWN) {
          // Always safe, and never to wait on Temporal: commits must not hang on a follower that is gone.
          release(watch);
        }
        if (finding != Finding.NONE) {
          if (operationRunning(input.addonId())) {
            log.info("watchdog of {}: {} while an operation runs: its own stops and restarts are no failure",
                input.addonId(), finding);
            watch.forgive();
          } else {
            Verdict verdict = act(input.addonId(), watch, finding);
            if (verdict != null) {
              log.warn("watchdog of {}: {} ({})", input.addonId(), verdict.kind(), verdict.detail());
              return verdict;
            }
          }
        }
        context.heartbeat(watch.memory());
        Waits.sleep(CHECK_EVERY.toMillis());
      }
      return Verdict.quiet(watch.lastPrimary());
    }
  }

  /** What the watch does itself (the replication mode: at once), and what it hands to an operation. */
  private Verdict act(String addonId, AddonWatch watch, Finding finding) {
    switch (finding) {
      case PRIMARY_DOWN:
        return freshlyLossless(addonId, watch.verdict(PRIMARY_DOWN), watch.losslessSeenAt());
      case FOLLOWER_DOWN:
        return watch.verdict(FOLLOWER_DOWN);
      case FOLLOWER_BACK:
        try {
          watch.holdPrimary();
        } catch (SQLException e) {
          log.warn("watchdog of {}: replication not made synchronous: {}", addonId, e.getMessage());
        }
        if (operationRunning(addonId)) {
          release(watch); // an operation started meanwhile, and may be stopping the follower
        }
        return null;
      default:
        return null;
    }
  }

  /**
   * A failover without loss needs a synchronous observation newer than the addon's last operation: one
   * that ended after it (it may have made the primary asynchronous, then the primary died before
   * the watch looked again) leaves the verdict lossy.
   */
  private Verdict freshlyLossless(String addonId, Verdict verdict, Instant seenAt) {
    if (!verdict.lossless()) {
      return verdict;
    }
    Instant lastOperation = lastOperationActivity(addonId);
    if (LosslessObservation.fresh(seenAt, lastOperation)) {
      return verdict;
    }
    log.warn("watchdog of {}: the follower was last seen synchronous at {}, before the last operation ({}): not lossless",
        addonId, seenAt, lastOperation);
    return new Verdict(verdict.kind(), verdict.app(), verdict.down(), verdict.follower(), false, verdict.detail(),
        verdict.primary());
  }

  /** When the addon's last operation closed (now if it runs or cannot be told), or null if it never had one. */
  private Instant lastOperationActivity(String addonId) {
    try {
      var description = temporal.newUntypedWorkflowStub(WorkflowIds.forAddon(addonId)).describe();
      if (description.getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING
          || description.getCloseTime() == null) {
        return Instant.now();
      }
      return description.getCloseTime();
    } catch (WorkflowNotFoundException none) {
      return null;
    } catch (RuntimeException unsure) {
      return Instant.now();
    }
  }

  private static void release(AddonWatch watch) {
    try {
      watch.releasePrimary();
    } catch (SQLException e) {
      log.warn("watchdog: replication not made asynchronous: {}", e.getMessage());
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
