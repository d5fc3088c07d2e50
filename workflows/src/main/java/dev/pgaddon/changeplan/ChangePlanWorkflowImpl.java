package dev.pgaddon.changeplan;

import dev.pgaddon.record.OperationRecorder;

import dev.pgaddon.node.AddonState;
import dev.pgaddon.plan.Plan;
import dev.pgaddon.plan.PlanCatalog;

/** The seed's "Scaling (Changing Plan)": the addon's nodes move to the new plan, one by one. */
public class ChangePlanWorkflowImpl extends RollingChange implements ChangePlanWorkflow {
  @Override
  public ChangePlanResult changePlan(ChangePlanRequest request) {
    return OperationRecorder.record(request.addonId(), this::progress, () -> runChangePlan(request));
  }

  private ChangePlanResult runChangePlan(ChangePlanRequest request) {
    Plan target = PlanCatalog.require(request.planId());
    AddonState state = describe("change-plan", request.addonId());
    Plan current = validate(state, target);
    Outcome outcome = roll("plan change", state, current, target, "plan-changed");
    return new ChangePlanResult(state.addonId(), current.id(), target.id(), outcome.primaryNode(), outcome.applicationNotified());
  }

  private Plan validate(AddonState state, Plan target) {
    if (target.id().equals(state.planId())) {
      throw invalid("addon " + state.addonId() + " is already on plan " + target.id());
    }
    long quota = target.diskQuotaGiB() * 1024L * 1024L * 1024L;
    if (state.dataBytes() > quota) {
      throw invalid("plan " + target.id() + " allows " + target.diskQuotaGiB() + " GiB but the databases hold "
          + state.dataBytes() / (1024 * 1024) + " MiB");
    }
    return PlanCatalog.require(state.planId());
  }

}
