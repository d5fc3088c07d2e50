package dev.pgaddon.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Volume;
import dev.pgaddon.node.NodeActivities.AddonRef;
import dev.pgaddon.operation.AddonNames;

/** A node's data volume, labelled with its addon, made when absent. */
public final class DataVolumes {
  private DataVolumes() {}

  /** A data volume where every image's PostgreSQL looks for it. */
  public static Bind mount(String volume) {
    return new Bind(volume, new Volume(NodeLayout.DATA_MOUNT));
  }

  public static String ensure(DockerClient docker, AddonRef addon, String node) {
    String name = AddonNames.volumeName(addon.addonId(), node);
    try {
      docker.inspectVolumeCmd(name).exec();
    } catch (NotFoundException absent) {
      docker.createVolumeCmd().withName(name).withLabels(Labels.forAddon(addon, node, "data")).exec();
    }
    return name;
  }
}
