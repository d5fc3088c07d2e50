package dev.pgaddon.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.pgaddon.node.NodeActivities;
import dev.pgaddon.node.NodeActivities.RemoveAddonInput;
import dev.pgaddon.node.NodeActivities.RemovedResources;
import dev.pgaddon.operation.StepState;
import dev.pgaddon.record.ControlActivities.OperationEnded;
import dev.pgaddon.remove.RemoveAddonWorkflow;
import dev.pgaddon.remove.RemoveAddonWorkflowImpl;
import dev.pgaddon.testing.WorkflowTestFixture;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockito.ArgumentCaptor;

/** Every operation's end reaches the control database: its outcome, its steps, its result or its error. */
class OperationRecorderTest {
  @RegisterExtension
  static final TestWorkflowExtension temporal = WorkflowTestFixture.temporal(RemoveAddonWorkflowImpl.class);

  private final NodeActivities nodes = WorkflowTestFixture.activityMock(NodeActivities.class);
  private final ControlActivities control = WorkflowTestFixture.activityMock(ControlActivities.class);

  private OperationEnded recorded() {
    ArgumentCaptor<OperationEnded> ended = ArgumentCaptor.forClass(OperationEnded.class);
    verify(control).recordOperationEnded(ended.capture());
    return ended.getValue();
  }

  @Test
  void aSucceededOperationIsRecordedWithItsStepsAndResult(TestWorkflowEnvironment env, Worker worker,
      WorkflowClient client, WorkflowOptions options) {
    when(nodes.removeAddon(new RemoveAddonInput("ad-1"))).thenReturn(new RemovedResources(3, 2));
    when(control.recordOperationEnded(any())).thenReturn(new ControlActivities.Recorded("removed"));
    worker.registerActivitiesImplementations(nodes, control);
    env.start();

    RemoveAddonWorkflow wf = client.newWorkflowStub(RemoveAddonWorkflow.class, options);
    wf.remove(new RemoveAddonWorkflow.RemoveRequest("ad-1", "my-app"));

    OperationEnded ended = recorded();
    assertEquals("ad-1", ended.addonId());
    assertEquals("succeeded", ended.status());
    assertEquals(WorkflowStub.fromTyped(wf).getExecution().getRunId(), ended.runId());
    assertEquals(StepState.Status.DONE, ended.steps().get(0).status());
    assertEquals(3, ((Map<?, ?>) ended.result()).get("containers"));
  }

  @Test
  void aFailedOperationIsRecordedWithItsErrorAndStillFails(TestWorkflowEnvironment env, Worker worker,
      WorkflowClient client, WorkflowOptions options) {
    when(nodes.removeAddon(any())).thenThrow(ApplicationFailure.newNonRetryableFailure("engine said no", "Boom"));
    worker.registerActivitiesImplementations(nodes, control);
    env.start();

    RemoveAddonWorkflow wf = client.newWorkflowStub(RemoveAddonWorkflow.class, options);
    assertThrows(WorkflowFailedException.class, () -> wf.remove(new RemoveAddonWorkflow.RemoveRequest("ad-1", "my-app")));

    OperationEnded ended = recorded();
    assertEquals("failed", ended.status());
    assertEquals("operation_failed", ended.errorCode());
    assertEquals("engine said no", ended.errorMessage());
    assertEquals(StepState.Status.FAILED, ended.steps().get(0).status());
  }

  @Test
  void aControlDatabaseThatDoesNotAnswerDoesNotFailTheOperation(TestWorkflowEnvironment env, Worker worker,
      WorkflowClient client, WorkflowOptions options) {
    when(nodes.removeAddon(any())).thenReturn(new RemovedResources(1, 1));
    when(control.recordOperationEnded(any())).thenThrow(new IllegalStateException("control database down"));
    worker.registerActivitiesImplementations(nodes, control);
    env.start();

    var result = client.newWorkflowStub(RemoveAddonWorkflow.class, options)
        .remove(new RemoveAddonWorkflow.RemoveRequest("ad-1", "my-app"));
    assertEquals(1, result.containers());
  }
}
