package dev.pgaddon.remove;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.pgaddon.node.NodeActivities;
import dev.pgaddon.node.NodeActivities.RemoveAddonInput;
import dev.pgaddon.node.NodeActivities.RemovedResources;
import dev.pgaddon.testing.WorkflowTestFixture;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RemoveAddonWorkflowTest {
  @RegisterExtension
  static final TestWorkflowExtension temporal = WorkflowTestFixture.temporal(RemoveAddonWorkflowImpl.class);

  @Test
  void removesTheAddonsResources(TestWorkflowEnvironment env, Worker worker, WorkflowClient client, WorkflowOptions options) {
    NodeActivities nodes = WorkflowTestFixture.activityMock(NodeActivities.class);
    when(nodes.removeAddon(new RemoveAddonInput("ad-1"))).thenReturn(new RemovedResources(2, 2));
    worker.registerActivitiesImplementations(nodes);
    env.start();

    var result = client.newWorkflowStub(RemoveAddonWorkflow.class, options)
        .remove(new RemoveAddonWorkflow.RemoveRequest("ad-1", "my-app"));

    assertEquals(new RemoveAddonWorkflow.RemoveResult("ad-1", 2, 2), result);
    verify(nodes).removeAddon(new RemoveAddonInput("ad-1"));
  }
}
