package dev.pgaddon.upgrade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import dev.pgaddon.endpoint.EndpointActivities;
import dev.pgaddon.endpoint.EndpointActivities.EndpointState;
import dev.pgaddon.node.NodeActivities;
import dev.pgaddon.node.NodeAddress;
import dev.pgaddon.node.NodeRole;
import dev.pgaddon.operation.Failures;
import dev.pgaddon.operation.StepOptions;
import dev.pgaddon.sql.SqlActivities;
import dev.pgaddon.testing.WorkflowTestFixture;
import dev.pgaddon.upgrade.MajorUpgradeWorkflow.MajorUpgradeRequest;
import dev.pgaddon.upgrade.MajorUpgradeWorkflow.MajorUpgradeResult;
import dev.pgaddon.upgrade.UpgradeActivities.CheckReport;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import io.temporal.client.WorkflowStub;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockito.InOrder;

class MajorUpgradeWorkflowTest extends WorkflowTestFixture {
  @RegisterExtension
  static final TestWorkflowExtension temporal = WorkflowTestFixture.temporal(MajorUpgradeWorkflowImpl.class);

  private static final String ADDON = "ad-00000000-0000-0000-0000-000000000004";
  private static final CheckReport COMPATIBLE = new CheckReport(true, "", 1 << 20, 400, List.of("app: pgcrypto 1.3"),
      UpgradeEstimate.of(1 << 20, 400));

  private final UpgradeActivities upgrades = activityMock(UpgradeActivities.class);

  @BeforeEach
  void mocks(TestWorkflowEnvironment env, Worker worker) {
    when(nodes.resolveVersion(any())).thenReturn(new NodeActivities.ResolvedVersion("17.12", "pgaddon/postgresql:17.12",
        List.of("15.18", "15.20", "17.12")));
    when(nodes.recreateNode(any())).thenReturn(NODE1);
    when(nodes.startNode(any())).thenAnswer(call -> "node1".equals(((NodeActivities.StartNodeInput) call.getArgument(0)).node()) ? NODE1 : NODE2);
    when(nodes.stopNode(any())).thenReturn(new NodeActivities.NodeStopped("c"));
    when(nodes.removeNode(any())).thenReturn(new NodeActivities.NodeStopped("c2"));
    when(nodes.cloneFollower(any())).thenReturn(new NodeActivities.CloneFollowerResult(true));
    when(nodes.notifyApplication(any())).thenReturn(new NodeActivities.NotifyResult(true, "restarted"));
    when(sql.prepareReplication(any())).thenReturn(new SqlActivities.ReplicationPrepared("node2"));
    when(sql.awaitStreaming(any())).thenReturn(new SqlActivities.ReplicationState("streaming", 0));
    when(sql.checkpoint(any())).thenAnswer(call -> {
      NodeAddress node = ((SqlActivities.NodeInput) call.getArgument(0)).node();
      return new SqlActivities.Checkpointed(node.node(), node.equals(NODE2), 40);
    });
    when(endpoints.pause(any())).thenReturn(new EndpointState("paused"));
    when(endpoints.resume(any())).thenReturn(new EndpointState("running"));
    when(endpoints.repoint(any())).thenReturn(new EndpointState("points at node1"));
    when(upgrades.check(any())).thenReturn(COMPATIBLE);
    when(upgrades.runPgUpgrade(any())).thenReturn(new UpgradeActivities.DataDirectoryResult("done"));
    when(upgrades.restoreOldDataDirectory(any())).thenReturn(new UpgradeActivities.DataDirectoryResult("restored"));
    when(upgrades.deleteOldDataDirectory(any())).thenReturn(new UpgradeActivities.DataDirectoryResult("deleted"));
    when(upgrades.updateExtensions(any())).thenReturn(new UpgradeActivities.ExtensionsUpdated(List.of("app: pgcrypto 1.3 (current)")));
    when(upgrades.analyzeStage(any())).thenAnswer(call -> new UpgradeActivities.StageAnalyzed(
        ((UpgradeActivities.AnalyzeInput) call.getArgument(0)).stage(), "3 databases"));
    when(upgrades.takeBaseBackup(any())).thenReturn(new UpgradeActivities.BackupTaken("v", "pg17-1", 5 << 20));
    start(env, worker, upgrades);
  }

