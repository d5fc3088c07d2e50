package dev.pgaddon.upgrade;

import dev.pgaddon.record.OperationRecorder;

import dev.pgaddon.changeplan.RollingChange;
import dev.pgaddon.node.AddonState;
import dev.pgaddon.node.NodeActivities.ResolvedVersion;
import dev.pgaddon.node.NodeActivities.VersionRequest;
import dev.pgaddon.plan.Plan;
import dev.pgaddon.plan.PlanCatalog;

/**
 * A minor upgrade (same major): the nodes move to the new version's image on their own data, one
 * by one, as a plan change does; on business plans clients only see the switchover.
 */
public class MinorUpgradeWorkflowImpl extends RollingChange implements MinorUpgradeWorkflow {
  @Override
  public UpgradeResult upgrade(UpgradeRequest request) {
    return OperationRecorder.record(request.addonId(), this::progress, () -> runUpgrade(request));
  }

  private UpgradeResult runUpgrade(UpgradeRequest request) {
    AddonState state = describe("minor-upgrade", request.addonId());
    ResolvedVersion target = nodes.resolveVersion(new VersionRequest(request.version()));
    String problem = VersionRules.problem(state.version(), target.version(), target.available());
    if (problem != null) {
      throw invalid(problem);
    }
    if (VersionRules.isMajor(state.version(), target.version())) {
      throw invalid("PostgreSQL " + target.version() + " is a major upgrade, which this platform does not run yet");
    }
    Plan plan = PlanCatalog.require(state.planId());
    Outcome outcome = roll("minor upgrade", state.withVersion(target.version(), target.image()), plan, plan, "version-upgraded");
    return new UpgradeResult(state.addonId(), state.version(), target.version(), outcome.primaryNode(),
        outcome.applicationNotified());
  }
}
