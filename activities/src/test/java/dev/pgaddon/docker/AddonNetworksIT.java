package dev.pgaddon.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.HostConfig;
import dev.pgaddon.node.NodeActivities.AddonRef;
import dev.pgaddon.operation.AddonNames;
import dev.pgaddon.settings.PlatformSettings;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** On the real engine: an addon's network is made once, labelled, removed; an addon on the host's network is refused. */
class AddonNetworksIT {
  private final DockerClient docker = DockerEngine.connectOrExplain();
  private final AddonNetworks networks = new AddonNetworks(docker);
  private final String owner = "it-net-" + UUID.randomUUID().toString().substring(0, 8);
  private final AddonRef addon = new AddonRef("ad-" + UUID.randomUUID(), "it-net", "postgresql-starter-512");
  private final PlatformSettings before = PlatformSettings.current();

  @AfterEach
  void cleanUp() {
    for (var c : docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(Labels.OWNER, owner)).exec()) {
      docker.removeContainerCmd(c.getId()).withForce(true).exec();
    }
    networks.remove(addon.addonId());
    PlatformSettings.install(before);
  }

  @Test
  void anAddonGetsOneLabelledBridgeNetworkUntilItIsRemoved() {
    PlatformSettings.install(before.with(Map.of("pgaddon.owner", owner)));
    String name = networks.ensure(addon);
    assertEquals(AddonNames.networkName(addon.addonId()), name);
    assertEquals(name, networks.ensure(addon), "a second call finds it");
    var network = docker.inspectNetworkCmd().withNetworkId(name).exec();
    assertEquals("bridge", network.getDriver());
    assertEquals(addon.addonId(), network.getLabels().get(Labels.ADDON));
    assertEquals(owner, network.getLabels().get(Labels.OWNER));
    networks.remove(addon.addonId());
    assertThrows(NotFoundException.class, () -> docker.inspectNetworkCmd().withNetworkId(name).exec());
    networks.remove(addon.addonId()); // nothing left: no error
  }

  @Test
  void anAddonWhoseContainersUseTheHostNetworkIsRefusedWithTheWayOut() {
    Map<String, String> labels = new java.util.HashMap<>(Map.of(Labels.ADDON, addon.addonId(), Labels.OWNER, owner));
    String image = docker.listImagesCmd().withImageNameFilter("pgaddon/postgresql").exec().get(0).getRepoTags()[0];
    docker.createContainerCmd(image).withLabels(labels).withCmd("true")
        .withHostConfig(HostConfig.newHostConfig().withNetworkMode("host")).exec();
    ApplicationFailure refused = assertThrows(ApplicationFailure.class, () -> networks.ensure(addon));
    assertTrue(refused.getOriginalMessage().contains("--new-addon"), refused.getOriginalMessage());
    assertTrue(docker.listNetworksCmd().withNameFilter(AddonNames.networkName(addon.addonId())).exec().isEmpty(),
        "no network made for it");
  }
}