  private void addonIs(String planId, String version, boolean withFollower) {
    describeAddonReturns(ADDON, planId, version, running(planId, withFollower), 1 << 20);
  }

  /** Starts an upgrade and cancels it as soon as {@code reached} opens (an activity mock counts it down). */
  private WorkflowStub startThenCancelOnce(WorkflowClient client, WorkflowOptions options, CountDownLatch reached)
      throws InterruptedException {
    MajorUpgradeWorkflow workflow = client.newWorkflowStub(MajorUpgradeWorkflow.class, options);
    WorkflowClient.start(workflow::upgrade, new MajorUpgradeRequest(ADDON, "my-app", "17.12", false));
    assertTrue(reached.await(10, TimeUnit.SECONDS));
    WorkflowStub run = WorkflowStub.fromTyped(workflow);
    run.cancel();
    return run;
  }

  private MajorUpgradeResult upgrade(WorkflowClient client, WorkflowOptions options, boolean checkOnly) {
    return client.newWorkflowStub(MajorUpgradeWorkflow.class, options)
        .upgrade(new MajorUpgradeRequest(ADDON, "my-app", "17.12", checkOnly));
  }

  @Test
  void businessRunsTheSeedsSixStepsInOrder(WorkflowClient client, WorkflowOptions options) {
    addonIs("postgresql-business-512", "15.20", true);

    MajorUpgradeResult result = upgrade(client, options, false);

    InOrder order = inOrder(nodes, sql, endpoints, upgrades);
    order.verify(upgrades).check(argThat(in -> in.primary().equals(NODE1) && in.targetImage().equals("pgaddon/postgresql:17.12")));
    order.verify(sql).checkpoint(new SqlActivities.NodeInput(ADDON, NODE1));
    order.verify(sql).checkpoint(new SqlActivities.NodeInput(ADDON, NODE2));
    order.verify(endpoints).pause(any());
    order.verify(nodes).stopNode(argThat(in -> in.node().equals(NODE1)));
    order.verify(nodes).stopNode(argThat(in -> in.node().equals(NODE2)));
    order.verify(upgrades).runPgUpgrade(argThat(in -> in.node().equals("node1") && in.toVersion().equals("17.12")));
    order.verify(nodes).recreateNode(argThat(in -> in.node().equals("node1") && in.version().equals("17.12")
        && in.role() == NodeRole.PRIMARY));
    order.verify(endpoints).repoint(any());
    order.verify(endpoints).resume(any());
    order.verify(upgrades).updateExtensions(any());
    order.verify(upgrades).analyzeStage(argThat(in -> in.stage() == 1));
    order.verify(upgrades).analyzeStage(argThat(in -> in.stage() == 2));
    order.verify(upgrades).analyzeStage(argThat(in -> in.stage() == 3));
    order.verify(upgrades).takeBaseBackup(argThat(in -> in.label().startsWith("pg17-")));
    order.verify(nodes).removeNode(argThat(in -> in.node().equals("node2")));
    order.verify(sql).prepareReplication(any());
    order.verify(nodes).cloneFollower(argThat(in -> in.node().equals("node2") && in.image().equals("pgaddon/postgresql:17.12")));
    order.verify(nodes).startNode(argThat(in -> in.node().equals("node2") && in.version().equals("17.12")));
    order.verify(sql).awaitStreaming(any());
    order.verify(upgrades).deleteOldDataDirectory(any());
    order.verify(nodes).notifyApplication(any());
    verify(upgrades, never()).restoreOldDataDirectory(any());
    assertEquals("15.20", result.fromVersion());
    assertEquals("17.12", result.toVersion());
    assertTrue(result.backup().contains("pg17-1"), result.backup());
  }

  @Test
  void theOldFollowerIsRemovedOnlyOnceTheNewBackupExists(WorkflowClient client, WorkflowOptions options) {
    addonIs("postgresql-business-512", "15.20", true);
    AtomicBoolean backupDone = new AtomicBoolean();
    AtomicBoolean removedBeforeBackup = new AtomicBoolean();
    doAnswer(call -> {
      Thread.sleep(500);
      backupDone.set(true);
      return new UpgradeActivities.BackupTaken("v", "pg17-1", 5 << 20);
    }).when(upgrades).takeBaseBackup(any());
    doAnswer(call -> {
      removedBeforeBackup.compareAndSet(false, !backupDone.get());
      return new NodeActivities.NodeStopped("c2");
    }).when(nodes).removeNode(any());

    upgrade(client, options, false);

    verify(nodes).removeNode(any());
    assertFalse(removedBeforeBackup.get(), "the old follower was removed while the new backup was still running");
  }

