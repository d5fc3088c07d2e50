package dev.pgaddon.remove;

import dev.pgaddon.record.OperationRecorder;

import dev.pgaddon.node.NodeActivities;
import dev.pgaddon.node.NodeActivities.RemoveAddonInput;
import dev.pgaddon.node.NodeActivities.RemovedResources;
import dev.pgaddon.operation.Progress;
import dev.pgaddon.operation.ProgressTracker;
import dev.pgaddon.operation.Steps;
import java.util.List;

/** Tears an addon down: its containers, its volumes (the data) and its secrets. */
public class RemoveAddonWorkflowImpl implements RemoveAddonWorkflow {
  static final String REMOVE = "Remove containers, volumes and secrets";

  private final NodeActivities nodes = Steps.nodes();
  private ProgressTracker progress;

  @Override
  public RemoveResult remove(RemoveRequest request) {
    return OperationRecorder.record(request.addonId(), this::progress, () -> runRemove(request));
  }

  private RemoveResult runRemove(RemoveRequest request) {
    progress = new ProgressTracker("remove", request.addonId(), List.of(REMOVE));
    RemovedResources removed = progress.run(REMOVE, () -> nodes.removeAddon(new RemoveAddonInput(request.addonId())));
    progress.finish("removed");
    return new RemoveResult(request.addonId(), removed.containers(), removed.volumes());
  }

  @Override
  public Progress progress() {
    return progress == null ? null : progress.snapshot();
  }
}
