package dev.pgaddon.inventory;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.command.InspectVolumeResponse;
import dev.pgaddon.docker.Labels;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the addons from the labels of their containers and volumes: the infrastructure is the truth. */
public final class AddonInventory {
  private final DockerClient docker;

  public AddonInventory(DockerClient docker) {
    this.docker = docker;
  }

  public List<AddonView> all() {
    return read(List.of(Labels.ADDON));
  }

  /** One addon, read with a label filter: empty once nothing of it is left. */
  public java.util.Optional<AddonView> find(String addonId) {
    return read(List.of(Labels.ADDON + "=" + addonId)).stream().findFirst();
  }

  private List<AddonView> read(List<String> labelFilter) {
    Map<String, List<Container>> nodes = new LinkedHashMap<>();
    Map<String, Container> endpoints = new LinkedHashMap<>();
    Map<String, Map<String, String>> labels = new LinkedHashMap<>();
    for (Container c : docker.listContainersCmd().withShowAll(true).withLabelFilter(labelFilter).exec()) {
      String addon = c.getLabels().get(Labels.ADDON);
      labels.putIfAbsent(addon, c.getLabels());
      if ("node".equals(c.getLabels().get(Labels.KIND))) {
        nodes.computeIfAbsent(addon, k -> new ArrayList<>()).add(c);
      } else if ("endpoint".equals(c.getLabels().get(Labels.KIND))) {
        endpoints.put(addon, c);
      }
    }
    Map<String, Integer> volumes = new LinkedHashMap<>();
    var listed = docker.listVolumesCmd().withFilter("label", labelFilter).exec().getVolumes();
    for (InspectVolumeResponse v : listed == null ? List.<InspectVolumeResponse>of() : listed) {
      String addon = v.getLabels().get(Labels.ADDON);
      labels.putIfAbsent(addon, v.getLabels());
      volumes.merge(addon, 1, Integer::sum);
    }
    List<AddonView> addons = new ArrayList<>();
    labels.forEach((addon, l) -> addons.add(view(addon, l, nodes.getOrDefault(addon, List.of()),
        endpoints.get(addon), volumes.getOrDefault(addon, 0))));
    addons.sort(Comparator.comparing(AddonView::app).thenComparing(AddonView::addonId));
    return addons;
  }

  public List<AddonView> ofApp(String app) {
    return all().stream().filter(a -> a.app().equals(app)).toList();
  }

  private static AddonView view(String addonId, Map<String, String> someLabels, List<Container> containers,
      Container endpoint, int volumes) {
    List<AddonView.NodeView> nodes = new ArrayList<>();
    String version = null;
    String database = null;
    String plan = someLabels.get(Labels.PLAN);
    for (Container c : containers) {
      Map<String, String> l = c.getLabels();
      nodes.add(nodeView(c));
      if ("primary".equals(l.get(Labels.ROLE)) || version == null) {
        version = l.get(Labels.VERSION);
        database = l.get(Labels.DATABASE);
        plan = l.get(Labels.PLAN);
      }
    }
    nodes.sort(Comparator.comparing(AddonView.NodeView::node));
    return new AddonView(addonId, someLabels.get(Labels.APP), plan, version, database, nodes,
        endpoint == null ? null : nodeView(endpoint),
        endpoint == null ? null : endpoint.getLabels().get(Labels.RESTART_HOOK), volumes, someLabels.get(Labels.OWNER));
  }

  private static AddonView.NodeView nodeView(Container c) {
    Map<String, String> l = c.getLabels();
    return new AddonView.NodeView(l.get(Labels.NODE), l.get(Labels.ROLE), l.get(Labels.PLAN), c.getState(),
        Integer.parseInt(l.getOrDefault(Labels.PORT, "0")));
  }
}