  @Test
  void starterHasNoFollowerToStopOrRebuild(WorkflowClient client, WorkflowOptions options) {
    addonIs("postgresql-starter-512", "15.20", false);

    upgrade(client, options, false);

    verify(nodes, times(1)).stopNode(any());
    verify(nodes, never()).removeNode(any());
    verify(nodes, never()).cloneFollower(any());
    verify(upgrades).takeBaseBackup(any());
  }

  @Test
  void checkOnlyRunsThePreflightAndStopsNothing(WorkflowClient client, WorkflowOptions options) {
    addonIs("postgresql-business-512", "15.20", true);

    MajorUpgradeResult result = upgrade(client, options, true);

    assertTrue(result.checkOnly());
    assertEquals(400, result.check().relations());
    verifyNoInteractions(endpoints, sql);
    verify(nodes, never()).stopNode(any());
    verify(upgrades, never()).runPgUpgrade(any());
  }

  @Test
  void aRefusalOfPgUpgradeCheckIsReportedAndChangesNothing(WorkflowClient client, WorkflowOptions options) {
    addonIs("postgresql-business-512", "15.20", true);
    when(upgrades.check(any())).thenReturn(new CheckReport(false, "Your installation contains one of the reg* data types",
        1, 1, List.of(), UpgradeEstimate.of(1, 1)));

    WorkflowFailedException e = assertThrows(WorkflowFailedException.class, () -> upgrade(client, options, false));

    ApplicationFailure cause = (ApplicationFailure) e.getCause();
    assertEquals(Failures.INVALID_REQUEST, cause.getType());
    assertTrue(cause.getOriginalMessage().contains("reg* data types"), cause.getOriginalMessage());
    verifyNoInteractions(endpoints);
    verify(nodes, never()).stopNode(any());
  }

  @Test
  void aCheckpointThatKeepsFailingStopsNothing(WorkflowClient client, WorkflowOptions options) {
    addonIs("postgresql-business-512", "15.20", true);
    doThrow(new IllegalStateException("checkpoint of c1 failed: connection refused")).when(sql).checkpoint(any());

    WorkflowFailedException e = assertThrows(WorkflowFailedException.class, () -> upgrade(client, options, false));

    ApplicationFailure cause = (ApplicationFailure) e.getCause();
    assertEquals(Failures.OPERATION_FAILED, cause.getType());
    assertTrue(cause.getOriginalMessage().contains("connection refused"), cause.getOriginalMessage());
    assertTrue(cause.getOriginalMessage().contains("nothing was stopped"), cause.getOriginalMessage());
    verifyNoInteractions(endpoints);
    verify(nodes, never()).stopNode(any());
    verify(upgrades, never()).runPgUpgrade(any());
  }

  @Test
  void skippingTheLatestMinorIsRefusedBeforeAnyCheck(WorkflowClient client, WorkflowOptions options) {
    addonIs("postgresql-business-512", "15.18", true);

    WorkflowFailedException e = assertThrows(WorkflowFailedException.class, () -> upgrade(client, options, true));

    assertTrue(((ApplicationFailure) e.getCause()).getOriginalMessage().contains("latest minor of your major first"));
    verifyNoInteractions(upgrades);
  }

