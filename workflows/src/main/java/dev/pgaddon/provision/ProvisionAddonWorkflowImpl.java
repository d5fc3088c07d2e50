package dev.pgaddon.provision;

import dev.pgaddon.endpoint.EndpointActivities;
import dev.pgaddon.endpoint.EndpointActivities.StartEndpointInput;
import dev.pgaddon.node.FollowerSteps;
import dev.pgaddon.node.NodeActivities;
import dev.pgaddon.node.NodeActivities.AddonRef;
import dev.pgaddon.node.NodeActivities.InitPrimaryInput;
import dev.pgaddon.node.NodeActivities.RemoveAddonInput;
import dev.pgaddon.node.NodeActivities.ResolvedVersion;
import dev.pgaddon.node.NodeActivities.StartNodeInput;
import dev.pgaddon.node.NodeActivities.VersionRequest;
import dev.pgaddon.node.NodeAddress;
import dev.pgaddon.node.NodeNames;
import dev.pgaddon.node.NodeRole;
import dev.pgaddon.operation.AddonNames;
import dev.pgaddon.operation.Failures;
import dev.pgaddon.operation.Progress;
import dev.pgaddon.operation.ProgressTracker;
import dev.pgaddon.operation.Steps;
import dev.pgaddon.plan.Plan;
import dev.pgaddon.plan.PlanCatalog;
import dev.pgaddon.record.OperationRecorder;
import dev.pgaddon.sql.SqlActivities;
import dev.pgaddon.sql.SqlActivities.ConnectionUrlInput;
import dev.pgaddon.sql.SqlActivities.DefaultUserInput;
import dev.pgaddon.sql.SqlActivities.EndpointAuthInput;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;

/**
 * Provisioning, as the runbook reads: data directory, primary, database and default user, then
 * for business plans the follower in streaming replication. A failure removes what was created.
 */
public class ProvisionAddonWorkflowImpl implements ProvisionAddonWorkflow {
  static final String RESOLVE_VERSION = "Resolve PostgreSQL version";
  static final String INIT_PRIMARY = "Initialise primary data directory";
  static final String START_PRIMARY = "Start primary node";
  static final String CREATE_DATABASE = "Create database and default user";
  static final String START_ENDPOINT = "Start endpoint (PgBouncer)";
  static final String CLEAN_UP = "Remove what was created";

  /** Hooks became http(s) URLs only: a command hook is refused up front from this change on. */
  static final String REFUSE_COMMAND_HOOK = "refuse-command-hook";

  static final String PRIMARY_NODE = NodeNames.FIRST;
  static final String FOLLOWER_NODE = NodeNames.SECOND;

  private final NodeActivities nodes = Steps.nodes();
  private final SqlActivities sql = Steps.sql();
  private final EndpointActivities endpoints = Steps.endpoints();
  private ProgressTracker progress;

  @Override
  public ProvisionResult provision(ProvisionRequest request) {
    return OperationRecorder.record(request.addonId(), this::progress, () -> runProvision(request));
  }

  private ProvisionResult runProvision(ProvisionRequest request) {
    Plan plan = PlanCatalog.require(request.planId());
    String hookProblem = AddonNames.restartHookProblem(request.restartHook());
    // A run started before hooks had to be URLs replays as it ran (its command hook is then ignored when called).
    if (hookProblem != null
        && Workflow.getVersion(REFUSE_COMMAND_HOOK, Workflow.DEFAULT_VERSION, 1) != Workflow.DEFAULT_VERSION) {
      // Like an unknown plan: refused before any activity, so no command is added to a valid run's history.
      throw ApplicationFailure.newNonRetryableFailure(hookProblem, Failures.INVALID_REQUEST);
    }
    progress = new ProgressTracker("provision", request.addonId(), stepsFor(plan));
    AddonRef addon = new AddonRef(request.addonId(), request.app(), plan.id());
    String database = AddonNames.databaseName(request.app(), Workflow.newRandom().nextInt(10000));
    // Before the try: an unknown version fails the workflow as the invalid request it is, nothing made yet.
    ResolvedVersion version = progress.run(RESOLVE_VERSION, () -> nodes.resolveVersion(new VersionRequest(request.version())));
    try {
      progress.run(INIT_PRIMARY, () -> nodes.initPrimary(new InitPrimaryInput(addon, PRIMARY_NODE, version.image())));
      NodeAddress primary = progress.run(START_PRIMARY, () -> nodes.startNode(
          new StartNodeInput(addon, PRIMARY_NODE, NodeRole.PRIMARY, version.version(), version.image(), database)));
      progress.run(CREATE_DATABASE, () -> sql.createDatabaseAndDefaultUser(
          new DefaultUserInput(addon.addonId(), primary, database, database)));
      NodeAddress endpoint = progress.run(START_ENDPOINT, () -> {
        sql.prepareEndpointAuth(new EndpointAuthInput(addon.addonId(), primary, database));
        return endpoints.startEndpoint(new StartEndpointInput(addon, primary, request.restartHook()));
      });
      if (plan.highAvailability()) {
        new FollowerSteps(nodes, sql, progress).add(addon, version.version(), version.image(), primary, database, FOLLOWER_NODE);
      }
      String url = sql.connectionUrl(new ConnectionUrlInput(addon.addonId(), endpoint, database, database)).url();
      progress.finish("running");
      return new ProvisionResult(addon.addonId(), plan.id(), version.version(), database, database, url);
    } catch (ActivityFailure | ApplicationFailure | CanceledFailure e) {
      removeWhatWasCreated(addon);
      progress.finish("failed");
      String why = Failures.rootMessage(e);
      throw ApplicationFailure.newNonRetryableFailureWithCause(
          "provisioning of " + addon.addonId() + " failed: " + why + " (everything it created was removed)",
          Failures.OPERATION_FAILED, e);
    }
  }

  /** Runs even when the workflow is being cancelled, so a cancelled provisioning leaves nothing behind. */
  private void removeWhatWasCreated(AddonRef addon) {
    Workflow.newDetachedCancellationScope(() -> progress.run(CLEAN_UP,
        () -> nodes.removeAddon(new RemoveAddonInput(addon.addonId())))).run();
  }

  private static List<String> stepsFor(Plan plan) {
    List<String> steps = new ArrayList<>(List.of(RESOLVE_VERSION, INIT_PRIMARY, START_PRIMARY, CREATE_DATABASE,
        START_ENDPOINT));
    if (plan.highAvailability()) {
      steps.addAll(FollowerSteps.NAMES);
    }
    return steps;
  }

  @Override
  public Progress progress() {
    return progress == null ? null : progress.snapshot();
  }
}
