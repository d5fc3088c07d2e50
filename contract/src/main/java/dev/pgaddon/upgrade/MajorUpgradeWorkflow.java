package dev.pgaddon.upgrade;

import dev.pgaddon.operation.OperationWorkflow;
import dev.pgaddon.upgrade.UpgradeActivities.CheckReport;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.List;

/** The seed's major upgrade: stop, pg_upgrade, restart, ANALYZE in stages, base backup, follower rebuilt. */
@WorkflowInterface
public interface MajorUpgradeWorkflow extends OperationWorkflow {
  /** @param checkOnly run the pre-flight only (pg_upgrade --check and the estimate): nothing is stopped */
  record MajorUpgradeRequest(String addonId, String app, String version, boolean checkOnly) {}

  /**
   * @param downtimeMillis from the start of step 1 (stop) to the end of step 3 (primary reachable), workflow clock
   * @param backup the base backup of the new epoch, or what became of it
   */
  record MajorUpgradeResult(String addonId, String fromVersion, String toVersion, boolean checkOnly, CheckReport check,
      long downtimeMillis, long totalMillis, List<String> extensions, String backup, String applicationNotified) {}

  @WorkflowMethod(name = "MajorUpgrade")
  MajorUpgradeResult upgrade(MajorUpgradeRequest request);
}