  @Test
  void aFailedPgUpgradeRestartsTheOldClusterUntouched(WorkflowClient client, WorkflowOptions options) {
    addonIs("postgresql-business-512", "15.20", true);
    when(upgrades.runPgUpgrade(any())).thenThrow(ApplicationFailure.newNonRetryableFailure(
        "pg_upgrade failed: column \"buffers_checkpoint\" does not exist", StepOptions.PG_UPGRADE_FAILED));

    WorkflowFailedException e = assertThrows(WorkflowFailedException.class, () -> upgrade(client, options, false));

    ApplicationFailure cause = (ApplicationFailure) e.getCause();
    assertEquals(Failures.OPERATION_FAILED, cause.getType());
    assertTrue(cause.getOriginalMessage().contains("buffers_checkpoint"), cause.getOriginalMessage());
    assertTrue(cause.getOriginalMessage().contains("restarted untouched"), cause.getOriginalMessage());
    InOrder order = inOrder(nodes, endpoints, upgrades);
    order.verify(upgrades).runPgUpgrade(any());
    order.verify(upgrades).restoreOldDataDirectory(any());
    order.verify(nodes).startNode(argThat(in -> in.node().equals("node1") && in.version().equals("15.20")
        && in.image().equals("pgaddon/postgresql:15.20") && in.role() == NodeRole.PRIMARY));
    order.verify(nodes).startNode(argThat(in -> in.node().equals("node2") && in.version().equals("15.20")));
    order.verify(endpoints).repoint(new EndpointActivities.RepointInput(ADDON, ENDPOINT, NODE1, "postgresql-business-512"));
    order.verify(endpoints).resume(any());
    verify(upgrades, times(1)).runPgUpgrade(any());
    verify(nodes, never()).recreateNode(any());
  }

  @Test
  void aCancelDuringPgUpgradeStillRestartsTheOldCluster(WorkflowClient client, WorkflowOptions options) throws Exception {
    addonIs("postgresql-business-512", "15.20", true);
    CountDownLatch pgUpgradeRunning = new CountDownLatch(1);
    doAnswer(call -> {
      pgUpgradeRunning.countDown();
      Thread.sleep(3000);
      return new UpgradeActivities.DataDirectoryResult("done");
    }).when(upgrades).runPgUpgrade(any());

    WorkflowStub run = startThenCancelOnce(client, options, pgUpgradeRunning);

    assertThrows(WorkflowFailedException.class, () -> run.getResult(MajorUpgradeResult.class));
    InOrder order = inOrder(nodes, endpoints, upgrades);
    order.verify(upgrades).restoreOldDataDirectory(any());
    order.verify(nodes).startNode(argThat(in -> in.node().equals("node1") && in.version().equals("15.20")));
    order.verify(nodes).startNode(argThat(in -> in.node().equals("node2") && in.version().equals("15.20")));
    order.verify(endpoints).repoint(any());
    order.verify(endpoints).resume(any());
    verify(nodes, never()).recreateNode(any());
  }

  @Test
  void aCancelAfterTheNewPrimaryStartedStillFinishesEveryStep(WorkflowClient client, WorkflowOptions options) throws Exception {
    addonIs("postgresql-business-512", "15.20", true);
    CountDownLatch analyzing = new CountDownLatch(1);
    doAnswer(call -> {
      analyzing.countDown();
      Thread.sleep(1000);
      return new UpgradeActivities.StageAnalyzed(((UpgradeActivities.AnalyzeInput) call.getArgument(0)).stage(), "3 databases");
    }).when(upgrades).analyzeStage(any());

    WorkflowStub run = startThenCancelOnce(client, options, analyzing);

    // Temporal closes a cancelled run as cancelled even when its code went on to the end.
    assertThrows(WorkflowFailedException.class, () -> run.getResult(MajorUpgradeResult.class));
    verify(upgrades, times(3)).analyzeStage(any());
    verify(sql).awaitStreaming(any());
    verify(nodes).notifyApplication(any());
    verify(upgrades).deleteOldDataDirectory(any());
    verify(upgrades, never()).restoreOldDataDirectory(any());
  }

  @Test
  void afterTheNewPrimaryStartsAFailingStepIsRetriedNotRolledBack(WorkflowClient client, WorkflowOptions options) {
    addonIs("postgresql-starter-512", "15.20", false);
    when(nodes.recreateNode(any())).thenThrow(new IllegalStateException("container did not start"))
        .thenThrow(new IllegalStateException("container did not start"))
        .thenThrow(new IllegalStateException("container did not start"))
        .thenThrow(new IllegalStateException("container did not start"))
        .thenThrow(new IllegalStateException("container did not start"))
        .thenReturn(NODE1);

    MajorUpgradeResult result = upgrade(client, options, false);

    assertEquals("17.12", result.toVersion());
    verify(nodes, times(6)).recreateNode(any());
    verify(upgrades, never()).restoreOldDataDirectory(any());
  }
}
