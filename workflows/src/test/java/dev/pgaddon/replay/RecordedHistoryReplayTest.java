package dev.pgaddon.replay;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pgaddon.changeplan.ChangePlanWorkflowImpl;
import dev.pgaddon.node.NodeActivities;
import dev.pgaddon.node.NodeActivities.AddonRef;
import dev.pgaddon.node.NodeActivities.InitPrimaryInput;
import dev.pgaddon.node.NodeActivities.VersionRequest;
import dev.pgaddon.operation.Progress;
import dev.pgaddon.operation.StepOptions;
import dev.pgaddon.provision.ProvisionAddonWorkflow;
import dev.pgaddon.provision.ProvisionAddonWorkflowImpl;
import dev.pgaddon.provision.ProvisionRequest;
import dev.pgaddon.provision.ProvisionResult;
import dev.pgaddon.remove.RemoveAddonWorkflowImpl;
import dev.pgaddon.temporal.CodecKey;
import dev.pgaddon.temporal.TemporalClients;
import dev.pgaddon.upgrade.MajorUpgradeWorkflowImpl;
import dev.pgaddon.upgrade.MinorUpgradeWorkflowImpl;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.NonDeterministicException;
import io.temporal.workflow.Workflow;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Replays histories recorded from real runs (the integration tests write them to
 * starter/target/recorded-histories) against today's workflow code: a change that alters the
 * commands of a recorded run fails here, unless it is guarded by Workflow.getVersion.
 */
class RecordedHistoryReplayTest {
  /** The key the integration tests encrypt payloads with (Harness.TEST_CODEC_KEY). */
  private static final String RECORDING_KEY = "cGdhZGRvbi1yZXBsYXktdGVzdC1rZXktMzItYnl0ZXM=";

  private TestWorkflowEnvironment env;

  @BeforeEach
  void environment() {
    env = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
        .setWorkflowClientOptions(WorkflowClientOptions.newBuilder()
            .setDataConverter(TemporalClients.dataConverter(CodecKey.fromBase64(RECORDING_KEY)))
            .build())
        .build());
  }

  @AfterEach
  void close() {
    env.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"provision-starter.json", "provision-business.json", "provision-failed-cleanup.json",
      "remove-starter.json", "change-plan-starter.json", "change-plan-business.json",
      "change-plan-starter-to-business.json", "change-plan-across-server-restart.json",
      "minor-upgrade-business.json", "major-upgrade-check-refused.json", "major-upgrade-rolled-back.json",
      "major-upgrade-business.json", "major-upgrade-business-before-checkpoint.json",
      "major-upgrade-business-before-follower-after-backup.json", "status-refresh.json",
      "provision-starter-before-record.json", "remove-starter-before-record.json",
      "change-plan-business-before-record.json", "minor-upgrade-business-before-record.json",
      "major-upgrade-business-before-record.json", "failover-business.json", "repair-follower.json",
      "change-plan-business-before-staged-config.json", "minor-upgrade-business-before-staged-config.json",
      "repair-starter.json", "watch-addon.json", "manage-user-delete.json",
      "manage-extension-disable.json", "change-plan-business-worker-lost.json",
      "major-upgrade-business-worker-lost.json", "backup-addon.json", "periodic-backups.json",
      "pitr-restore-business.json", "pitr-restore-new-addon.json", "pitr-restore-business-worker-lost.json"})
  void recordedRunsReplayOnTodaysCode(String resource) throws Exception {
    WorkflowReplayer.replayWorkflowExecution(history(resource), env,
        ProvisionAddonWorkflowImpl.class, RemoveAddonWorkflowImpl.class, ChangePlanWorkflowImpl.class,
        MinorUpgradeWorkflowImpl.class, MajorUpgradeWorkflowImpl.class, dev.pgaddon.record.StatusRefreshWorkflowImpl.class,
        dev.pgaddon.failover.WatchAddonWorkflowImpl.class, dev.pgaddon.failover.FailoverWorkflowImpl.class,
        dev.pgaddon.failover.RepairWorkflowImpl.class, dev.pgaddon.users.ManageUserWorkflowImpl.class,
        dev.pgaddon.extensions.ManageExtensionWorkflowImpl.class, dev.pgaddon.backup.BackupWorkflowImpl.class,
        dev.pgaddon.backup.PeriodicBackupsWorkflowImpl.class, dev.pgaddon.backup.RestoreWorkflowImpl.class);
  }

  @Test
  void aWorkflowWhoseStepsChangedIsCaught() throws Exception {
    WorkflowExecutionHistory recorded = history("provision-starter.json");
    Exception e = assertThrows(Exception.class,
        () -> WorkflowReplayer.replayWorkflowExecution(recorded, env, StepsSwappedProvisionWorkflow.class));
    // The replayer reports it as a query failure whose text names the exception.
    boolean nonDeterministic = false;
    for (Throwable t = e; t != null; t = t.getCause()) {
      nonDeterministic |= t instanceof NonDeterministicException
          || String.valueOf(t.getMessage()).contains(NonDeterministicException.class.getName());
    }
    assertTrue(nonDeterministic, "expected a NonDeterministicException, got " + e);
  }

  private static WorkflowExecutionHistory history(String resource) throws IOException {
    try (InputStream in = RecordedHistoryReplayTest.class.getResourceAsStream("/histories/" + resource)) {
      if (in == null) {
        throw new IOException("no recorded history " + resource);
      }
      return WorkflowExecutionHistory.fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  /** Provisioning as someone might "refactor" it: the data directory before the version check. */
  public static class StepsSwappedProvisionWorkflow implements ProvisionAddonWorkflow {
    private final NodeActivities nodes = Workflow.newActivityStub(NodeActivities.class, StepOptions.NODE_DEFAULT);

    @Override
    public ProvisionResult provision(ProvisionRequest request) {
      AddonRef addon = new AddonRef(request.addonId(), request.app(), request.planId());
      nodes.initPrimary(new InitPrimaryInput(addon, "node1", "pgaddon/postgresql:15.20"));
      nodes.resolveVersion(new VersionRequest(request.version()));
      return null;
    }

    @Override
    public Progress progress() {
      return null;
    }
  }
}
