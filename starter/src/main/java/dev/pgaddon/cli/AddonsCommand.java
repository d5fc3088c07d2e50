package dev.pgaddon.cli;

import dev.pgaddon.docker.DockerEngine;
import dev.pgaddon.inventory.AddonInventory;
import dev.pgaddon.inventory.AddonView;
import dev.pgaddon.plan.PlanCatalog;
import dev.pgaddon.plan.Plan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "addons", description = "List the addons of an app, with their status read from the nodes")
final class AddonsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin AppOptions appOptions;
  @Mixin OutputOptions output;

  record Row(String addon, String id, String plan, String version, String status) {}

  private static final Map<String, String> OPERATION_STATUS = Map.of(
      "ProvisionAddon", "provisioning",
      "RemoveAddon", "removing",
      "ChangePlan", "changing plan",
      "MinorUpgrade", "upgrading",
      "MajorUpgrade", "upgrading");

  @Override
  public Integer call() {
    String app = appOptions.requireApp();
    List<AddonView> addons = new AddonInventory(DockerEngine.connectOrExplain()).ofApp(app);
    if (addons.isEmpty()) {
      throw new CliError(CliError.INVALID, "unknown app '" + app + "': no addon is attached to it");
    }
    List<Row> rows = new ArrayList<>();
    for (AddonView a : addons) {
      rows.add(new Row("PostgreSQL", a.addonId(), a.planId(), a.version() == null ? "" : a.version(), status(a)));
    }
    var out = spec.commandLine().getOut();
    if (output.json) {
      output.printJson(out, rows);
      return 0;
    }
    Table table = new Table("ADDON", "ID", "PLAN", "VERSION", "STATUS");
    rows.forEach(r -> table.row(r.addon(), r.id(), r.plan(), r.version(), r.status()));
    out.print(table.render());
    return 0;
  }

  private static String status(AddonView addon) {
    String running = TemporalAccess.runningOperationIfReachable(addon.addonId());
    boolean ha = PlanCatalog.find(addon.planId()).map(Plan::highAvailability).orElse(false);
    String nodes = addon.status(ha);
    if (running != null) {
      // What the nodes say stays visible during an operation: a major upgrade leaves the database
      // stopped (unreachable) for a while, then degraded until the new follower streams.
      String operation = OPERATION_STATUS.getOrDefault(running, running);
      return "running".equals(nodes) ? operation : operation + ", " + nodes;
    }
    return nodes;
  }
}
